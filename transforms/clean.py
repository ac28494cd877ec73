"""Stage: raw units -> articles (main text + metadata) or rejects.

HTML goes to trafilatura (`htmlpage`), text renderings to our own chrome stripper
(`textpage`), told which lines recur across the pages of their site (`sitechrome`); HTML articles
then lose the paragraphs trafilatura kept that recur across their site (`SiteBoilerplate`) and
are given their language (`transforms.language`) in the same step. Expected
failures (binary, undecodable, no content) are tagged rejects with a reason
(`transforms.rejects`); anything unexpected (lxml giving up on hostile markup, a RecursionError)
lands in Beam's dead-letter output and becomes a `parse_error` reject, so no input disappears
and no input crashes the run. --min-words is checked on the decoded page before extraction too:
a page with fewer words than that in all its text cannot yield an article, and trafilatura is
the expensive step. Only pages under `PRECHECK_MAX_CHARS` are counted: empty and stub pages are
small, and on a real 170 KB page the count costs 1 ms, 6% of extracting it.
An HTML page that is not an article (`transforms.page_kind`: a product, forum, listing, docs or
service page) is a `not_article` reject here, before it can be deduped or seed a story, unless
the run keeps non-articles (`--keep-non-articles`: a row with its `page_kind`).
"""

from __future__ import annotations

import dataclasses
import html
import re
from urllib.parse import urlsplit

import apache_beam as beam
from apache_beam import typehints
from apache_beam.metrics import Metrics

from schemas.records import Article, Extracted, RawUnit, Reject
from transforms.decode import decode_bytes
from transforms.extractcache import ExtractionCache
from transforms.htmlpage import extract_html
from transforms.language import detect_language
from transforms.packing import pack, unpack
from transforms.page_kind import ARTICLE, guess_page_kind
from transforms.rejects import MAX_DETAIL_CHARS, NO_CONTENT, NOT_ARTICLE, PARSE_ERROR, RejectError
from transforms.segment import word_count
from transforms.sitechrome import SiteBoilerplate, SiteChrome, site_key, strip_lines
from transforms.textpage import clean_text_rendering

PRECHECK_MAX_CHARS = 32_768
_TAG = re.compile(r"<[^<>]*>")  # [^<>]: linear even on "<<<<..." with no closing ">"

__all__ = ["MAX_DETAIL_CHARS", "CleanUnits", "build_article", "clean_unit", "extract_unit"]


def extract_unit(
    unit: RawUnit, min_words: int = 0, site_chrome: frozenset[str] = frozenset()
) -> Extracted | None:
    """Decode (with the container's declared charset) and extract; None when no main text.

    Raises RejectError (binary, undecodable, or no_content when the page has fewer than
    `min_words` words in all, checked before the expensive extraction).
    """
    text = decode_bytes(unit.payload, declared=unit.charset)
    if (
        min_words
        and len(text) <= PRECHECK_MAX_CHARS
        and visible_word_count(text, unit.kind) < min_words
    ):
        raise RejectError(f"the whole page has fewer than --min-words={min_words}", NO_CONTENT)
    if unit.kind == "html":
        extracted = extract_html(text, url=unit.url)
        if extracted is None:
            return None
        kind = guess_page_kind(text, unit.url or extracted.url, extracted.text)
        return dataclasses.replace(extracted, page_kind=kind)
    return clean_text_rendering(text, site_chrome)


def visible_word_count(text: str, kind: str) -> int:
    """An upper bound on the words any cleaner can find: every word outside tags."""
    if kind == "html":
        text = html.unescape(_TAG.sub(" ", text))
    return word_count(text)


def build_article(unit: RawUnit, extracted: Extracted) -> Article:
    """Container metadata (JSONL fields, WARC-Target-URI) wins over what the page says.

    Dates: an explicit `published` (JSONL) wins over the page's own date; a WARC-Date is only
    when the page was fetched, so it is the last resort, after the page's date. The doc_id is
    the one the reader gave the unit (`transforms.identity`).
    """
    url = unit.url or extracted.url
    return Article(
        doc_id=unit.doc_id,
        source=unit.source,
        text=extracted.text,
        word_count=word_count(extracted.text),
        url=url,
        site=extracted.site or _host(url),
        title=unit.title or extracted.title,
        author=extracted.author,
        published=unit.published or extracted.published or unit.fetched,
        language=extracted.language,
        input_format=unit.kind,
        path=unit.path,
        page_kind=extracted.page_kind,
    )


def _host(url: str | None) -> str | None:
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


class _CleanFn(beam.DoFn):
    def __init__(self, min_words: int, keep_non_articles: bool = False):
        self._min_words = min_words
        self._keep_non_articles = keep_non_articles
        self._reused = Metrics.counter("clean", "extractions_reused")

    def setup(self) -> None:
        self._cache = ExtractionCache()

    def finish_bundle(self) -> None:
        # Held for one bundle: Dataflow runs many DoFn instances per worker at once. Locally the
        # HTML stage is one bundle per worker (the text stage's buffered input is cut into ~2 MB
        # bundles, `bundle_sizing`), so the cache is gone before the later stages' peak.
        if self._cache.hits:
            self._reused.inc(self._cache.hits)
        self._cache.clear()

    def process(self, unit: RawUnit, chrome_by_site: dict[str, frozenset[str]] | None = None):
        chrome = None
        if chrome_by_site and unit.kind == "text":  # chrome is counted on text pages only
            chrome = chrome_by_site.get(site_key(unit))
        result = clean_unit(
            unit, self._min_words, chrome or frozenset(), self._cache, self._keep_non_articles
        )
        if isinstance(result, Reject):
            yield beam.pvalue.TaggedOutput("rejects", result)
            return
        yield result


class _StripBoilerplateFn(beam.DoFn):
    """HTML articles lose the lines their site repeats on half its pages (`SiteBoilerplate`),
    then get their language from what is left (trafilatura gives none without a target
    language; text renderings got theirs in their cleaner).

    Identifying here rather than next to trafilatura is cheaper: py3langid walks a 39 MB state
    table and scores a 28 MB one, and right after a trafilatura call little of them is in the
    CPU caches. Timed inside a 10,000-real-page run: 615 us a page in the clean stage, ~245 us
    here. It also no longer reads the site's template lines: a German article under an English
    share box is German. py3langid takes any str, so this step needs no dead-letter output.
    """

    def __init__(self, min_words: int):
        self._min_words = min_words
        self._articles = Metrics.counter("clean", "articles")
        self._stripped = Metrics.counter("clean", "site_boilerplate_stripped")

    def process(self, packed: bytes, template_by_site: dict[str, frozenset[str]]):
        article = unpack(packed)
        template = (
            template_by_site.get(site_key(article)) if article.input_format == "html" else None
        )
        text = strip_lines(article.text, template) if template else article.text
        words = article.word_count
        if text is not article.text:
            self._stripped.inc()
            words = word_count(text)
            if words < self._min_words or not text.strip():
                detail = (
                    f"{words} words after removing site boilerplate, --min-words={self._min_words}"
                )
                reject = Reject(
                    article.source, "clean", NO_CONTENT, detail, article.path, article.doc_id
                )
                yield beam.pvalue.TaggedOutput("rejects", reject)
                return
        language = detect_language(text) if article.input_format == "html" else article.language
        if text is not article.text or language != article.language:
            article = dataclasses.replace(article, text=text, word_count=words, language=language)
        self._articles.inc()
        yield article


def clean_unit(
    unit: RawUnit,
    min_words: int,
    site_chrome: frozenset[str] = frozenset(),
    cache: ExtractionCache | None = None,
    keep_non_articles: bool = False,
) -> Article | Reject:
    """One unit -> its article or its reject; only unexpected exceptions escape.

    With a `cache`, a unit byte-identical to one cleaned before reuses that extraction.
    An HTML article has no language yet: `CleanUnits` identifies it after site boilerplate.
    A page that is not an article is a `not_article` reject whose detail is its kind, or,
    with `keep_non_articles`, an article row that carries that kind.
    """
    try:
        if cache is None:
            extracted = extract_unit(unit, min_words, site_chrome)
        else:
            extracted = cache.extract(unit, min_words, site_chrome, extract_unit)
    except RejectError as error:
        return _reject(unit, error.reason, str(error))
    if extracted is None or not extracted.text.strip():
        return _reject(unit, NO_CONTENT, f"no main text found in {unit.kind}")
    article = build_article(unit, extracted)
    if article.word_count < min_words:
        detail = f"{article.word_count} words after cleaning, --min-words={min_words}"
        return _reject(unit, NO_CONTENT, detail)
    if article.page_kind != ARTICLE and not keep_non_articles:
        return _reject(unit, NOT_ARTICLE, article.page_kind)
    return article


def _reject(unit: RawUnit, reason: str, detail: str) -> Reject:
    return Reject(unit.source, "clean", reason, detail[:MAX_DETAIL_CHARS], unit.path, unit.doc_id)


def dead_letter_to_reject(failed) -> Reject:
    """Beam's dead-letter element is (input, (exception type, message, traceback))."""
    unit, error = failed
    detail = error[1] if isinstance(error, tuple) and len(error) > 1 else error
    detail = f"unexpected: {detail}"[:MAX_DETAIL_CHARS]
    return Reject(unit.source, "clean", PARSE_ERROR, detail, unit.path, unit.doc_id)


class CleanUnits(beam.PTransform):
    """RawUnit -> (articles, rejects).

    HTML units flow from reading straight into extraction (one fused stage). A text rendering
    needs its site's chrome (`SiteChrome`), known only once every text page of the site is
    read, so text units alone wait for it: a text rendering is a few KB against ~165 KB for
    a crawled HTML page. (Reading the files a second time for the statistics instead cost
    44 us a file, `bench/read_files.py`: ~0.4 s at 10,000 real pages.)
    """

    def __init__(self, min_words: int, keep_non_articles: bool = False):
        super().__init__()
        self._min_words = min_words
        self._keep_non_articles = keep_non_articles

    def expand(self, units):
        html_units, text_units = units | "ByKind" >> beam.Partition(_html_or_text, 2)
        chrome = text_units | "SiteChrome" >> SiteChrome()
        html = html_units | "ExtractHtml" >> _extract(self._clean_fn())
        text = text_units | "ExtractText" >> _extract(self._clean_fn(), beam.pvalue.AsDict(chrome))
        crashed = (
            (html.failed, text.failed)
            | "Failed" >> beam.Flatten()
            | "FailedToRejects" >> beam.Map(dead_letter_to_reject)
        )
        # Template paragraphs are an HTML matter (text renderings lost their chrome above).
        # Articles wait for those statistics packed: they wait compressed. Each kind is packed
        # before the Flatten, in the stage that extracted it; a Map after the Flatten would
        # run in the consumer's stage, and the runner would hold the articles unpacked.
        template = html.articles | "SiteBoilerplate" >> SiteBoilerplate()
        packed = (
            html.articles | "PackHtml" >> beam.Map(pack),
            text.articles | "PackText" >> beam.Map(pack),
        ) | "Extracted" >> beam.Flatten()
        stripped = packed | "StripBoilerplate" >> beam.ParDo(
            _StripBoilerplateFn(self._min_words), beam.pvalue.AsDict(template)
        ).with_outputs("rejects", main="articles")
        rejects = (
            html.rejects,
            text.rejects,
            crashed,
            stripped.rejects,
        ) | "AllRejects" >> beam.Flatten()
        return stripped.articles, rejects

    def _clean_fn(self) -> _CleanFn:
        return _CleanFn(self._min_words, self._keep_non_articles)


def _html_or_text(unit: RawUnit, _partitions: int) -> int:
    """Partition 0 holds HTML; everything else is cleaned as a text rendering (`extract_unit`)."""
    return 0 if unit.kind == "html" else 1


def _extract(clean_fn: _CleanFn, *side_inputs) -> beam.ParDo:
    return (
        beam.ParDo(clean_fn, *side_inputs)
        .with_output_types(typehints.Any, rejects=typehints.Any)  # declared: no Beam warning
        .with_outputs("rejects", main="articles")
        .with_exception_handling(main_tag="articles", dead_letter_tag="failed")
    )
