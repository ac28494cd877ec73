"""Title and author of an HTML page from where the page itself states them, over trafilatura's.

trafilatura takes the title from `og:title` or `<title>`: the search-engine title, often with
the site's name appended (" | Site") or worded differently from the headline a reader sees.
The page's one `<h1>` is that headline; when there are several, the one closest to the meta
title is. The author comes first from the page's JSON-LD article (`author.name`), which names
the person the publisher credits; trafilatura's byline and meta-tag guess is the fallback.
Both kinds of author strings are then trimmed of what bylines glue to names (a role, an
"Updated <date>", a "By"), and a value that is only such words is no author at all.
Measured choices are in `docs/extraction.md`.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator

from lxml.html import HtmlElement

from transforms.segment import tokens

HEADLINE_MIN_WORDS = 2  # a one-word <h1> is a logo or a section name
HEADLINE_MAX_CHARS = 300  # longer is a paragraph styled as a heading
# Of several <h1>s, the closest to the meta title is the headline only if they share this much.
HEADLINE_MIN_OVERLAP = 0.3
AUTHOR_MAX_WORDS = 6  # a longer "author" is a sentence or a list of roles

_ARTICLE_TYPES = frozenset(
    [
        "article",
        "newsarticle",
        "blogposting",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "techarticle",
        "scholarlyarticle",
        "socialmediaposting",
        "liveblogposting",
        "report",
        "review",
        "webpage",
    ]
)
# A title's site suffix: " | Site", " - Site", " – Site", " — Site", " · Site", " » Site".
_SITE_SEPARATOR = re.compile(r"\s+[|\-–—·»]\s+")
_BYLINE_PREFIX = re.compile(
    r"^\s*(?:(?:this\s+(?:post|article|story)\s+(?:was\s+)?)?(?:written|posted|published|"
    r"recipe|article|story|words|reporting|text)\s+)?by\b[:\s]*|^\s*author\b[:\s]*",
    re.I,
)
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
# A month closing a byline is a date cut short, unless it is a month that is also a name.
_LAST_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
# Where a byline stops being a name: a date, an update or review note, a separator, a role.
_BYLINE_TAIL = re.compile(
    rf"\s*(?:[•|·]|\b(?:last\s+)?updated\b|\breviewed\s+by\b|\bpublished\b|\bposted\b|"
    rf"\b(?:{_MONTHS})\b\.?\s+\d|\b(?:{_LAST_MONTHS})\b\.?\s*$|\b\d{{1,2}}\s+(?:{_MONTHS})\b|\b\d{{4}}\b)",
    re.I,
)
_ROLE_WORDS = frozenset(
    [
        "writer",
        "editor",
        "reporter",
        "correspondent",
        "columnist",
        "contributor",
        "contributing",
        "staff",
        "founder",
        "cofounder",
        "co-founder",
        "ceo",
        "cto",
        "president",
        "director",
        "manager",
        "head",
        "lead",
        "expert",
        "journalist",
        "analyst",
        "author",
        "freelance",
        "senior",
        "chief",
        "associate",
        "assistant",
        "intern",
        "producer",
        "strategist",
        "specialist",
        "consultant",
        "former",
    ]
)
_NOT_NAMES = frozenset(["the", "author", "admin", "written", "by"])


def headline(tree: HtmlElement, meta_title: str | None) -> str | None:
    """The headline a reader sees (see the module docstring), else the meta title without its
    site suffix."""
    candidates = [text for text in _h1_texts(tree) if _may_be_headline(text)]
    if len(candidates) == 1:
        return candidates[0]
    if candidates and meta_title:
        best = max(candidates, key=lambda text: _overlap(meta_title, text))
        if _overlap(meta_title, best) >= HEADLINE_MIN_OVERLAP:
            return best
    return strip_site_suffix(meta_title)


def strip_site_suffix(title: str | None) -> str | None:
    """ "Headline | Site" -> "Headline" (the first part, when it has at least two words)."""
    if not title:
        return title
    first = _SITE_SEPARATOR.split(title, maxsplit=1)[0].strip()
    return first if first != title and len(tokens(first)) >= HEADLINE_MIN_WORDS else title


def page_author(tree: HtmlElement, fallback: str | None) -> str | None:
    """The credited author: the JSON-LD article's, else `fallback` (trafilatura's), cleaned."""
    for candidate in (structured_author(tree), fallback):
        cleaned = clean_author(candidate)
        if cleaned:
            return cleaned
    return None


def structured_author(tree: HtmlElement) -> str | None:
    """Names of the first JSON-LD article object's authors, joined with "; "."""
    for item in _json_ld_objects(tree):
        if not _is_article(item):
            continue
        names = [name for name in _names(item.get("author")) if name]
        if names:
            return "; ".join(names)
    return None


def clean_author(value: str | None) -> str | None:
    """One byline string -> its names ("By Jane Doe, Staff Writer" -> "Jane Doe"); None when
    nothing in it is a name. Several authors stay joined with "; "."""
    if not value:
        return None
    names = []
    for part in re.split(r";", html.unescape(value)):
        name = _clean_name(part)
        if name and name not in names:
            names.append(name)
    return "; ".join(names) or None


def _clean_name(part: str) -> str | None:
    part = _BYLINE_PREFIX.sub("", part.strip())
    part = _BYLINE_TAIL.split(part, maxsplit=1)[0]
    words = part.replace(",", " , ").split()
    kept: list[str] = []
    for word in words:
        if word == "," or word.strip(".").lower() in _ROLE_WORDS:
            break
        kept.append(word)
    name = " ".join(kept).strip(" .:-–—,")
    words_in_name = tokens(name)
    if not words_in_name or len(words_in_name) > AUTHOR_MAX_WORDS or name.startswith("http"):
        return None
    if all(word.lower() in _NOT_NAMES for word in words_in_name):
        return None
    return name


def _h1_texts(tree: HtmlElement) -> Iterator[str]:
    for element in tree.iter("h1"):
        yield " ".join(element.text_content().split())


def _may_be_headline(text: str) -> bool:
    return len(text) <= HEADLINE_MAX_CHARS and len(tokens(text)) >= HEADLINE_MIN_WORDS


def _overlap(a: str, b: str) -> float:
    """Dice coefficient of the two strings' lowercased word sets."""
    set_a, set_b = set(tokens(a.lower())), set(tokens(b.lower()))
    return 2 * len(set_a & set_b) / (len(set_a) + len(set_b)) if set_a and set_b else 0.0


def json_ld_blocks(tree) -> Iterator[object]:
    """The parsed JSON of each of the page's JSON-LD blocks; broken or hostile ones (nested
    past the parser's depth) say nothing and are skipped."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            yield json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue


def _json_ld_objects(tree: HtmlElement) -> Iterator[dict]:
    """Every object in the page's JSON-LD blocks, nested ones (`@graph`, lists) included."""
    for block in json_ld_blocks(tree):
        stack = [block]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack[:0] = item
            elif isinstance(item, dict):
                yield item
                stack.extend(value for value in item.values() if isinstance(value, list | dict))


def _is_article(item: dict) -> bool:
    kinds = item.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(kind, str) and kind.lower() in _ARTICLE_TYPES for kind in kinds)


def _names(author: object) -> Iterator[str]:
    """Author names in JSON-LD's shapes: a string, {"name": ...}, or a list of either."""
    for item in author if isinstance(author, list) else [author]:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and not name.strip().startswith("http"):
            yield name.strip()
