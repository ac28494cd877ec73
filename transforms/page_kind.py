"""Page kinds: is an HTML page an article, or a product, forum, listing, docs or service page?

Crawls hold many pages that are not news, and trafilatura extracts text from all of them:
without this check each would become an article and seed a story. The guess reads what a page
says about itself (schema.org types, `og:type`, a dated byline), the shape of its URL and host,
its markup (share of text in links, a cart) and its main text (paragraph length, who speaks:
"we" on service pages, "I" in threads), and sums the weighted votes of `ARTICLE_VOTES` (a small
linear model; `docs/page-kinds.md` says how it was chosen and what it scores). A page whose sum
is below zero is not an article, and `_kind_of` names the kind its strongest evidence points to.
Only HTML is judged: a text rendering or a JSONL text has no markup to read, so it stays an
article.
"""

from __future__ import annotations

import math
import re
from urllib.parse import urlsplit

from lxml import etree

from transforms.pagemeta import json_ld_blocks

ARTICLE = "article"
SERVICE = "service"
FORUM = "forum"
LISTING = "listing"
PRODUCT = "product"
COLLECTION = "collection"
DOCUMENTATION = "documentation"
KINDS = (ARTICLE, SERVICE, FORUM, LISTING, PRODUCT, COLLECTION, DOCUMENTATION)

# Each signal's vote for "article", per unit of the signal (flags are 0 or 1; shares and
# capped counts are scaled to about 0..1 in `page_signals`): the weights of a logistic
# regression (`bench/page_kinds.py` refits it), each signal there for the reason beside it.
ARTICLE_VOTES: dict[str, float] = {
    "bias": -1.61,  # the cut: set to keep at least 98% of articles (docs/page-kinds.md)
    # what the page declares about itself
    "ld_article": 2.7,  # schema.org Article, NewsArticle, BlogPosting...
    "ld_none": 1.07,  # no schema.org at all: small sites' posts; shops and forum software declare
    "ld_forum": -6.53,  # DiscussionForumPosting, QAPage; Comment without an Article: a thread
    "ld_product": -3.08,  # Product, Offer, ProductGroup
    "ld_list": -0.83,  # ItemList, CollectionPage
    "og_article": 0.82,  # og:type article
    "og_product": -3.58,  # og:type product, product.group, a marketplace item
    "one_time": 0.83,  # one or two <time> elements: a dated byline (a thread has one per post)
    "text_date": 0.4,  # a date written out in the page's text
    "byline": 0.48,  # a declared author
    "published": 0.21,  # a declared publication time (article:published_time, datePublished)
    "headline_words": 1.53,  # words in the <h1>, per 10 (capped at 20): a headline is a sentence
    "article_tag": 1.03,  # an <article> element
    # where the page sits
    "url_dated": 2.59,  # /2024/05/... or a date in the path: news and blog permalinks
    "url_slug": 1.72,  # hyphenated words in the last path segment, per 4 (a headline slug)
    "url_root": -2.02,  # the home page
    "url_index": -4.3,  # the path ends in a section word: /news, /blog, /products, /docs
    "url_forum": -1.4,  # /forum/, /threads/, /t/, /questions/ in the path
    "url_product": -0.91,  # /product/, /shop/, /p/
    "url_collection": -1.3,  # /collections/, /category/
    "url_docs": -3.43,  # /docs/, /reference/, /manual/
    "host_forum": -6.39,  # forum., community., discuss.
    "host_docs": -4.3,  # docs., developer., learn., wiki.
    "host_shop": -2.5,  # shop., store.
    # how the page reads
    "link_share": -3.75,  # share of the body's text inside links: menus, cards, indexes
    "cart": -1.48,  # an add-to-cart control
    "code": -0.33,  # per e-fold of <pre> blocks: documentation shows code
    "we": -3.36,  # "we/our/us" per 10% of the main text's words: a business selling itself
    "you": -0.96,  # "you/your": addressing a customer
    "i": -0.91,  # "I/my/me": a forum post
    "paragraph_words": 1.2,  # words per main-text paragraph, per 30 (capped at 60): prose
}


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


_ARTICLE_TYPES = _words(
    "article newsarticle blogposting reportagenewsarticle analysisnewsarticle "
    "opinionnewsarticle scholarlyarticle report liveblogposting"
)
_FORUM_TYPES = frozenset({"discussionforumposting", "qapage"})
_PRODUCT_TYPES = frozenset({"product", "offer", "productgroup", "aggregateoffer"})
_LIST_TYPES = frozenset({"itemlist", "collectionpage"})
_OG_PRODUCT = re.compile(r"^(?:product|.*:item$)")

# Path segments that name a kind (a URL whose last segment is one of them is a section index).
_PATH_WORDS = {
    PRODUCT: _words("product products item p dp shop store buy"),
    COLLECTION: _words("collection collections catalog catalogue category categories c department"),
    FORUM: _words(
        "forum forums thread threads t topic topics questions discussion discussions community "
        "viewtopic.php showthread.php"
    ),
    LISTING: _words(
        "tag tags archive archives page search author authors news blog articles events "
        "courses programs"
    ),
    DOCUMENTATION: _words(
        "docs doc documentation manual reference api guide guides wiki help kb knowledge-base "
        "tutorial glossary usersguide support"
    ),
    SERVICE: _words(
        "services service pricing plans tuition admissions about contact solutions features"
    ),
}
_SECTION_WORDS = frozenset().union(*_PATH_WORDS.values())
_HOST_PREFIXES = {
    FORUM: tuple(_words("forum. forums. community. discuss. discourse. answers.")),
    DOCUMENTATION: tuple(
        _words("docs. doc. developer. developers. learn. wiki. help. support. api.")
    ),
    PRODUCT: ("shop.", "store."),
}

_WORD = re.compile(r"\w+")
_DATED_PATH = re.compile(r"/(?:19|20)\d\d/(?:0?[1-9]|1[0-2])(?:/|$)|(?:19|20)\d\d-[01]\d-[0-3]\d")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_TEXT_DATE = re.compile(  # on lower-cased text
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\s+(?:19|20)\d\d\b"
    r"|\b(?:19|20)\d\d-[01]\d-[0-3]\d\b"
)
_CART_MARKS = tuple(
    f"add{gap}to{gap}{place}" for gap in (" ", "-", "_", "") for place in ("cart", "bag", "basket")
) + ("cart/add",)
_YEAR = re.compile(r"(?:19|20)\d\d")
_PRICE = re.compile(r"[$€£¥]\s?\d")
_BYLINE_CLASS = re.compile(r"\b(?:byline|author)\b")
_WE = frozenset({"we", "our", "us", "ours"})
_YOU = frozenset({"you", "your", "yours"})
_I = frozenset({"i", "my", "me", "mine"})
_DATE_PUBLISHED = "boolean(//*[@itemprop='datePublished'])"
# rel and itemprop "author", and classes that mention an author or a byline
_AUTHOR_MARKS = (
    "//@rel[.='author'] | //@itemprop[.='author'] | "
    "//@class[contains(., 'author') or contains(., 'byline')]"
)
_INVISIBLE = frozenset({"script", "style", "noscript", "template", "svg"})


def guess_page_kind(html: str, url: str | None, main_text: str) -> str:
    """The kind of one HTML page: `ARTICLE`, or the non-article kind it most looks like."""
    signals = page_signals(html, url, main_text)
    if article_score(signals) >= 0:
        return ARTICLE
    return _kind_of(signals)


def article_score(signals: dict[str, float]) -> float:
    """The weighted vote for "article" (`ARTICLE_VOTES`); below zero, the page is not one."""
    return ARTICLE_VOTES["bias"] + sum(
        ARTICLE_VOTES[name] * value for name, value in signals.items() if name in ARTICLE_VOTES
    )


def page_signals(html: str, url: str | None, main_text: str) -> dict[str, float]:
    """Every signal of one page (its HTML, its URL if known, the extracted main text), named
    as in `ARTICLE_VOTES`, plus `prices` for telling shop pages apart in `_kind_of`."""
    tree = _parse(html)
    body = tree.find("body") if tree is not None else None
    body = tree if body is None else body
    types, og_type, byline, published = _declared(tree)
    body_text = _text(body)
    link_share = _link_share(body) if body is not None else 0.0
    path, host, has_url = _url_parts(url)
    segments = [segment for segment in path.split("/") if segment]
    words = [word.lower() for word in _WORD.findall(main_text)]
    paragraphs = [len(_WORD.findall(line)) for line in main_text.split("\n") if line.strip()]
    mean_paragraph = sum(paragraphs) / len(paragraphs) if paragraphs else 0.0
    time_tags = sum(1 for _ in body.iter("time")) if body is not None else 0
    return {
        "ld_article": float(bool(types & _ARTICLE_TYPES)),
        "ld_none": float(not types),
        "ld_forum": float(_declares_thread(types)),
        "ld_product": float(bool(types & _PRODUCT_TYPES)),
        "ld_list": float(bool(types & _LIST_TYPES)),
        "og_article": float(og_type == "article"),
        "og_product": float(bool(_OG_PRODUCT.match(og_type))),
        "one_time": float(time_tags in (1, 2)),
        "text_date": float(_has_text_date(body_text)),
        "byline": float(byline),
        "article_tag": float(body is not None and next(body.iter("article"), None) is not None),
        "url_dated": float(bool(_DATED_PATH.search(path))),
        "url_slug": min(_slug_words(segments), 8) / 4,
        "url_root": float(has_url and not segments),
        "url_index": float(bool(segments) and segments[-1] in _SECTION_WORDS),
        "url_forum": float(bool(_PATH_WORDS[FORUM].intersection(segments))),
        "url_product": float(bool(_PATH_WORDS[PRODUCT].intersection(segments))),
        "url_collection": float(bool(_PATH_WORDS[COLLECTION].intersection(segments))),
        "url_docs": float(bool(_PATH_WORDS[DOCUMENTATION].intersection(segments))),
        "host_forum": float(host.startswith(_HOST_PREFIXES[FORUM])),
        "host_docs": float(host.startswith(_HOST_PREFIXES[DOCUMENTATION])),
        "host_shop": float(host.startswith(_HOST_PREFIXES[PRODUCT])),
        "link_share": link_share,
        "cart": float(_has_cart(html)),
        "code": math.log1p(sum(1 for _ in body.iter("pre"))) if body is not None else 0.0,
        "we": _share(words, _WE),
        "you": _share(words, _YOU),
        "i": _share(words, _I),
        "paragraph_words": min(mean_paragraph, 60) / 30,
        "prices": float(len(_PRICE.findall(body_text))),
        "headline_words": min(_headline_words(tree), 20) / 10,
        "published": float(published),
    }


def _declares_thread(types: frozenset[str]) -> bool:
    """A forum or Q&A type, or comments on a page that does not declare itself an article
    (a blog post declares its readers' comments too)."""
    return bool(types & _FORUM_TYPES) or ("comment" in types and not types & _ARTICLE_TYPES)


def _kind_of(signals: dict[str, float]) -> str:
    """The non-article kind the strongest evidence names (declared types first, then the
    host and path, then the markup); a page with none of it is a service page. Only the
    reject's detail depends on it: whether a page is an article is `article_score`'s call."""
    if signals["ld_forum"] or signals["host_forum"] or signals["url_forum"]:
        return FORUM
    if signals["ld_product"] or signals["og_product"] or signals["host_shop"]:
        return COLLECTION if signals["ld_list"] or signals["url_collection"] else PRODUCT
    if signals["ld_list"] or signals["url_collection"]:  # a shop's category, or a blog's
        return COLLECTION if signals["prices"] >= 3 or signals["cart"] else LISTING
    if signals["host_docs"] or signals["url_docs"] or signals["code"] >= math.log1p(3):
        return DOCUMENTATION
    if signals["url_product"] or signals["cart"]:
        return COLLECTION if signals["prices"] >= 6 else PRODUCT
    if signals["link_share"] >= 0.35 or signals["url_index"] or signals["url_root"]:
        return LISTING
    return SERVICE


def _has_text_date(text: str) -> bool:
    """Whether the text writes out a date ("May 12, 2024", "12 May 2024", "2024-05-12").
    Searched only around each year: a page's text is ~100 KB, mostly without dates."""
    text = text.lower()
    for year in _YEAR.finditer(text):
        if _TEXT_DATE.search(text, max(year.start() - 20, 0), year.end() + 8):
            return True
    return False


def _has_cart(html: str) -> bool:
    """An add-to-cart (bag, basket) control, in the markup or its text."""
    lowered = html.lower()
    return any(mark in lowered for mark in _CART_MARKS)


def _headline_words(tree) -> int:
    """Words in the page's first <h1> (a headline is a sentence; a section title is a word)."""
    if tree is None:
        return 0
    heading = next(tree.iter("h1"), None)
    return len(_WORD.findall(_text(heading))) if heading is not None else 0


def _parse(html: str):
    """The page as a plain lxml tree (no `lxml.html` element classes: they slow every step)."""
    try:
        return etree.fromstring(html, etree.HTMLParser())
    except (etree.ParserError, ValueError):
        return None


def _url_parts(url: str | None) -> tuple[str, str, bool]:
    """(lower-case path, host without www., whether there was a URL at all)."""
    if not url:
        return "", "", False
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").removeprefix("www.")
    except ValueError:
        return "", "", False
    return parts.path.lower(), host, True


def _slug_words(segments: list[str]) -> int:
    if not segments:
        return 0
    stem = segments[-1].rsplit(".", 1)[0]
    return sum(1 for word in re.split(r"[-_+]", stem) if word.isalpha())


def _share(words: list[str], vocabulary: frozenset[str]) -> float:
    """Share of `words` in `vocabulary`, per 10%, capped at 1."""
    if not words:
        return 0.0
    return min(sum(word in vocabulary for word in words) / len(words), 0.1) * 10


def _text(node) -> str:
    return "" if node is None else "".join(node.itertext())


def _link_share(body) -> float:
    """Share of the body's visible characters (not spaces) inside <a> elements. Scripts and
    styles are dropped from the tree first, so the signals read after this one see none of
    them; `body_text`, read before, includes them (the weights were fitted that way)."""
    etree.strip_elements(body, *_INVISIBLE, with_tail=False)
    total = _visible_chars(_text(body))
    linked = sum(_visible_chars(_text(link)) for link in body.iter("a"))
    return min(linked / total, 1.0) if total else 0.0


def _visible_chars(text: str) -> int:
    return len("".join(text.split()))


def _declared(tree) -> tuple[frozenset[str], str, bool, bool]:
    """What the page declares: its schema.org types (JSON-LD `@type` anywhere in its graph,
    microdata `itemtype`), its `og:type`, and whether it names an author."""
    if tree is None:
        return frozenset(), "", False, False
    types: set[str] = set()
    og_type = ""
    byline = published = False
    for block in json_ld_blocks(tree):
        types |= _ld_types(block)
        published = published or _declares_date(block)
    for meta in tree.iter("meta"):
        name = meta.get("property") or meta.get("name") or ""
        if name == "og:type" and not og_type:
            og_type = (meta.get("content") or "").strip().lower()
        byline = byline or (name in ("author", "article:author") and bool(meta.get("content")))
        published = published or name == "article:published_time"
    for itemtype in tree.xpath("//@itemtype"):
        types.update(part.rsplit("/", 1)[-1].lower() for part in itemtype.split())
    published = published or bool(tree.xpath(_DATE_PUBLISHED))
    byline = byline or any(_BYLINE_CLASS.search(value) for value in tree.xpath(_AUTHOR_MARKS))
    return frozenset(types), og_type, byline, published


def _declares_date(data: object) -> bool:
    """A `datePublished` anywhere in one JSON-LD block."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "datePublished" in item:
                return True
            stack.extend(value for value in item.values() if isinstance(value, list | dict))
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _ld_types(data: object) -> set[str]:
    """The schema.org types one JSON-LD block declares, following the keys that hold the
    page's main entities (not every nested value: an article's comments are not the page)."""
    types: set[str] = set()
    stack = [(data, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > 8:
            continue
        if isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
        elif isinstance(item, dict):
            kind = item.get("@type")
            for name in kind if isinstance(kind, list) else [kind]:
                if isinstance(name, str):
                    types.add(name.rsplit("/", 1)[-1].lower())
            for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
                if key in item:
                    stack.append((item[key], depth + 1))
    return types
