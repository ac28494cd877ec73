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
teaser with its blurb, up to `CHROME_MAX_WORDS`) is only considered in HTML articles, needs 20
distinct pages, and pages count as distinct by title, so versions of one story (a live page
fetched ten times, edited copies) count once. A text rendering's title is not known before it
is cleaned, so there only short lines are candidates.
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
from transforms.textpage import line_key

CHROME_MIN_PAGES = 5  # fewer distinct pages say nothing about a template
CHROME_MIN_SHARE = 0.5  # a line on half of a site's distinct pages is template
SHORT_LINE_WORDS = 15  # up to here a line is a menu entry or a label
LONG_LINE_MIN_PAGES = 20  # a teaser or promo paragraph is template only on this much evidence
CHROME_MAX_WORDS = 40  # longer lines are prose (and counting them would cost memory per site)


def is_chrome(key: str, pages_with_line: int, site_pages: int) -> bool:
    """The one rule for text renderings and for HTML articles (see the module docstring)."""
    if site_pages < CHROME_MIN_PAGES or pages_with_line < CHROME_MIN_SHARE * site_pages:
        return False
    return len(key.split()) <= SHORT_LINE_WORDS or site_pages >= LONG_LINE_MIN_PAGES


def site_key(unit: RawUnit | Article) -> str:
    host = urlsplit(unit.url).hostname if unit.url else None
    return host or posixpath.dirname(unit.source.split("#", 1)[0])


def candidate_lines(unit: RawUnit) -> frozenset[str]:
    """Keys of the page's short lines (empty when the bytes do not decode)."""
    try:
        text = decode_bytes(unit.payload, declared=unit.charset)
    except RejectError:
        return frozenset()
    return line_keys(text, SHORT_LINE_WORDS)


def line_keys(text: str, max_words: int = CHROME_MAX_WORDS) -> frozenset[str]:
    """Keys of the text's lines that could be template (up to `max_words` words)."""
    keys = (line_key(line) for line in text.splitlines() if len(line.split()) <= max_words)
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
    return (site_key(unit), hashlib.sha1(unit.payload).hexdigest()), candidate_lines(unit)


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
