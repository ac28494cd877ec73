"""Heuristic cleaner for plain-text renderings of web pages (browser "save as text" and the like).

trafilatura needs markup, so a rendering that kept menus, bylines, captions, promos, related
lists and footers gets its own line classifier here, in the spirit of jusText: every line is
classified by its length in words, whether it ends a sentence (in the stops of any script) and
shape (bullets, repeats, legal, credits, promos, placeholders); no stop list decides prose, so
the rule is the same in every language and script, and lengths are `segment.word_count` words,
the same amount of text in Chinese as in English. The maximum-scoring run of lines (prose
earns its length, chrome, date lines and section markers cost) is the article; inside it short
lines between prose are kept (subheadings) and lists under "Related"-style markers are dropped.
A comments or about-the-author marker after enough prose ends the page. Title, byline and date
come from the header region above the body. Nothing here knows about particular sites.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import regex

from schemas.records import Extracted
from transforms.dates import find_date, strip_leading_date_label
from transforms.language import detect_language
from transforms.segment import word_count, word_runs
from transforms.textnorm import normalize_text

# --- thresholds -------------------------------------------------------------------------------
# Lengths are in words (`segment.word_count`), so a threshold means the same amount of text in
# every script: a Chinese sentence is a third of the characters of its English translation.
# English prose lines have ~6 characters a word (spaces included): 20 words is 120 characters.
GOOD_MIN_WORDS = 20  # a line this long that ends a sentence is prose, not a label or headline
NEAR_MIN_WORDS = 8  # shorter lines are "short": labels, headings, buttons, names
PROSE_SAMPLE_MIN_WORDS = 8  # lines this long are sentences; language id reads those
TITLE_MIN_WORDS = 4  # shorter lines in the header are section labels, not headlines
TITLE_MAX_WORDS = 30  # longer lines are standfirsts or prose
TITLE_WINDOW = 12  # the headline sits at most this many lines above the byline/date/body
GAP_PENALTY_WORDS = 10  # cost of each chrome line when joining prose blocks into one body
SHORT_PENALTY_WORDS = 3.5  # labels/subheadings cost less: articles have some between paragraphs
NEAR_WEIGHT = 0.5  # a short sentence is weaker evidence of article text than a full paragraph
CACHED_KEY_MAX_CHARS = 200  # `line_key` caches keys of lines up to this long (chrome is short)
LINE_KEY_CACHE_ENTRIES = 50_000
MARKER_PENALTY_WORDS = 66  # crossing "Related"/"Read more" needs substantial prose after it
DATE_LINE_PENALTY_WORDS = 33  # a date line inside a run of prose means a list of teasers
DATE_LINE_MAX_WORDS = 10  # "By Jane Doe | Tuesday November 19, 2019 12:26 PM" at most
MIN_BODY_WORDS = 42  # prose needed above a comments/about-the-author marker for it to end the page
MARKER_MAX_WORDS = 6  # section markers ("Related stories") are short labels
MENU_ITEM_MAX_WORDS = 4  # list items this short (bullet included) are navigation, not articles
REPEAT_MIN = 2  # a line seen this often on one page is chrome (menus, teasers, share bars)
BYLINE_MAX_WORDS = 12  # "By Jane Doe, Senior Reporter" and not a sentence starting with "By"
NAME_MAX_WORDS = 5  # a person's name (with middle names and initials)
LEGAL_MAX_WORDS = 60  # a longer line that mentions copyright is prose about it, not a footer
HEADER_DATE_LINES = 3  # a date line may follow the body start by this many lines (dateline)

# Sentence ends of every script that marks them: Latin, CJK (full and half width), Devanagari
# and Bengali danda, Arabic and Urdu, Burmese, Khmer, Ethiopic, Armenian, Tibetan, and closers.
_TERMINAL = frozenset(".!?…。！？｡:;\"'”’»)」』）।॥؟۔။។።։།")
# Thai and Lao mark no sentence ends (a space parts sentences): a line of theirs that is long
# enough to be a paragraph counts as ended.
_UNMARKED_ENDS = regex.compile(r"[\p{Thai}\p{Lao}]")
_BULLET = re.compile(r"^\s*(?:[•◦▪▫●○■□►▸‣⁃∙·*+\-–—]|\d{1,2}[.)])\s+")
_LOREM = re.compile(r"\blorem ipsum\b|\bdolor sit amet\b|placeholder (?:alt )?text", re.I)
# Each _LOREM branch holds one of these words. Under re.I the ASCII letters i, s and k also
# match non-ASCII ones (ı, İ, ſ, K) that str.lower() need not map to them; these words contain
# no i, s or k, so a substring test on the lowered line is an exact prefilter.
_LOREM_WORDS = ("lorem", "dolor", "placeholder")
_COPYRIGHT = re.compile(
    r"©|\(c\)\s*\d{4}|\bcopyright\b|all rights reserved|\btrademark of\b|"
    r"\bterms of (?:use|service)\b.*\bprivacy\b|\bprivacy policy\b.*\bterms\b",
    re.I,
)
_CREDIT = re.compile(
    r"\b(?:getty(?: images)?|shutterstock|istock(?:photo)?|associated press|ap photo|afp|reuters|"
    r"epa|alamy|pixabay|unsplash|file photo|handout)\W*$|"
    r"^(?:photo|image|picture|credit|source|illustration|video)s?\s*(?:credit)?\s*[:|©]|"
    r"\((?:photo|image|picture|credit)s?\b[^)]*\)\s*$|^\s*(?:photo|image)s? (?:by|courtesy)\b",
    re.I,
)
_CTA = re.compile(
    r"^(?:read|see|watch|listen|more|related|also read|don'?t miss)(?: more| also| next)?\s*[:>»]|"
    r"\b(?:subscribe|sign up|signup|sign in|log in|login|register now|register here|"
    r"newsletter|unsubscribe|download (?:the|our) app|follow us|share this|share on|"
    r"click here|tap here|join us|get (?:the|our) (?:latest|best)|"
    r"cookies?|advertisement|sponsored|skip to (?:main )?content|continue reading|"
    r"accept all|privacy settings|your inbox|free trial|already a subscriber|"
    r"print this|email this|leave a (?:comment|reply)|comments? \(\d+\)|\d+ comments?)\b",
    re.I,
)
# Cookie / consent banners are long and full of stopwords, so they need their own rule.
_CONSENT = re.compile(
    r"\b(?:we|this (?:web)?site|our (?:web)?site|websites?) (?:also )?uses? cookies\b|"
    r"\bcookies? (?:policy|settings|preferences|consent)\b|\bnecessary cookies\b|"
    r"\b(?:accept|agree to) (?:the |our )?(?:use of )?cookies\b|\bby (?:continuing|using) "
    r"(?:to (?:use|browse) )?(?:this|our) (?:web)?site\b",
    re.I,
)
# A paragraph that ends by telling the reader to act is a promo however long it is.
_CTA_END = re.compile(
    r"(?:^|[.!?]\s+)(?:register|subscribe|sign up|join|buy|order|book|download|get|learn|"
    r"find out|click|tap|read|watch|listen|shop|try|reserve|save)\b[^.!?]{0,40}"
    r"(?:\bnow|\btoday|\bhere|\bmore|\bfree)[.!]?\s*$",
    re.I,
)
_MARKER = re.compile(
    r"^(?:about the authors?|about (?:this|the) (?:writer|contributor)|related(?: \w+)?|"
    r"more (?:from|on|in|about|stories|news|articles|like this)\b.*|most (?:popular|read|viewed|"
    r"shared|emailed)\b.*|latest (?:in|from|news|stories|articles|headlines)\b.*|"
    r"(?:you|we think you) (?:may|might|will|could) (?:also )?(?:like|enjoy|be interested)\b.*|"
    r"recommended(?: \w+)?|read (?:more|next|also)\b.*|trending\b.*|popular\b.*|"
    r"(?:\d+ )?comments?|leave a (?:comment|reply)|join the (?:discussion|conversation)|"
    r"what to read next|up next|editor'?s? picks?|top stories|don'?t miss\b.*|"
    r"see also|further reading|tags?|topics?|filed under\b.*|share this (?:article|story)\b.*|"
    r"sign up for\b.*|more stories|around the web|from our partners|sponsored(?: \w+)?)"
    r"\s*:?\s*$",
    re.I,
)
_HARD_MARKER = re.compile(
    r"^(?:about the authors?|about (?:this|the) (?:writer|contributor)|(?:\d+ )?comments?|"
    r"(?:\d+ )?responses?|(?:\d+ )?replies|leave a (?:comment|reply)|post a comment|"
    r"join the (?:discussion|conversation)|add (?:a|your) comment|comments are closed|"
    r"(?:show|view|load|read) (?:all )?(?:\d+ )?comments)\s*:?\s*$",
    re.I,
)
# WordPress and friends head a comment thread "6 thoughts on “<title>”" / "12 responses to “...”":
# the count, the noun and a quoted title, on a short line.
_COMMENT_THREAD = re.compile(
    r"^\s*(?:\d+|one|two|three) (?:thoughts?|comments?|responses?|replies) (?:on|to) [\"“«‘']",
    re.I,
)
COMMENT_THREAD_MAX_WORDS = 25
# "Jane on September 12, 2018 at 4:47 pm said:" / "Reply" — the head of a reader comment.
_COMMENT_HEADER = re.compile(r"\b(?:said|says|wrote)\s*:\s*$|^\s*(?:reply|report)\s*$", re.I)
_BYLINE = re.compile(
    r"^(?:by|written by|words by|story by|reporting by|von|por|par|di)\s+(.+)$", re.I
)
_BY_ALONE = re.compile(r"^(?:by|written by|von|por|par|di)\s*:?$", re.I)
# "PringleSenior": a name glued to a title; three lowercase letters first spare "McDonald".
_GLUED = re.compile(r"(?<=[a-z]{3})(?=[A-Z][a-z])")
_BYLINE_END = re.compile(r"\s*(?:[,|•·/]|\s-\s|\bon\b|\bupdated\b|\bpublished\b|\d)")
_NAME_TOKEN = re.compile(r"^(?:[A-Z][\w'’\-]*\.?|[A-Z]\.|de|van|von|der|da|di|la|le|del|bin|al)$")


@dataclass
class _Line:
    """One non-empty line of the rendering and what the classifier made of it."""

    text: str
    index: int
    words: int  # segment.word_count: the same amount of text in every script
    chars: int
    terminal: bool = False
    key: str = ""  # line_key(text), computed once: repeats, chrome and markers all compare it
    cls: str = "short"  # good | near | short | bad
    reason: str = ""
    marker: bool = False
    dateline: bool = False


def line_key(line: str) -> str:
    """Key for comparing lines (repeats, site chrome): the words of the normalised line.

    Template lines (menus, footers, teasers) recur on every page of a site: on 10,000 real
    pages, 96% of the lines the site-template pass keys are lines it keyed before. Keys of lines
    up to `CACHED_KEY_MAX_CHARS` are cached; longer lines are prose, which seldom repeats and
    would fill the cache.
    """
    if len(line) <= CACHED_KEY_MAX_CHARS:
        return _cached_line_key(line)
    return _words_key(line)


def _words_key(line: str) -> str:
    return " ".join(word_runs(normalize_text(line)))


# An entry is a line of at most CACHED_KEY_MAX_CHARS and its key: ~25 MB a process when full of
# Latin text, ~50 MB for scripts Python stores in 2 bytes a character (NFKC can lengthen a key:
# hostile lines of ligatures cost more, and leave the cache as it fills).
_cached_line_key = lru_cache(maxsize=LINE_KEY_CACHE_ENTRIES)(_words_key)


def _looks_like_name(text: str) -> bool:
    tokens = word_runs(text)
    return 1 < len(tokens) <= NAME_MAX_WORDS and all(_NAME_TOKEN.match(t) for t in tokens)


def _byline_name(line: str) -> str | None:
    """The author name in a byline ("By Jane Doe, Reporter", "By Jane DoeSenior Reporter")."""
    match = _BYLINE.match(line.strip())
    if not match:
        return None
    rest = match.group(1).strip()
    if word_count(rest) > BYLINE_MAX_WORDS:
        return None
    rest = _GLUED.split(rest, maxsplit=1)[0]
    name = _BYLINE_END.split(rest, maxsplit=1)[0].strip(" .:-")
    if _looks_like_name(name):
        return name
    single = word_count(name) == 1 and len(name) > 2 and name[0].isupper()
    return name if single else None  # "By Reuters": still a byline line, not a person


def _may_be_placeholder(text: str) -> bool:
    """A substring test before the case-insensitive search, which is slow on long lines."""
    lowered = text.lower()
    return any(word in lowered for word in _LOREM_WORDS)


def _classify(line: _Line, repeats: Counter[str], chrome: frozenset[str]) -> None:
    """Set line.cls: bad (chrome), short (label/heading), near (prose-ish), good (prose).

    Prose is a line of `GOOD_MIN_WORDS` that ends a sentence, in any language: a stop-word
    share (jusText's test) would need a list per language and, on English pages, drops more
    article lines (tables, short factual lines) than chrome; the block search does the rest."""
    text = line.text
    key = line.key
    if not key:
        line.cls, line.reason = "bad", "no words"
        return
    if key in chrome:
        line.cls, line.reason = "bad", "site chrome"
        return
    if _may_be_placeholder(text) and _LOREM.search(text):
        line.cls, line.reason = "bad", "placeholder"
        return
    # Cheap length tests first: these searches cost most on long prose lines, which they spare.
    if line.words < LEGAL_MAX_WORDS and _COPYRIGHT.search(text):
        line.cls, line.reason = "bad", "legal"
        return
    bullet = _BULLET.match(text) is not None
    if bullet and line.words <= MENU_ITEM_MAX_WORDS:
        line.cls, line.reason = "bad", "list item"
        return
    if repeats[key] >= REPEAT_MIN:
        line.cls, line.reason = "bad", "repeated"
        return
    if line.words < GOOD_MIN_WORDS * 2 and _CREDIT.search(text):
        line.cls, line.reason = "bad", "credit"
        return
    if (
        line.words < GOOD_MIN_WORDS * 2
        and _CTA.search(text)
        or _CONSENT.search(text)
        or _CTA_END.search(text)
    ):
        line.cls, line.reason = "bad", "promo"
        return
    if _byline_name(text) or _BY_ALONE.match(text.strip()):
        line.cls, line.reason = "bad", "byline"
        return
    if line.words < NEAR_MIN_WORDS:
        line.cls = "short"
    elif line.words >= GOOD_MIN_WORDS and line.terminal and not bullet:
        line.cls = "good"
    else:
        line.cls = "near"


def _is_terminal(text: str, words: int) -> bool:
    """The line ends a sentence: a stop of its script, or paragraph length in Thai or Lao."""
    last = text[-1]
    if last in _TERMINAL:
        return True
    return words >= GOOD_MIN_WORDS and _UNMARKED_ENDS.match(last) is not None


def _make_lines(raw: str) -> list[_Line]:
    lines = []
    for index, text in enumerate(raw.splitlines()):
        text = text.strip()
        key = line_key(text)
        if not key:
            continue  # separators, zero-width spaces: no evidence either way
        words = word_count(text)
        terminal = _is_terminal(text, words)
        lines.append(_Line(text, index, words, len(text), terminal, key))
    return lines


def _is_marker(line: _Line) -> bool:
    return line.words <= MARKER_MAX_WORDS and bool(_MARKER.match(line.key))


def _is_hard_marker(line: _Line) -> bool:
    """Comments and author-bio sections: everything after them is not the article."""
    # Lines are stripped: "... said:" ends with the colon, and "Reply" is the whole line.
    if (line.text.endswith(":") or line.chars <= 6) and _COMMENT_HEADER.search(line.text):
        return True
    if line.words <= COMMENT_THREAD_MAX_WORDS and _COMMENT_THREAD.match(line.text):
        return True
    return line.words <= MARKER_MAX_WORDS and bool(_HARD_MARKER.match(line.key))


def _region_end(lines: list[_Line]) -> int:
    """Index of the first hard marker after enough prose to be an article, else len(lines)."""
    prose = 0
    for pos, line in enumerate(lines):
        if line.cls == "good":
            prose += line.words
        elif prose >= MIN_BODY_WORDS and _is_hard_marker(line):
            return pos
    return len(lines)


def _gain(line: _Line) -> float:
    """Block score of one line: prose earns its length in words, chrome and markers cost."""
    if line.marker:
        return -MARKER_PENALTY_WORDS
    if line.dateline:
        return -DATE_LINE_PENALTY_WORDS
    if line.cls == "good":
        return float(line.words)
    if line.cls == "near":
        return line.words * NEAR_WEIGHT if line.terminal else -SHORT_PENALTY_WORDS
    if line.cls == "short":
        return -SHORT_PENALTY_WORDS
    return -GAP_PENALTY_WORDS


def _best_block(lines: list[_Line]) -> tuple[int, int] | None:
    """Maximum-scoring run of lines (Kadane): the densest stretch of prose on the page."""
    best, best_span = 0.0, None
    running, start = 0.0, 0
    for pos, line in enumerate(lines):
        if running <= 0:
            running, start = 0.0, pos
        running += _gain(line)
        if running > best:
            best, best_span = running, (start, pos)
    return best_span


def _keep(block: list[_Line]) -> list[_Line]:
    """jusText-style context inside the block: near lines next to prose and short lines
    (subheadings) between prose are kept; chrome and markers never are."""

    def neighbour(pos: int, step: int) -> str:
        pos += step
        while 0 <= pos < len(block):
            line = block[pos]
            if line.marker or line.cls == "bad":
                return "bad"
            if line.cls in ("good", "near"):
                return line.cls
            pos += step
        return "bad"

    kept = []
    after_marker = False  # the list under "Related" runs until prose resumes
    for pos, line in enumerate(block):
        if line.marker:
            after_marker = True
        if line.marker or line.cls == "bad" or after_marker and line.cls != "good":
            continue
        after_marker = False
        if line.cls == "good":
            kept.append(line)
        elif line.cls == "near":
            if "good" in (neighbour(pos, -1), neighbour(pos, 1)) or line.terminal:
                kept.append(line)
        elif neighbour(pos, -1) != "bad" and neighbour(pos, 1) != "bad":
            kept.append(line)
    return kept


def _bio_filter(kept: list[_Line], author: str | None) -> list[_Line]:
    """Drop author-bio paragraphs ("Jane Doe is a reporter ...") at the end of the body."""
    if not author:
        return kept
    first = word_runs(author)[0]
    pattern = re.compile(rf"^(?:{re.escape(author)}|{re.escape(first)})\s+(?:is|was|has)\s", re.I)
    while kept and pattern.match(kept[-1].text):
        kept = kept[:-1]
    return kept


def _may_start_title(char: str) -> bool:
    """A capital, a letter of a script without case (Arabic, Chinese, Hindi), or a quote."""
    return char.isalpha() and not char.islower() or char in "‘“'\""


def _find_title(header: list[_Line]) -> str | None:
    """Headline: a 4-30 word line without terminal period near the end of the header region."""
    anchor = len(header)
    for pos, line in enumerate(header):
        text = line.text.strip()
        is_byline = _byline_name(text) is not None or _BY_ALONE.match(text) is not None
        if is_byline or (line.words <= TITLE_MAX_WORDS // 2 and find_date(text) is not None):
            anchor = pos
            break
    window = header[max(0, anchor - TITLE_WINDOW) : anchor] or header[-TITLE_WINDOW:]
    best: _Line | None = None
    for line in window:
        text = line.text
        words = line.words
        if not TITLE_MIN_WORDS <= words <= TITLE_MAX_WORDS or _BULLET.match(text):
            continue
        if text.rstrip().endswith((".", ":", ",", ";")) or not _may_start_title(text[0]):
            continue
        if line.reason in ("legal", "placeholder", "credit", "promo", "site chrome", "byline"):
            continue
        if _MARKER.match(line_key(text)) or find_date(text) is not None:
            continue
        if best is None or words > best.words:
            best = line
    return best.text.strip() if best else None


def _find_author(header: list[_Line], body: list[_Line]) -> str | None:
    """Byline in the header (or first body lines): "By Jane Doe" or "By" then a name line."""
    candidates = header + body[:3]
    for pos, line in enumerate(candidates):
        name = _byline_name(line.text)
        if name and _looks_like_name(name):
            return name
        if _BY_ALONE.match(line.text.strip()) and pos + 1 < len(candidates):
            nxt = _GLUED.split(candidates[pos + 1].text.strip(), maxsplit=1)[0].strip(" ,.")
            if _looks_like_name(nxt):
                return nxt
    return None


def _find_published(header: list[_Line], body: list[_Line]) -> datetime | None:
    """Date closest above the body (or in its first short lines); footers never count."""
    for line in reversed(header):
        if line.words <= 20:
            found = find_date(line.text)
            if found is not None:
                return found[0]
    for line in body[:HEADER_DATE_LINES]:
        if line.words <= 12:
            found = find_date(line.text)
            if found is not None:
                return found[0]
    return None


def _prose_sample(raw: str) -> str:
    """Sentence-like lines first: menus at the top of a page would mislead identification."""
    prose = [line for line in raw.splitlines() if word_count(line) >= PROSE_SAMPLE_MIN_WORDS]
    return "\n".join(prose) if prose else raw


def clean_text_rendering(raw: str, site_chrome: frozenset[str] = frozenset()) -> Extracted:
    """Main text, title, author and date of one page's plain-text rendering."""
    raw = unicodedata.normalize("NFC", raw or "")
    leading_date, raw = strip_leading_date_label(raw)
    language = detect_language(_prose_sample(raw))  # once: it is a fifth of the cost
    lines = _make_lines(raw)
    repeats = Counter(line.key for line in lines)
    for line in lines:
        _classify(line, repeats, site_chrome)
        line.marker = _is_marker(line) or _is_hard_marker(line)
        line.dateline = line.words <= DATE_LINE_MAX_WORDS and find_date(line.text) is not None
    region = lines[: _region_end(lines)]
    span = _best_block(region)
    if span is None:
        return Extracted(text="", published=leading_date)
    start, end = span
    header, block = lines[:start], region[start : end + 1]
    kept = _keep(block)
    author = _find_author(header, block)
    kept = _bio_filter(kept, author)
    text = "\n\n".join(line.text for line in kept)
    return Extracted(
        text=text,
        title=_find_title(header),
        author=author,
        published=leading_date or _find_published(header, block),
        language=language if text else None,
    )
