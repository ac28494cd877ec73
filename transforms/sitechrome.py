"""Lines that repeat across many pages of one site are that site's template, not its articles.

A text rendering keeps the site's menus, footers and teaser lists; the per-page rules in
`textpage` catch most of them, and a line that recurs on half of a site's distinct pages is
chrome whatever it looks like. trafilatura on HTML leaks too: on some layouts it keeps a
newsletter box or a list of teasers, the same on every page of the site, so the paragraphs of
HTML articles get the same test after extraction (`SiteBoilerplate`). A site is the URL host
when one is known (JSONL, WARC, the page's canonical link), else the directory the file sits in
(crawlers write one directory per site).

Several copies of one article in a site share their body paragraphs, and those must survive:
a short line (a menu entry, "Sign up") needs 5 distinct pages of the site; a longer one (a
teaser with its blurb, up to `CHROME_MAX_WORDS`) needs 20. Versions of one story (a live page
fetched ten times, edited copies) count as one page: HTML articles count as distinct by title,
and text renderings, whose title is not known before cleaning, by their longest prose line
(see `text_page_lines`).

A site can have several layouts (sections, redesigns, A/B templates): each layout's chrome is on
a minority of the site's pages. A line on at least `LAYOUT_MIN_PAGES` distinct pages and
`LAYOUT_MIN_SHARE` of them is template too: more pages than the copies of one article make.
"""

from __future__ import annotations

import hashlib
import posixpath
from urllib.parse import urlsplit

import apache_beam as beam

from schemas.records import Article, RawUnit
from transforms.decode import decode_bytes
from transforms.doccounts import DocumentCounts
from transforms.rejects import RejectError
from transforms.segment import word_count
from transforms.textpage import line_key

CHROME_MIN_PAGES = 5  # fewer distinct pages say nothing about a template
CHROME_MIN_SHARE = 0.5  # a line on half of a site's distinct pages is template
SHORT_LINE_WORDS = 15  # up to here a line is a menu entry or a label
LONG_LINE_MIN_PAGES = 20  # a teaser or promo paragraph is template only on this much evidence
CHROME_MAX_WORDS = 40  # longer lines are prose (and counting them would cost memory per site)
LAYOUT_MIN_PAGES = 20  # one of several layouts: far more pages than copies of one article
LAYOUT_MIN_SHARE = 0.05


def is_chrome(key: str, pages_with_line: int, site_pages: int) -> bool:
    """The one rule for text renderings and for HTML articles (see the module docstring)."""
    if site_pages < CHROME_MIN_PAGES:
        return False
    if pages_with_line >= CHROME_MIN_SHARE * site_pages:
        return word_count(key) <= SHORT_LINE_WORDS or site_pages >= LONG_LINE_MIN_PAGES
    return pages_with_line >= max(LAYOUT_MIN_PAGES, LAYOUT_MIN_SHARE * site_pages)


def site_key(unit: RawUnit | Article) -> str:
    host = urlsplit(unit.url).hostname if unit.url else None
    return host or posixpath.dirname(unit.source.split("#", 1)[0])


def text_page_lines(unit: RawUnit) -> tuple[str, frozenset[str]]:
    """(page identity, keys of the lines that could be template) of one text rendering.

    The identity is the page's longest prose line (over `CHROME_MAX_WORDS` words, so never a
    template candidate): refetches and copies of one article share it and count as one page.
    A page without such a line is identified by its bytes.
    """
    try:
        text = decode_bytes(unit.payload, declared=unit.charset)
    except RejectError:
        return hashlib.sha1(unit.payload).hexdigest(), frozenset()
    lines = text.splitlines()
    longest = max(lines, key=len, default="")
    prose = longest if word_count(longest) > CHROME_MAX_WORDS else None
    identity = line_key(prose).encode("utf-8") if prose else unit.payload
    return hashlib.sha1(identity).hexdigest(), _template_candidates(lines, CHROME_MAX_WORDS)


def line_keys(text: str, max_words: int = CHROME_MAX_WORDS) -> frozenset[str]:
    """Keys of the text's lines that could be template (up to `max_words` words)."""
    return _template_candidates(text.splitlines(), max_words)


def _template_candidates(lines: list[str], max_words: int) -> frozenset[str]:
    keys = (line_key(line) for line in lines if word_count(line) <= max_words)
    return frozenset(key for key in keys if key)


class _SiteLinesFn(DocumentCounts):
    """(distinct pages, line -> pages) of one site -> the lines that are its chrome."""

    def extract_output(self, accumulator):
        pages, counts = accumulator
        return frozenset(line for line, seen in counts.items() if is_chrome(line, seen, pages))


class _TemplateLines(beam.PTransform):
    """Pages -> PCollection[(site, frozenset of template line keys)], by `is_chrome`.

    `page(element)` gives ((site, page identity), line keys); pages of one identity count once.
    """

    def __init__(self, page):
        super().__init__()
        self._page = page

    def expand(self, pages):
        return (
            pages
            | "ByPage" >> beam.Map(self._page)
            | "DistinctPages" >> beam.CombinePerKey(lambda line_sets: next(iter(line_sets)))
            | "BySite" >> beam.Map(lambda kv: (kv[0][0], kv[1]))
            | "ChromePerSite" >> beam.CombinePerKey(_SiteLinesFn())
            | "SitesWithChrome" >> beam.Filter(lambda kv: bool(kv[1]))
        )


def _text_page(unit: RawUnit):
    identity, lines = text_page_lines(unit)
    return (site_key(unit), identity), lines


def _html_article(article: Article):
    identity = article.title or article.text  # versions of one story share their title
    digest = hashlib.sha1(identity.encode("utf-8")).hexdigest()
    return (site_key(article), digest), line_keys(article.text)


class SiteChrome(beam.PTransform):
    """Text-rendering units -> PCollection[(site key, frozenset of chrome line keys)]."""

    def expand(self, units):
        return (
            units
            | "TextPages" >> beam.Filter(lambda unit: unit.kind == "text")
            | "Chrome" >> _TemplateLines(_text_page)
        )


class SiteBoilerplate(beam.PTransform):
    """Articles extracted from HTML -> PCollection[(site key, frozenset of template lines)]."""

    def expand(self, articles):
        return (
            articles
            | "HtmlArticles" >> beam.Filter(lambda article: article.input_format == "html")
            | "Boilerplate" >> _TemplateLines(_html_article)
        )


def strip_lines(text: str, template: frozenset[str]) -> str:
    """The text without its template lines (the same text object when none is present)."""
    lines = text.splitlines()  # as `line_keys` split them
    kept = [line for line in lines if line_key(line) not in template]
    return text if len(kept) == len(lines) else "\n".join(kept)
