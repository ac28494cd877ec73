"""HTML pages: trafilatura's main text, with title and author from the page itself (`pagemeta`).

Text: trafilatura's recall mode first (it keeps more of the text when unsure, and on a long
text it skips the comparison with readability and jusText, so it costs what the fast mode
costs); its balanced cascade only when that text is short (`FULL_BELOW_CHARS`), where the
fallbacks find an article the first pass missed; the longer text wins. Dates: htmldate on the
page's markup (meta tags, JSON-LD, time elements, URL), not its extensive search through the
visible text, which guesses a date (a copyright year, a comment's date) on pages that state none.
The language is left to `CleanUnits`, which identifies it from the final text in its next step.
The choices and their figures are in `docs/extraction.md`.
"""

from __future__ import annotations

import trafilatura
from lxml.html import HtmlElement
from trafilatura.settings import Document
from trafilatura.utils import load_html

from schemas.records import Extracted
from transforms.dates import parse_iso_date
from transforms.pagemeta import headline, page_author
from transforms.rejects import PARSE_ERROR, RejectError

# A first-pass text shorter than this is extracted again with trafilatura's balanced cascade.
FULL_BELOW_CHARS = 1000
DATE_SEARCH = {"original_date": True, "extensive_search": False}


def extract_html(html: str, url: str | None = None) -> Extracted | None:
    """Main text and metadata of one page (no language: see the module docstring), or None
    when trafilatura finds no article text."""
    try:
        tree = load_html(html)
    except (TypeError, ValueError):  # what bare_extraction itself turns into "no document"
        return None
    if tree is None:
        return None
    try:
        document = _extract(tree, url, recall=True, with_metadata=True)
        text = (document.text or "").strip() if document else ""
        if len(text) < FULL_BELOW_CHARS:
            full = _extract(tree, url, recall=False, with_metadata=document is None)
            full_text = (full.text or "").strip() if full else ""
            if len(full_text) > len(text):
                text, document = full_text, document or full
    except AssertionError as error:  # htmldate's cleaning can orphan a node of mangled markup
        detail = f"trafilatura failed on malformed HTML: {error!r}"
        raise RejectError(detail, PARSE_ERROR) from error
    if document is None or not text:
        return None
    return Extracted(
        text=text,
        title=headline(tree, _clean(document.title)),
        author=page_author(tree, _clean(document.author)),
        published=parse_iso_date(document.date),
        site=_clean(document.sitename) or _clean(document.hostname),
        url=_clean(document.url) or url,
    )


def _extract(
    tree: HtmlElement, url: str | None, recall: bool, with_metadata: bool
) -> Document | None:
    """trafilatura on the parsed page (it prunes a copy of its own: one tree serves both)."""
    return trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=with_metadata,
        favor_recall=recall,
        include_comments=False,
        include_tables=True,
        date_extraction_params=dict(DATE_SEARCH),
    )


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None
