"""Stage: raw units -> articles (main text + metadata) or rejects.

HTML goes to trafilatura (`htmlpage`), text renderings to our own chrome stripper
(`textpage`). Expected failures (binary, undecodable, no content) are tagged rejects with a
reason; anything unexpected lands in Beam's dead-letter output and becomes a `parse_error`
reject, so no input disappears and no input crashes the run.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

import apache_beam as beam
from apache_beam.metrics import Metrics

from schemas.records import Article, Extracted, RawUnit, Reject
from transforms.decode import UndecodableError, decode_bytes
from transforms.htmlpage import extract_html
from transforms.textpage import clean_text_rendering

MAX_DETAIL_CHARS = 500


def doc_id_for(unit: RawUnit) -> str:
    """Stable id from the unit's bytes and where it came from (two copies keep two ids)."""
    digest = hashlib.sha256(unit.source.encode("utf-8") + b"\0" + unit.payload)
    return digest.hexdigest()[:20]


def extract_unit(unit: RawUnit) -> Extracted | None:
    text = decode_bytes(unit.payload)
    if unit.kind == "html":
        return extract_html(text, url=unit.url)
    return clean_text_rendering(text)


def build_article(unit: RawUnit, extracted: Extracted) -> Article:
    """Container metadata (JSONL fields, WARC headers) wins over what the page says."""
    url = unit.url or extracted.url
    return Article(
        doc_id=doc_id_for(unit),
        source=unit.source,
        text=extracted.text,
        word_count=len(extracted.text.split()),
        url=url,
        site=extracted.site or _host(url),
        title=unit.title or extracted.title,
        author=extracted.author,
        published=unit.published or extracted.published,
        language=extracted.language,
        input_format=unit.kind,
    )


def _host(url: str | None) -> str | None:
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


class _CleanFn(beam.DoFn):
    def __init__(self, min_words: int):
        self._min_words = min_words
        self._articles = Metrics.counter("clean", "articles")

    def process(self, unit: RawUnit):
        try:
            extracted = extract_unit(unit)
        except UndecodableError as error:
            yield _reject(unit, error.reason, str(error))
            return
        if extracted is None or not extracted.text.strip():
            yield _reject(unit, "no_content", f"no main text found in {unit.kind}")
            return
        article = build_article(unit, extracted)
        if article.word_count < self._min_words:
            detail = f"{article.word_count} words after cleaning, --min-words={self._min_words}"
            yield _reject(unit, "no_content", detail)
            return
        self._articles.inc()
        yield article


def _reject(unit: RawUnit, reason: str, detail: str) -> beam.pvalue.TaggedOutput:
    return beam.pvalue.TaggedOutput("rejects", Reject(unit.source, "clean", reason, detail))


def dead_letter_to_reject(failed) -> Reject:
    """Beam's dead-letter element is (input, (exception type, message, traceback))."""
    unit, error = failed
    detail = error[1] if isinstance(error, tuple) and len(error) > 1 else error
    return Reject(unit.source, "clean", "parse_error", str(detail)[:MAX_DETAIL_CHARS])


class CleanUnits(beam.PTransform):
    """RawUnit -> (articles, rejects)."""

    def __init__(self, min_words: int):
        super().__init__()
        self._min_words = min_words

    def expand(self, units):
        results = units | "Extract" >> beam.ParDo(_CleanFn(self._min_words)).with_outputs(
            "rejects", main="articles"
        ).with_exception_handling(main_tag="articles", dead_letter_tag="failed")
        crashed = results.failed | "FailedToRejects" >> beam.Map(dead_letter_to_reject)
        rejects = (results.rejects, crashed) | "AllRejects" >> beam.Flatten()
        return results.articles, rejects
