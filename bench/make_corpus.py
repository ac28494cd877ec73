"""Synthetic news corpus with ground truth, for the throughput and quality benchmark.

`python bench/make_corpus.py --docs N --out DIR [--seed S] [--pages real|light]` writes
DIR/docs/ (the pipeline's input: .html pages, .txt renderings and plain texts, .jsonl feed files
with several records), DIR/truth.jsonl (one line per document: story, duplicate cluster, rewrite
source, kind) and DIR/corpus.json (how it was made: docs, seed, pages).

The language is real: sentences come from the human-annotated article bodies of the
scrapinghub article-extraction benchmark (read at run time, never copied into the repo).
181 bodies are far too few for 100,000 documents, so each story's original is a fresh mix of
sentences from three bodies, with the names and numbers replaced by story-specific ones. That
keeps two originals from sharing long passages (shared paragraphs would make them true
near-duplicates and the ground truth wrong); `check_corpus` measures it on a sample.

Per story: one original, exact copies, copies wrapped in other sites' page chrome (HTML pages
and "save as text" renderings), lightly edited copies (a sentence reworded, a paragraph
dropped), paraphrased rewrites that follow the source sentence by sentence (each sometimes
syndicated once more), plus unrelated single articles. Everything is deterministic in --seed.

Pages (`--pages real`, the default) wrap every HTML page and text rendering in the chrome of one
of the source's real pages (nav, scripts, styles, related links, footers; ~165 KB per HTML page),
so that a benchmark pays extraction its realistic share of the cost. The real page's body,
headline, title and date/author/url metadata give way to the generated document's; each site
keeps two real layouts. `--pages light` uses small hand-written templates (~5 KB) instead: a
stress test of per-document overhead, not what crawled news weighs. Files, feeds and
truth.jsonl are the same for both with the same seed.
"""

from __future__ import annotations

import argparse
import bisect
import functools
import gzip
import html
import itertools
import json
import random
import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "extraction" / "scrapinghub-aeb"

# --- corpus shape (per story; chosen so the mix resembles a scraped news feed) ---------------
SINGLETON_SHARE = 0.12  # stories that are one unrelated article
EXACT_COPIES = ((0, 1, 2), (0.45, 0.35, 0.20))
WRAPPED_COPIES = ((1, 2, 3), (0.40, 0.40, 0.20))
EDITED_COPIES = ((0, 1, 2), (0.40, 0.40, 0.20))
REWRITES = ((0, 1, 2), (0.35, 0.45, 0.20))
REWRITE_SYNDICATED = 0.25  # a rewrite that is itself copied once to another site
ORIGINAL_FORMATS = (("html", "txt", "jsonl"), (0.40, 0.30, 0.30))
WRAPPED_FORMATS = (("html", "rendering"), (0.60, 0.40))
JSONL_LINES = (5, 40)  # records per feed file
MIN_ORIGINAL_WORDS = 150  # so an edited copy (a paragraph dropped) stays >= MIN_DOC_WORDS
MAX_ORIGINAL_WORDS = 900
MIN_DOC_WORDS = 80
STORY_VARIANT_SHARE = 0.3  # common words each story words its own way (keeps stories apart)
EDITED_MIN_JACCARD = 0.75  # an edited copy must stay a near-duplicate (dedup threshold 0.7)
REWRITE_MAX_JACCARD = 0.30  # a rewrite must stay far from one

# --- language material ---------------------------------------------------------------------
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]?[A-Z])")
_WORD = re.compile(r"\w+")
_TOKEN_PARTS = re.compile(r"^(\W*)(.*?)(\W*)$", re.S)
_KEEP_CAPITALISED = frozenset((
    "I", "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    "Saturday", "Sunday", "The", "A", "An", "In", "On", "At", "It", "He", "She", "They", "We",
    "You", "This", "That", "But", "And", "Mr", "Mrs", "Ms", "Dr",
))  # fmt: skip
_SYLLABLES = (
    "ka", "ro", "mi", "ten", "val", "dor", "su", "lin", "bra", "ve", "quo", "zen", "tal", "mar",
    "hes", "pi", "lo", "ran", "cor", "fe", "nu", "gar", "sel", "wy", "tor", "ba", "len", "dri",
    "os", "kel", "ma", "vor", "ti", "sha", "rum", "pel",
)  # fmt: skip

SYNONYMS: dict[str, tuple[str, ...]] = {
    "said": ("stated", "noted", "explained"),
    "says": ("states", "notes", "explains"),
    "told": ("informed", "advised"),
    "big": ("large", "major"),
    "large": ("big", "sizable"),
    "small": ("little", "modest"),
    "new": ("fresh", "latest"),
    "buy": ("purchase", "acquire"),
    "bought": ("purchased", "acquired"),
    "company": ("firm", "business"),
    "companies": ("firms", "businesses"),
    "people": ("individuals", "residents"),
    "however": ("but", "still"),
    "because": ("since", "as"),
    "about": ("around", "roughly"),
    "many": ("numerous", "several"),
    "important": ("significant", "key"),
    "show": ("reveal", "demonstrate"),
    "shows": ("reveals", "demonstrates"),
    "showed": ("revealed", "demonstrated"),
    "help": ("assist", "aid"),
    "start": ("begin", "launch"),
    "started": ("began", "launched"),
    "end": ("finish", "close"),
    "use": ("employ", "utilise"),
    "used": ("employed", "utilised"),
    "using": ("employing", "utilising"),
    "make": ("create", "produce"),
    "made": ("created", "produced"),
    "get": ("obtain", "receive"),
    "got": ("obtained", "received"),
    "think": ("believe", "reckon"),
    "thinks": ("believes", "reckons"),
    "want": ("wish", "hope"),
    "wanted": ("wished", "hoped"),
    "need": ("require",),
    "needs": ("requires",),
    "also": ("additionally", "too"),
    "very": ("highly", "extremely"),
    "often": ("frequently", "regularly"),
    "quickly": ("rapidly", "swiftly"),
    "recent": ("latest", "current"),
    "recently": ("lately", "newly"),
    "before": ("prior to", "ahead of"),
    "after": ("following", "once"),
    "during": ("throughout", "amid"),
    "while": ("whereas", "as"),
    "although": ("though", "even though"),
    "around": ("about", "some"),
    "more": ("additional", "further"),
    "most": ("the majority of",),
    "first": ("initial", "earliest"),
    "last": ("previous", "final"),
    "next": ("following", "upcoming"),
    "year": ("twelve months",),
    "home": ("house", "residence"),
    "job": ("position", "role"),
    "jobs": ("positions", "roles"),
    "problem": ("issue", "difficulty"),
    "problems": ("issues", "difficulties"),
    "country": ("nation",),
    "government": ("administration", "authorities"),
    "money": ("funds", "cash"),
    "plan": ("proposal", "scheme"),
    "plans": ("proposals", "schemes"),
    "announced": ("unveiled", "revealed"),
    "according": ("per",),
    "added": ("continued", "went on"),
    "asked": ("questioned", "queried"),
    "believe": ("think", "feel"),
    "begin": ("start", "commence"),
    "change": ("shift", "alter"),
    "changes": ("shifts", "alterations"),
    "children": ("kids", "youngsters"),
    "city": ("town", "municipality"),
    "decision": ("ruling", "choice"),
    "different": ("distinct", "various"),
    "difficult": ("hard", "tough"),
    "early": ("initial", "prompt"),
    "enough": ("sufficient", "adequate"),
    "find": ("discover", "locate"),
    "found": ("discovered", "located"),
    "give": ("provide", "offer"),
    "gave": ("provided", "offered"),
    "good": ("solid", "positive"),
    "great": ("huge", "tremendous"),
    "group": ("team", "organisation"),
    "high": ("elevated", "steep"),
    "idea": ("concept", "notion"),
    "increase": ("rise", "growth"),
    "keep": ("retain", "maintain"),
    "know": ("understand", "realise"),
    "known": ("recognised", "understood"),
    "later": ("subsequently", "afterwards"),
    "leave": ("depart", "exit"),
    "left": ("departed", "exited"),
    "like": ("such as", "similar to"),
    "likely": ("probably", "expected"),
    "long": ("lengthy", "extended"),
    "look": ("examine", "consider"),
    "major": ("main", "principal"),
    "month": ("four weeks",),
    "needed": ("required", "necessary"),
    "number": ("figure", "quantity"),
    "part": ("portion", "piece"),
    "place": ("location", "site"),
    "point": ("moment", "stage"),
    "possible": ("feasible", "likely"),
    "percent": ("per cent",),
    "report": ("study", "account"),
    "reported": ("disclosed", "stated"),
    "run": ("operate", "manage"),
    "saw": ("witnessed", "observed"),
    "see": ("observe", "view"),
    "seen": ("observed", "viewed"),
    "several": ("various", "multiple"),
    "since": ("from", "ever since"),
    "still": ("nonetheless", "yet"),
    "take": ("grab", "accept"),
    "took": ("accepted", "grabbed"),
    "team": ("squad", "group"),
    "today": ("this day", "now"),
    "together": ("jointly", "collectively"),
    "try": ("attempt", "seek"),
    "tried": ("attempted", "sought"),
    "under": ("below", "beneath"),
    "until": ("till", "up to"),
    "week": ("seven days",),
    "well": ("properly", "nicely"),
    "whole": ("entire", "full"),
    "work": ("labour", "effort"),
    "working": ("operating", "labouring"),
    "world": ("globe", "planet"),
    "the": ("this", "that"),
    "and": ("as well as", "plus"),
    "but": ("yet", "though"),
    "with": ("alongside", "together with"),
    "in": ("within", "inside"),
    "of": ("from", "regarding"),
    "for": ("meant for", "toward"),
    "to": ("toward", "in order to"),
    "on": ("upon", "regarding"),
    "is": ("remains", "stays"),
    "are": ("remain", "stay"),
    "was": ("became", "remained"),
    "were": ("became", "remained"),
    "has": ("already has", "now has"),
    "have": ("already have", "now have"),
}
FILLERS = ("reportedly", "now", "indeed", "in fact", "clearly", "so far", "once again", "today")
LEADS = (
    "Meanwhile, ",
    "According to the report, ",
    "Notably, ",
    "At the same time, ",
    "In addition, ",
    "Separately, ",
    "As it stands, ",
)
DROPPABLE = frozenset(
    ["very", "really", "just", "also", "still", "even", "currently", "actually", "quite", "simply"]
)
SUBORDINATORS = frozenset(
    ["when", "after", "while", "although", "because", "if", "as", "since", "before", "once"]
)


# --- sites: the chrome a copy is wrapped in ------------------------------------------------
@dataclass(frozen=True)
class Site:
    name: str
    domain: str
    sections: tuple[str, ...]
    style: int  # which HTML skeleton and which rendering layout


_SITE_NAMES = (
    "Daily Ledger", "Metro Courier", "The Northern Post", "Harbor Times", "Capital Wire",
    "Valley Herald", "Global Dispatch", "The Evening Star", "Coastline News", "Summit Tribune",
    "Riverside Gazette", "Pacific Monitor", "Midland Chronicle", "Atlas Report", "Prairie Journal",
    "Union Observer",
)  # fmt: skip
_SECTIONS = (
    "Home", "World", "Politics", "Business", "Tech", "Science", "Health", "Sport", "Culture",
    "Opinion", "Travel", "Climate", "Markets", "Video", "Podcasts", "Local",
)  # fmt: skip
_AUTHORS = (
    "Jane Doe", "Marcus Hill", "Priya Raman", "Tom Becker", "Ana Lucia Ortega", "Kenji Sato",
    "Fiona Walsh", "Omar Haddad", "Lena Novak", "David Osei", "Claire Dubois", "Sam Whitaker",
)  # fmt: skip

SITES = tuple(
    Site(
        name,
        name.lower().replace("the ", "").replace(" ", "") + ".example",
        tuple(_SECTIONS[(i * 3 + k) % len(_SECTIONS)] for k in range(6 + i % 5)),
        i % 4,
    )
    for i, name in enumerate(_SITE_NAMES)
)


@dataclass
class Body:
    """An article's content: what every rendering of it shows."""

    title: str
    paragraphs: list[list[str]]  # paragraphs of sentences

    def text(self) -> str:
        return "\n\n".join(" ".join(p) for p in self.paragraphs)

    def word_count(self) -> int:
        return len(_WORD.findall(self.text()))


@dataclass
class Doc:
    """One generated document and its ground truth."""

    story: str
    cluster: str
    kind: str
    fmt: str  # html | rendering | txt | jsonl
    body: Body
    site: Site
    author: str
    published: datetime
    rewrite_of: Doc | None = None
    key: str = ""
    file: str = ""
    line: int | None = None
    url: str = ""
    extra: dict = field(default_factory=dict)


# --- source material ------------------------------------------------------------------------
_COMMON_ENGLISH = frozenset((
    "the", "of", "and", "to", "a", "in", "is", "that", "for", "it", "on", "with", "as",
    "was", "he", "she", "they",
))  # fmt: skip


def _is_english(text: str) -> bool:
    tokens = [t.lower() for t in _WORD.findall(text)]
    return bool(tokens) and sum(t in _COMMON_ENGLISH for t in tokens) / len(tokens) >= 0.15


def load_sentence_bodies(source: Path) -> list[list[str]]:
    """English ground-truth bodies as lists of sentences (short and odd lines dropped)."""
    bodies = json.loads((source / "ground-truth.json").read_text(encoding="utf-8"))
    out = []
    for key in sorted(bodies):
        text = bodies[key]["articleBody"]
        if not _is_english(text):
            continue  # the paraphraser only knows English synonyms
        sentences = []
        for paragraph in text.split("\n"):
            for sentence in _SENTENCE_SPLIT.split(paragraph.strip()):
                n = len(sentence.split())
                if 6 <= n <= 70 and "http" not in sentence and "@" not in sentence:
                    sentences.append(sentence.strip())
        if len(sentences) >= 6:
            out.append(sentences)
    return out


class Generator:
    """Builds stories from the sentence pool with one seeded RNG (same seed, same corpus)."""

    def __init__(self, bodies: list[list[str]], seed: int):
        self.bodies = bodies
        self.rng = random.Random(seed)
        self.story_count = 0

    # originals ---------------------------------------------------------------------------
    def original_body(self) -> Body:
        for _attempt in range(20):
            body = self._mix_body()
            if MIN_ORIGINAL_WORDS <= body.word_count() <= MAX_ORIGINAL_WORDS:
                return body
        return body

    def _mix_body(self) -> Body:
        """Blocks of at most a third of a body each, from bodies drawn until the length is met.

        A third at most: two stories that drew on one body then share a few sentences, never
        a passage long enough to make them near-duplicates or in-order rewrites.
        """
        rng = self.rng
        target = rng.randint(MIN_ORIGINAL_WORDS + 30, 600)
        chosen: list[str] = []
        words = 0
        for index in rng.sample(range(len(self.bodies)), len(self.bodies)):
            body = self.bodies[index]
            block = self._subset(body, rng.randint(2, max(2, len(body) // 3)))
            at = rng.randint(1, len(chosen)) if chosen else 0
            chosen[at:at] = block
            words += sum(len(sentence.split()) for sentence in block)
            if words >= target:
                break
        names: dict[str, str] = {
            word: rng.choice(options)
            for word, options in SYNONYMS.items()
            if word in _CONTENTISH and rng.random() < STORY_VARIANT_SHARE
        }
        sentences = [self._substitute(s, names) for s in chosen]
        paragraphs, i = [], 0
        while i < len(sentences):
            size = rng.choice((1, 2, 2, 3, 3, 4))
            paragraphs.append(sentences[i : i + size])
            i += size
        return Body(_title_from(sentences[0], rng), paragraphs)

    def _subset(self, sentences: list[str], k: int) -> list[str]:
        """k sentences of one body, in the body's order (a coherent thread)."""
        k = min(k, len(sentences))
        return [sentences[i] for i in sorted(self.rng.sample(range(len(sentences)), k))]

    def _substitute(self, sentence: str, names: dict[str, str]) -> str:
        """Story-specific names and numbers: breaks passages two stories drew from one body."""
        out = []
        for index, token in enumerate(sentence.split()):
            pre, core, post = _TOKEN_PARTS.match(token).groups()
            if core in names and core.islower():
                core = names[core]  # this story's own wording of a common word
            elif core.isdigit():
                core = names.setdefault(core, str(self.rng.randint(2, 9 * 10 ** len(core))))
            elif (
                index > 0
                and len(core) >= 3
                and core[0].isupper()
                and core.isalpha()
                and core not in _KEEP_CAPITALISED
            ):
                core = names.setdefault(core, self._name())
            out.append(pre + core + post)
        return " ".join(out)

    def _name(self) -> str:
        syllables = self.rng.randint(2, 3)
        return "".join(self.rng.choice(_SYLLABLES) for _ in range(syllables)).capitalize()

    # derived bodies ----------------------------------------------------------------------
    def edited_body(self, body: Body) -> Body:
        """A sentence reworded and/or a paragraph dropped; stays a near-duplicate."""
        for ops in (self.rng.choice((("reword",), ("drop",), ("reword", "drop"))), ("reword",)):
            paragraphs = [list(p) for p in body.paragraphs]
            if "drop" in ops and len(paragraphs) >= 5:
                del paragraphs[self.rng.randrange(1, len(paragraphs))]
            if "reword" in ops:
                p = self.rng.randrange(len(paragraphs))
                s = self.rng.randrange(len(paragraphs[p]))
                paragraphs[p][s] = self.paraphrase(paragraphs[p][s], run=3)
            edited = Body(body.title, paragraphs)
            if shingle_jaccard(edited.text(), body.text()) >= EDITED_MIN_JACCARD:
                return edited
        return Body(body.title, [list(p) for p in body.paragraphs])

    def rewrite_body(self, body: Body) -> Body:
        """Sentence-by-sentence paraphrase in the source's order, re-paragraphed."""
        rng = self.rng
        run = rng.choice((4, 5, 5, 6, 7, 8))
        for _attempt in range(3):
            sentences = [s for p in body.paragraphs for s in p]
            if len(sentences) > 8:
                del sentences[rng.randrange(1, len(sentences))]  # a sentence left out
            reworded = [self.paraphrase(s, run) for s in sentences]
            paragraphs, i = [], 0
            while i < len(reworded):
                size = rng.choice((1, 2, 3, 3, 4))
                paragraphs.append(reworded[i : i + size])
                i += size
            rewritten = Body(self.paraphrase(body.title, run=3).rstrip("."), paragraphs)
            if shingle_jaccard(rewritten.text(), body.text()) <= REWRITE_MAX_JACCARD:
                return rewritten
            run = 3
        return rewritten

    def paraphrase(self, sentence: str, run: int) -> str:
        """Synonym swaps, clause reordering, dropped and added short phrases.

        `run`: at most this many source words stay in a row untouched, which bounds the
        5-grams the paraphrase shares with its source (3 -> almost none, 6 -> ~20%).
        """
        rng = self.rng
        sentence = _reorder_clauses(sentence, rng)
        tokens = sentence.split()
        out: list[str] = []
        untouched = 0
        for index, token in enumerate(tokens):
            pre, core, post = _TOKEN_PARTS.match(token).groups()
            lower = core.lower()
            if lower in DROPPABLE and rng.random() < 0.6 and not pre and not post:
                untouched = 0
                continue
            options = SYNONYMS.get(lower)
            swap = options and (lower in _CONTENTISH or untouched >= run - 1 or rng.random() < 0.3)
            if swap and rng.random() < 0.9:
                core = _match_case(rng.choice(options), core)
                untouched = 0
            elif (
                untouched >= run - 1 and 0 < index < len(tokens) - 1 and _can_insert(tokens, index)
            ):
                out.append(rng.choice(FILLERS))  # insert before this word
                untouched = 0
            else:
                untouched += 1
            out.append(pre + core + post)
        text = " ".join(out)
        if rng.random() < 0.25 and text[:1].isupper():
            lead = rng.choice(LEADS)
            text = lead + text[0].lower() + text[1:] if not _starts_with_name(text) else lead + text
        return text

    def next_story_id(self) -> str:
        self.story_count += 1
        return f"s{self.story_count:06d}"


_CONTENTISH = frozenset(k for k in SYNONYMS if len(k) > 3 and k not in {"with", "have", "were"})


def _reorder_clauses(sentence: str, rng: random.Random) -> str:
    """'When X, Y.' -> 'Y when X.'; '..., officials said.' -> 'Officials said ...'."""
    if rng.random() < 0.6:
        match = re.match(r"^(\w+) ([^,]{8,}), ([^,]{8,})([.!?])$", sentence)
        if match and match.group(1).lower() in SUBORDINATORS:
            sub, clause, main, end = match.groups()
            if not _starts_with_name(main):
                main = main[0].lower() + main[1:]
            return f"{main[0].upper()}{main[1:]} {sub.lower()} {clause}{end}"
        match = re.match(r"^(.{20,}), ((?:\w+ ){0,3}\w+) (said|says)([.!?])$", sentence)
        if match:
            body, who, verb, end = match.groups()
            body = body.strip("\"'\u201c\u201d")
            if not _starts_with_name(body):
                body = body[0].lower() + body[1:]
            return f"{who[0].upper()}{who[1:]} {verb} that {body}{end}"
    return sentence


def _can_insert(tokens: list[str], index: int) -> bool:
    """Not inside a quotation mark run or a multi-word name ("Corka Jenner")."""
    token, previous = tokens[index], tokens[index - 1]
    return token[:1].isalnum() and not (token[:1].isupper() and previous[:1].isupper())


def _starts_with_name(text: str) -> bool:
    first = text.split(" ", 1)[0]
    return first[:1].isupper() and first not in _KEEP_CAPITALISED and first.isalpha()


def _match_case(word: str, like: str) -> str:
    return word[0].upper() + word[1:] if like[:1].isupper() else word


def _title_from(sentence: str, rng: random.Random) -> str:
    words = sentence.rstrip(".!?").split()
    return " ".join(words[: rng.randint(6, 11)]).strip(",;:\"'\u201c\u201d")


def shingle_set(text: str, size: int = 5) -> set[str]:
    tokens = _WORD.findall(text.lower())
    return {" ".join(tokens[i : i + size]) for i in range(max(1, len(tokens) - size + 1))}


def shingle_jaccard(left: str, right: str, size: int = 5) -> float:
    a, b = shingle_set(left, size), shingle_set(right, size)
    return len(a & b) / len(a | b) if a or b else 1.0


# --- stories ----------------------------------------------------------------------------------
def _pick(rng: random.Random, spec: tuple[tuple, tuple[float, ...]]):
    values, weights = spec
    return rng.choices(values, weights)[0]


def story_docs(gen: Generator) -> list[Doc]:
    """All documents of one story (or one singleton), truth fields filled except paths."""
    rng = gen.rng
    story = gen.next_story_id()
    base = datetime(2024, 1, 1, 6, tzinfo=UTC) + timedelta(
        days=rng.randrange(365), minutes=rng.randrange(600)
    )
    body = gen.original_body()
    home = rng.choice(SITES)
    cluster0 = f"{story}-c0"

    def doc(kind, fmt, body, cluster, site, hours=0.0, rewrite_of=None) -> Doc:
        published = base + timedelta(hours=hours, minutes=rng.randrange(60))
        return Doc(
            story, cluster, kind, fmt, body, site, rng.choice(_AUTHORS), published, rewrite_of
        )

    if rng.random() < SINGLETON_SHARE:
        return [doc("singleton", _pick(rng, ORIGINAL_FORMATS), body, cluster0, home)]
    original = doc("original", _pick(rng, ORIGINAL_FORMATS), body, cluster0, home)
    docs = [original]
    for _ in range(_pick(rng, EXACT_COPIES)):
        copy = doc("exact", original.fmt, body, cluster0, home)
        copy.published, copy.author = original.published, original.author
        copy.extra["same_bytes_as"] = original
        docs.append(copy)
    for _ in range(_pick(rng, WRAPPED_COPIES)):
        site = rng.choice([s for s in SITES if s != home])
        docs.append(doc("wrapped", _pick(rng, WRAPPED_FORMATS), body, cluster0, site, rng.random()))
    for _ in range(_pick(rng, EDITED_COPIES)):
        fmt = rng.choice(("html", "rendering", "txt", "jsonl"))
        docs.append(doc("edited", fmt, gen.edited_body(body), cluster0, rng.choice(SITES), 2))
    for index in range(_pick(rng, REWRITES)):
        cluster = f"{story}-r{index + 1}"
        site = rng.choice([s for s in SITES if s != home])
        fmt = rng.choice(("html", "rendering", "txt", "jsonl", "html"))
        hours = 24 * rng.randint(1, 3)
        rewrite = doc("rewrite", fmt, gen.rewrite_body(body), cluster, site, hours, original)
        docs.append(rewrite)
        if rng.random() < REWRITE_SYNDICATED:
            again = rng.choice([s for s in SITES if s != site])
            fmt = _pick(rng, WRAPPED_FORMATS)
            docs.append(doc("rewrite_copy", fmt, rewrite.body, cluster, again, hours + 3, original))
    return docs


# --- renderings -------------------------------------------------------------------------------
def render_html(doc: Doc, rng: random.Random, teasers: list[str]) -> str:
    """A full page on the doc's site: head metadata, nav, article, related links, footer."""
    site, body, esc = doc.site, doc.body, html.escape
    nav = "".join(
        f'<li><a href="/{s.lower()}">{esc(s)}</a></li>' for s in site.sections
    )  # fmt: skip
    related = "".join(
        f'<li><a href="/story/{rng.randrange(10**6)}">{esc(t)}</a></li>' for t in teasers
    )
    paras = [f"<p>{esc(' '.join(p))}</p>" for p in body.paragraphs]
    if site.style in (1, 3) and len(paras) > 3:  # a promo box in the middle of the story
        paras.insert(
            len(paras) // 2,
            '<div class="promo"><p>Sign up for our newsletter and get the latest headlines '
            'in your inbox.</p><a href="/subscribe">Subscribe now</a></div>',
        )
    byline = _byline_html(doc)
    if site.style == 0:
        main = (
            f"<main><article><h1>{esc(body.title)}</h1>{byline}{''.join(paras)}</article>"
            f'<aside class="related"><h2>Related stories</h2><ul>{related}</ul></aside></main>'
        )
    elif site.style == 1:
        main = (
            f'<div id="content"><div class="headline"><h1 class="title">{esc(body.title)}</h1>'
            f'</div>{byline}<div class="story-body">{"".join(paras)}</div>'
            f'<div class="share">Share this article: Facebook Twitter Email</div>'
            f'<div class="more"><h3>More from {esc(site.name)}</h3><ul>{related}</ul></div></div>'
        )
    elif site.style == 2:
        main = (
            f'<section class="page"><header class="article-header"><h1>{esc(body.title)}</h1>'
            f'{byline}</header><article class="entry-content">{"".join(paras)}</article>'
            f'<section class="comments"><h3>2 Comments</h3><p>Great article, thanks!</p>'
            f"</section><aside><h4>Most read</h4><ol>{related}</ol></aside></section>"
        )
    else:
        main = (
            f'<div class="wrapper"><div class="cookie-banner">We use cookies to improve your '
            f"experience. Accept all</div><h1>{esc(body.title)}</h1>{byline}"
            f'<div itemprop="articleBody">{"".join(paras)}</div>'
            f'<div class="trending"><h3>Trending</h3><ul>{related}</ul></div></div>'
        )
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{_page_title(doc)}</title>{_head_metadata(doc)}"
        f'</head><body><header class="site-header"><a class="logo" href="/">{esc(site.name)}'
        f'</a><nav><ul>{nav}</ul></nav><form><input type="search" placeholder="Search">'
        f'</form></header>{main}<footer><ul><li><a href="/about">About us</a></li>'
        f'<li><a href="/privacy">Privacy Policy</a></li><li><a href="/terms">Terms of Use</a>'
        f"</li></ul><p>&copy; {doc.published.year} {esc(site.name)}. All rights reserved.</p>"
        f"</footer></body></html>\n"
    )


def _page_title(doc: Doc) -> str:
    return f"{html.escape(doc.body.title)} | {html.escape(doc.site.name)}"


def _head_metadata(doc: Doc, timespec: str = "auto") -> str:
    """What trafilatura reads the url, title, site, author and date from.

    htmldate ignores a timestamp with more than 18 digits, as one with microseconds (wrapped
    copies have them): the light pages' date then comes from the byline's <time>.
    """
    esc = html.escape
    return (
        f'<link rel="canonical" href="{esc(doc.url)}">'
        f'<meta property="og:title" content="{esc(doc.body.title)}">'
        f'<meta property="og:site_name" content="{esc(doc.site.name)}">'
        f'<meta name="author" content="{esc(doc.author)}">'
        f'<meta property="article:published_time" '
        f'content="{doc.published.isoformat(timespec=timespec)}">'
    )


def _byline_html(doc: Doc, timespec: str = "auto") -> str:
    return (
        f'<div class="byline">By <a rel="author" href="/authors/x">{html.escape(doc.author)}'
        f'</a> <time datetime="{doc.published.isoformat(timespec=timespec)}">'
        f"{doc.published:%B %d, %Y %H:%M}</time></div>"
    )


def render_text_page(doc: Doc, rng: random.Random, teasers: list[str]) -> str:
    """What a browser's "save as text" keeps: menus, byline, body, share bar, related, footer."""
    site = doc.site
    lines = ["Skip to main content", site.name, ""]
    lines += [f"  \u2022 {s}" for s in site.sections]
    lines += ["  \u2022 Subscribe", "  \u2022 Sign in", ""]
    lines += _text_article_lines(doc)
    lines += ["Share this article", "  \u2022 Facebook", "  \u2022 Twitter", "  \u2022 Email", ""]
    lines += ["Related" if site.style < 2 else "More stories", ""]
    lines += [f"  \u2022 {t}" for t in teasers]
    lines += ["", "About / Advertise / Contact", "Privacy Policy / Terms of Use", ""]
    lines += [f"\u00a9 {doc.published.year} {site.name}. All Rights Reserved.", ""]
    return "\n".join(lines)


def _text_article_lines(doc: Doc) -> list[str]:
    """The article part of a rendering: headline, byline and date, paragraphs."""
    site, body = doc.site, doc.body
    lines = [body.title, ""]
    if site.style % 2:
        lines += [f"By {doc.author}", f"{doc.published:%B %d, %Y %I:%M %p} UTC", ""]
    else:
        lines += [f"{doc.author} - {doc.published:%b %d, %Y, %I:%M %p}", "0", ""]
    for index, paragraph in enumerate(body.paragraphs):
        lines += [" ".join(paragraph), ""]
        if site.style == 3 and index == 2:
            lines += ["Advertisement", ""]
    return lines


def render_plain(doc: Doc) -> str:
    """A clean text file: headline, blank line, paragraphs (a feed or API dump)."""
    return doc.body.title + "\n\n" + doc.body.text() + "\n"


def jsonl_record(doc: Doc) -> dict:
    return {
        "url": doc.url,
        "title": doc.body.title,
        "published": doc.published.isoformat(),
        "author": doc.author,
        "text": doc.body.text(),
    }


def _slug(title: str) -> str:
    return "-".join(_WORD.findall(title.lower())[:6]) or "article"


# --- real page chrome (--pages real) ----------------------------------------------------------
REAL_LAYOUTS_PER_SITE = 2  # real pages a site's pages are wrapped in (its page layouts)
REAL_MAIN_LAYOUT_SHARE = 0.8  # the rest go to its other layout(s)
REAL_KEY_WORDS = 10  # first / last words of a body paragraph that locate it on a page
REAL_MIN_PARAGRAPH_WORDS = 5  # shorter paragraphs ("Advertisement", datelines) locate nothing
REAL_MIN_LOCATED = 0.5  # share of the body's paragraphs that must be found on the page
REAL_BODY_COVERAGE = 0.8  # the body element holds this share of the paragraphs found
REAL_MAX_LEFT_OVER = 0.1  # paragraphs also found outside the body: more and the page is skipped
REAL_TITLE_LINES = 25  # a rendering's headline sits at most this many lines above its body
_UNTEXT_TAGS = frozenset(("script", "style", "noscript", "template", "textarea", "title"))
_META_DROP = re.compile(
    r"date|time|publish|modified|updated|author|creator|byl|article:|title|url|description|"
    r"site_name|parsely|content-type",
    re.I,
)
_ITEMPROP_DROP = re.compile(r"author|date|creator", re.I)
_SLOT = "storylineslot-{}"
_SLOT_SPLIT = re.compile(r"<!--storylineslot-(\w+)-->")


def _tokens(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).lower())


def _find_words(haystack: str, needle: str) -> Iterator[int]:
    """Offsets where `needle` occurs in `haystack` as whole space-separated words."""
    at = haystack.find(needle)
    while at >= 0:
        end = at + len(needle)
        if (at == 0 or haystack[at - 1] == " ") and (end == len(haystack) or haystack[end] == " "):
            yield at
        at = haystack.find(needle, at + 1)


@dataclass(frozen=True)
class RealTemplate:
    """A real page cut at its slots: literal text and slot names alternate."""

    page: str
    parts: tuple[str, ...]

    def fill(self, values: dict[str, str]) -> str:
        return "".join(values[p] if i % 2 else p for i, p in enumerate(self.parts))


def _body_keys(body: str) -> list[tuple[str, str]]:
    """(first words, last words) of each ground-truth paragraph long enough to locate."""
    keys = []
    for paragraph in body.split("\n"):
        tokens = _tokens(paragraph)
        if len(tokens) >= REAL_MIN_PARAGRAPH_WORDS:
            keys.append((" ".join(tokens[:REAL_KEY_WORDS]), " ".join(tokens[-REAL_KEY_WORDS:])))
    return keys


def _locate_body_element(root, keys: list[tuple[str, str]]):
    """The element holding the article body: the deepest one around most located paragraphs.

    One pass collects the page's visible words with the element each belongs to; a paragraph
    found in that stream is placed at the lowest common ancestor of its first and last word.
    """
    from lxml import etree

    words: list[str] = []
    owners: list = []
    hidden = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        skip = not isinstance(element.tag, str) or element.tag in _UNTEXT_TAGS
        if event == "start":
            hidden += skip
            if not hidden and element.text:
                found = _tokens(element.text)
                words += found
                owners += [element] * len(found)
        else:
            hidden -= skip
            parent = element.getparent()
            if not hidden and element.tail and parent is not None:
                found = _tokens(element.tail)
                words += found
                owners += [parent] * len(found)
    text = " ".join(words)
    starts, at = [], 0
    for word in words:
        starts.append(at)
        at += len(word) + 1
    ancestry: dict = {}

    def chain(element) -> list:
        if element not in ancestry:
            ancestry[element] = [element, *element.iterancestors()]
        return ancestry[element]

    places: list[list] = []  # per located paragraph: the elements it was found in
    for key, _tail in keys:
        found = []
        for offset in _find_words(text, key):
            first = bisect.bisect_right(starts, offset) - 1
            last = first + len(key.split()) - 1
            up = set(chain(owners[last]))
            found.append(next(e for e in chain(owners[first]) if e in up))
        if found:
            places.append(found)
    if not keys or len(places) < REAL_MIN_LOCATED * len(keys):
        return None
    cover: dict = {}
    for index, found in enumerate(places):
        for element in found:
            for ancestor in chain(element):
                cover.setdefault(ancestor, set()).add(index)
    best = max(
        (e for e, held in cover.items() if len(held) >= REAL_BODY_COVERAGE * len(places)),
        key=lambda e: len(chain(e)),
    )
    left_over = sum(any(best not in chain(e) for e in found) for found in places)
    if best.tag in ("html", "body", "head") or left_over > REAL_MAX_LEFT_OVER * len(places):
        return None
    return best


def _html_template(page: str, raw: str, keys: list[tuple[str, str]]) -> RealTemplate | None:
    """The real page with its body, title, headline and date/author/url metadata as slots."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(raw)
    except (etree.ParserError, ValueError):
        return None
    body = _locate_body_element(root, keys)
    if body is None:
        return None
    for child in list(body):
        body.remove(child)
    body.text = None
    body.append(etree.Comment(_SLOT.format("body")))
    headline, below = None, False  # the last h1 above the body, else the first below it
    for element in root.iter("h1", body.tag):
        if element is body:
            below = True
        elif element.tag == "h1" and (not below or headline is None):
            headline = element
            if below:
                break
    if headline is None:
        headline = etree.Element("h1")
        body.addprevious(headline)
    for child in list(headline):
        headline.remove(child)
    headline.text = None
    headline.append(etree.Comment(_SLOT.format("h1")))
    headline.addnext(etree.Comment(_SLOT.format("byline")))  # first date htmldate meets
    drop = [e for e in root.iter("script") if "ld+json" in (e.get("type") or "").lower()]
    drop += list(root.iter("time"))
    drop += [e for e in root.iter("link") if "canonical" in (e.get("rel") or "").lower()]
    for meta in root.iter("meta"):
        names = " ".join(meta.get(a, "") for a in ("name", "property", "itemprop", "http-equiv"))
        if meta.get("charset") is not None or _META_DROP.search(names):
            drop.append(meta)
    drop += [e for e in root.xpath("//*[@itemprop]") if _ITEMPROP_DROP.search(e.get("itemprop"))]
    keep = {*body.iterancestors(), *headline.iterancestors()}  # their slots stay
    for element in drop:
        if element in keep:
            element.attrib.pop("itemprop", None)
            if element.tag == "time":
                element.drop_tag()
        elif element.getparent() is not None:
            element.drop_tree()
    head = root.find("head")
    if head is None:
        head = etree.Element("head")
        root.insert(0, head)
    for title in head.findall("title")[1:]:
        title.drop_tree()
    title = head.find("title")
    if title is None:
        title = etree.SubElement(head, "title")
    for child in list(title):
        title.remove(child)
    title.text = None
    title.append(etree.Comment(_SLOT.format("title")))
    head.insert(0, etree.Comment(_SLOT.format("head")))
    parts = _SLOT_SPLIT.split(lxml.html.tostring(root, encoding="unicode"))
    if sorted(parts[1::2]) != ["body", "byline", "h1", "head", "title"]:
        return None
    return RealTemplate(page, tuple(parts))


def _headlines(raw: str) -> list[str]:
    """The real page's headline candidates as word strings: og:title, h1s, <title>."""
    found = re.findall(r"<meta[^>]+og:title[^>]+content=\"([^\"]+)\"", raw[:100_000], re.I)
    found += re.findall(r"<h1[^>]*>(.*?)</h1>", raw, re.I | re.S)
    found += re.findall(r"<title[^>]*>(.*?)</title>", raw, re.I | re.S)
    out = []
    for candidate in found:
        words = " ".join(_tokens(html.unescape(re.sub(r"<[^>]+>", " ", candidate))))
        if len(words.split()) >= 3:
            out.append(words)
    return out


def _text_template(
    page: str, rendering: str, keys: list[tuple[str, str]], headlines: list[str]
) -> RealTemplate | None:
    """The real rendering, its lines from the headline (else the body's start) to the body's
    end replaced by one slot."""
    from bench._common import HTML_SIGNS

    if HTML_SIGNS.search(rendering.encode()):
        return None  # the pipeline would take the page for HTML
    lines = rendering.split("\n")
    line_words = [" ".join(_tokens(line)) for line in lines]
    joined = " \n ".join(line_words)  # lines stay apart: a key never spans two
    line_at = list(itertools.accumulate((len(w) + 3 for w in line_words), initial=0))

    def lines_with(needle: str) -> list[int]:
        return [bisect.bisect_right(line_at, at) - 1 for at in _find_words(joined, needle)]

    found = [(lines_with(head), lines_with(tail)) for head, tail in keys]
    located = [(heads, tails) for heads, tails in found if heads or tails]
    if not keys or len(located) < REAL_MIN_LOCATED * len(keys):
        return None
    start = min(located[0][0] or located[0][1])
    ends = [i for i in (located[-1][1] or located[-1][0]) if i >= start]
    if not ends:
        return None
    end = ends[0]
    inside = sum(any(start <= i <= end for i in h + t) for h, t in located)
    outside = sum(any(not start <= i <= end for i in h + t) for h, t in located)
    if inside < REAL_BODY_COVERAGE * len(located) or outside > REAL_MAX_LEFT_OVER * len(located):
        return None
    for index in range(start - 1, max(-1, start - REAL_TITLE_LINES), -1):
        words = line_words[index]  # the headline line, or the start of "headline | site"
        if words.count(" ") >= 2 and any((h + " ").startswith(words + " ") for h in headlines):
            start = index
            break
    before, after = lines[:start], lines[end + 1 :]
    if before and before[-1].strip():
        before.append("")
    if after and after[0].strip():
        after.insert(0, "")
    head = "\n".join(before)
    if not head.strip():
        return None  # no chrome above the article
    return RealTemplate(page, (head + "\n", "article", "\n".join(after)))


@functools.cache
def load_real_templates(source: Path) -> tuple[list[RealTemplate], list[RealTemplate]]:
    """(HTML templates, rendering templates) of the English pages whose body could be located."""
    truth = json.loads((source / "ground-truth.json").read_text(encoding="utf-8"))
    html_templates, text_templates = [], []
    for page in sorted(truth):
        body = truth[page]["articleBody"]
        if not _is_english(body):
            continue  # the generated articles are English
        keys = _body_keys(body)
        with gzip.open(source / "html" / f"{page}.html.gz", "rt", encoding="utf-8") as handle:
            raw = handle.read()
        template = _html_template(page, raw, keys)
        if template is not None:
            html_templates.append(template)
        rendering = source / "text-rendering" / f"{page}.txt"
        if rendering.exists():
            text = rendering.read_text(encoding="utf-8")
            template = _text_template(page, text, keys, _headlines(raw))
            if template is not None:
                text_templates.append(template)
    return html_templates, text_templates


class RealPages:
    """Wraps documents in the chrome of real pages; each site keeps a few real layouts."""

    def __init__(self, source: Path, seed: int):
        self.rng = random.Random(seed + 3)  # its own: the light corpus's draws stay as they are
        self.html_templates, self.text_templates = load_real_templates(source)
        if not self.html_templates or not self.text_templates:
            raise ValueError(f"no usable real page templates in {source}")
        self.html_layouts = self._assign(self.html_templates)
        self.text_layouts = self._assign(self.text_templates)

    def _assign(self, templates: list[RealTemplate]) -> dict[str, list[RealTemplate]]:
        order = self.rng.sample(templates, len(templates))
        n = REAL_LAYOUTS_PER_SITE
        return {
            site.name: [order[(i * n + k) % len(order)] for k in range(n)]
            for i, site in enumerate(SITES)
        }

    def _layout(self, layouts: list[RealTemplate]) -> RealTemplate:
        if len(layouts) == 1 or self.rng.random() < REAL_MAIN_LAYOUT_SHARE:
            return layouts[0]
        return self.rng.choice(layouts[1:])

    def render_html(self, doc: Doc) -> str:
        esc = html.escape
        page = self._layout(self.html_layouts[doc.site.name]).fill({
            "head": '<meta charset="utf-8">' + _head_metadata(doc, "seconds"),
            "title": _page_title(doc),
            "h1": esc(doc.body.title),
            "byline": _byline_html(doc, "seconds"),
            "body": "".join(f"<p>{esc(' '.join(p))}</p>" for p in doc.body.paragraphs),
        })  # fmt: skip
        return "<!DOCTYPE html>\n" + page + "\n"

    def render_text_page(self, doc: Doc) -> str:
        layout = self._layout(self.text_layouts[doc.site.name])
        return layout.fill({"article": "\n".join(_text_article_lines(doc))})


# --- writing ---------------------------------------------------------------------------------
def generate(n_docs: int, seed: int, source: Path) -> list[Doc]:
    """Exactly `n_docs` documents: whole stories, the last one cut short if needed."""
    gen = Generator(load_sentence_bodies(source), seed)
    docs: list[Doc] = []
    while len(docs) < n_docs:
        docs.extend(story_docs(gen))
    return docs[:n_docs]


def write_corpus(
    docs: list[Doc], out: Path, seed: int, real: RealPages | None = None
) -> dict[str, int]:
    """Lays the docs out as files (jsonl records batched into feed files) and writes truth.

    `real`: wrap HTML pages and renderings in real pages' chrome instead of the light templates.
    The light page is rendered all the same, so `rng` draws the same numbers and file names,
    feeds and truth do not depend on the choice.
    """
    rng = random.Random(seed + 1)
    order = list(range(len(docs)))
    rng.shuffle(order)  # file names and feed positions say nothing about stories or kinds
    number_of = {index: number for number, index in enumerate(order)}
    teaser_pool = [d.body.title for d in docs[: min(len(docs), 5000)]]
    counts: dict[str, int] = {}
    for index, doc in enumerate(docs):  # story order: an original comes before its copies
        number = number_of[index]
        counts[doc.fmt] = counts.get(doc.fmt, 0) + 1
        slug = _slug(doc.body.title)
        doc.url = f"https://{doc.site.domain}/{doc.published:%Y/%m}/{slug}-{number}"
        same = doc.extra.get("same_bytes_as")
        if same is not None and doc.fmt == "jsonl":
            doc.url = f"{same.url}?utm_source=feed{number}"  # same text, another feed entry
        elif same is not None:
            doc.url, doc.extra["payload"] = same.url, same.extra["payload"]
        elif doc.fmt == "html":
            doc.extra["payload"] = render_html(doc, rng, rng.sample(teaser_pool, 5))
            if real is not None:
                doc.extra["payload"] = real.render_html(doc)
        elif doc.fmt == "rendering":
            doc.extra["payload"] = render_text_page(doc, rng, rng.sample(teaser_pool, 5))
            if real is not None:
                doc.extra["payload"] = real.render_text_page(doc)
        elif doc.fmt == "txt":
            doc.extra["payload"] = render_plain(doc)
        if doc.fmt != "jsonl":
            suffix = ".html" if doc.fmt == "html" else ".txt"
            doc.file = doc.key = f"{doc.site.domain.split('.')[0]}/{number:06d}-{slug}{suffix}"
    jsonl_docs = [docs[index] for index in order if docs[index].fmt == "jsonl"]
    for index, (start, stop) in enumerate(_chunks(len(jsonl_docs), rng)):
        name = f"feeds/feed-{index:05d}.jsonl"
        for line, doc in enumerate(jsonl_docs[start:stop], start=1):
            doc.file, doc.line, doc.key = name, line, f"{name}#{line}"
    _write_files(docs, out / "docs")
    with open(out / "truth.jsonl", "w", encoding="utf-8") as handle:
        for doc in sorted(docs, key=lambda d: d.key):
            handle.write(json.dumps(truth_row(doc), sort_keys=True) + "\n")
    return counts


def _chunks(total: int, rng: random.Random) -> Iterator[tuple[int, int]]:
    start = 0
    while start < total:
        stop = min(total, start + rng.randint(*JSONL_LINES))
        yield start, stop
        start = stop


def _write_files(docs: list[Doc], docs_dir: Path) -> None:
    feeds: dict[str, list[Doc]] = {}
    for doc in docs:
        path = docs_dir / doc.file
        path.parent.mkdir(parents=True, exist_ok=True)
        if doc.fmt == "jsonl":
            feeds.setdefault(doc.file, []).append(doc)
        else:
            path.write_text(doc.extra["payload"], encoding="utf-8")
    for name, members in feeds.items():
        members.sort(key=lambda d: d.line)
        lines = [json.dumps(jsonl_record(d), ensure_ascii=False) for d in members]
        (docs_dir / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def truth_row(doc: Doc) -> dict:
    return {
        "doc": doc.key,
        "file": doc.file,
        "line": doc.line,
        "url": doc.url,
        "format": doc.fmt,
        "story": doc.story,
        "cluster": doc.cluster,
        "rewrite_of": doc.rewrite_of.key if doc.rewrite_of is not None else None,
        "kind": doc.kind,
        "words": doc.body.word_count(),
    }


# --- checks ----------------------------------------------------------------------------------
def check_corpus(docs: list[Doc], seed: int, sample: int = 3000) -> dict[str, float]:
    """Ground-truth sanity on a sample: originals far apart, copies close, rewrites in between."""
    from transforms.alignment import sentence_profile

    rng = random.Random(seed + 2)
    originals = [d for d in docs if d.kind in ("original", "singleton")]
    texts = [d.body.text() for d in originals]
    shingles = [shingle_set(t) for t in texts]
    worst = 0.0
    for _ in range(min(sample, len(originals) * (len(originals) - 1) // 2)):
        i, j = rng.sample(range(len(originals)), 2)
        union = len(shingles[i] | shingles[j])
        worst = max(worst, len(shingles[i] & shingles[j]) / union if union else 0.0)
    by_kind: dict[str, list[float]] = {}
    retained: list[float] = []
    for doc in docs:
        source = doc.rewrite_of or next((o for o in originals if o.story == doc.story), None)
        if source is None or doc.kind in ("original", "singleton"):
            continue
        by_kind.setdefault(doc.kind, []).append(
            shingle_jaccard(doc.body.text(), source.body.text())
        )
        if doc.kind == "rewrite" and len(retained) < 2000:
            retained.extend(_content_retention(doc, source, sentence_profile))
    stats = {"originals_max_pair_j5": worst, "min_words": min(d.body.word_count() for d in docs)}
    for kind, values in sorted(by_kind.items()):
        values.sort()
        stats[f"{kind}_j5_median"] = values[len(values) // 2]
        stats[f"{kind}_j5_min"] = values[0]
        stats[f"{kind}_j5_max"] = values[-1]
    if retained:
        stats["rewrite_sentences_keeping_40pct"] = sum(r >= 0.4 for r in retained) / len(retained)
    return stats


def _content_retention(doc: Doc, source: Doc, sentence_profile) -> list[float]:
    """Per source sentence: share of its content words found in the aligned rewrite sentence."""
    derived = sentence_profile("d", doc.body.text(), "en").content
    original = sentence_profile("s", source.body.text(), "en").content
    out = []
    for terms in original:
        best = max((len(terms & other) / len(terms) for other in derived), default=0.0)
        out.append(best)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, required=True, help="number of documents")
    parser.add_argument("--out", type=Path, required=True, help="corpus directory")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="scrapinghub-aeb dir")
    parser.add_argument("--no-check", action="store_true", help="skip the ground-truth checks")
    parser.add_argument(
        "--pages",
        choices=("real", "light"),
        default="real",
        help="page chrome: that of the source's real pages, or small hand-written templates",
    )
    args = parser.parse_args(argv)
    if (args.out / "truth.jsonl").exists() or (args.out / "docs").exists():
        print(f"{args.out} already holds a corpus; remove it first", file=sys.stderr)
        return 2
    real = RealPages(args.source, args.seed) if args.pages == "real" else None
    docs = generate(args.docs, args.seed, args.source)
    counts = write_corpus(docs, args.out, args.seed, real)
    made = {"docs": args.docs, "seed": args.seed, "pages": args.pages}
    (args.out / "corpus.json").write_text(json.dumps(made) + "\n", encoding="utf-8")
    kinds: dict[str, int] = {}
    for doc in docs:
        kinds[doc.kind] = kinds.get(doc.kind, 0) + 1
    stories = len({d.story for d in docs})
    print(f"{len(docs)} documents, {stories} stories -> {args.out}")
    print("kinds:   " + ", ".join(f"{k}={v}" for k, v in sorted(kinds.items())))
    print("formats: " + ", ".join(f"{k}={v}" for k, v in sorted(counts.items())))
    if real is not None:
        print(
            f"pages:   real, {len(real.html_templates)} HTML and {len(real.text_templates)} "
            f"rendering templates, {REAL_LAYOUTS_PER_SITE} of each per site"
        )
    if not args.no_check:
        for name, value in check_corpus(docs, args.seed).items():
            print(f"check {name:36s} {value:.3f}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO_ROOT))
    raise SystemExit(main())
