"""Weighted term vectors for story grouping: four TF-IDF views of one article.

After Miranda et al. (EMNLP 2018, "Multilingual clustering of streaming news"): an article is
compared view by view, and the merge decision combines the views' cosines (`similarity`):

- body: every content word of the text;
- headline: the title and the lead, which name the event;
- names: capitalised words and multi-word names (people, places, organisations): what tells two
  earthquakes or two arrests apart when their other words are the same. Scripts without case
  have none, and the views they do have decide alone;
- numbers: figures and dates (tolls, scores, magnitudes, years).

A view lives in the two low bits of its terms' ids, so a profile stays one dict of term ids (one
vector to store, shuffle and sum into story centroids) and each view is unit length in it.

IDF has two parts. The corpus part (document frequency in this run) only means something once a
run holds many articles; a run of four articles about one event would call every shared word
common. So each term is also weighted by its rarity in the language at large (wordfreq's Zipf
scale, shipped inside the package): "said" and "election" weigh little, "Soros" and "Antofagasta"
a lot, in a run of four articles or of a million.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache

import regex
import wordfreq
import xxhash

from transforms.segment import is_ngram, tokens
from transforms.stopwords import stopwords_for
from transforms.textnorm import normalize_text

BODY, HEADLINE, NAMES, NUMBERS = range(4)
VIEWS = (BODY, HEADLINE, NAMES, NUMBERS)
_VIEW_BITS = 3  # a term id's two low bits name its view
LEAD_WORDS = 60  # the headline view: the title and the text's first words
# Zipf frequency is log10 of occurrences per billion words: ~7.7 for "the", ~3 for a surname.
ZIPF_CEILING = 8.0  # rarity = ceiling - zipf, so unknown words (zipf 0) weigh most
MIN_RARITY = 0.5  # the commonest content words still count a little
# Corpus IDF is smoothed as if this many extra documents held no term: in a small run it stays
# near 1 (background rarity decides), in a large one it sinks for the run's own common words.
IDF_PRIOR_DOCS = 20
# wordfreq needs an optional segmenter to tokenize these (see `rarity`)
_SEGMENTED_LANGUAGES = frozenset({"zh", "ja", "ko"})
UNKNOWN_LANGUAGE_RARITY = 4.0  # no frequency list for the language: corpus IDF alone decides
NUMBER_RARITY = UNKNOWN_LANGUAGE_RARITY  # a figure is no word: corpus IDF alone decides
# A name: capitalised words in a row (one space or tab apart, so never across lines).
_NAME = regex.compile(r"\p{Lu}[\p{L}\p{M}'\u2019-]*(?:[ \t]+\p{Lu}[\p{L}\p{M}'\u2019-]*)*")
# What comes before a sentence's first word: its capital says nothing about a name.
_SENTENCE_START = regex.compile(r"(?:^|[.!?]\s+|[\"\u201c\u2018(\[]\s*)$")
_POSSESSIVE = regex.compile(r"['\u2019]s$")
_NUMBER = regex.compile(r"\d[\d.,:]*\d|\d")
MIN_NAME_CHARS = 3
TITLE_CASE_SHARE = 0.6  # a line with more capitalised words than this is a headline in title case
TITLE_CASE_MIN_WORDS = 4
TITLE_CASE_MAX_WORDS = 25  # headlines are short: longer lines are not checked (it costs)


def term_id(term: str) -> int:
    """Terms travel as 63-bit hashes: vectors and document frequencies stay compact, and the
    state tables store them as Delta's signed 64-bit integers."""
    return xxhash.xxh64_intdigest(term.encode("utf-8")) >> 1


def view_of(term: int) -> int:
    return term & _VIEW_BITS


def _in_view(term: int, view: int) -> int:
    return (term & ~_VIEW_BITS) | view


def names(text: str, language: str | None) -> list[str]:
    """Capitalised names of a text, normalised: each word, and each multi-word name whole.

    A lone capitalised word opening a sentence is no evidence of a name, nor is a line in title
    case; stop words and words shorter than MIN_NAME_CHARS are dropped from names."""
    stop = stopwords_for(language)
    found: list[str] = []
    for line in text.split("\n"):
        if _in_title_case(line.split()):
            continue
        for match in _NAME.finditer(line):
            parts = match.group().split()
            opening = _SENTENCE_START.search(line[max(0, match.start() - 3) : match.start()])
            if opening is not None and len(parts) == 1:
                continue
            kept = [_POSSESSIVE.sub("", normalize_text(part)) for part in parts]
            kept = [word for word in kept if len(word) >= MIN_NAME_CHARS and word not in stop]
            if len(kept) > 1:
                found.append(" ".join(kept))
            found.extend(kept)
    return found


def _in_title_case(words: list[str]) -> bool:
    if not TITLE_CASE_MIN_WORDS <= len(words) <= TITLE_CASE_MAX_WORDS:
        return False
    return sum(word[0].isupper() for word in words) > TITLE_CASE_SHARE * len(words)


def weighted_terms(title: str | None, text: str, language: str | None) -> dict[int, float]:
    """Term frequencies of one article's four views, each weighted by rarity.

    Counted in C (`Counter` over token lists) and each distinct token looked up in a
    per-language dict (`_TermCache`): this runs on every canonical article, a few hundred
    distinct tokens each, and a dict lookup by token is half the cost of an `lru_cache` call
    keyed by (token, language).
    """
    body = tokens(normalize_text(text))
    known = _TERMS.for_language(language)
    bag: dict[int, float] = {}
    for view, counted in (
        (BODY, Counter(body)),
        (HEADLINE, Counter(tokens(normalize_text(title or "")) + body[:LEAD_WORDS])),
    ):
        for token, count in counted.items():
            kept = known.get(token, _UNSEEN)
            if kept is _UNSEEN:
                kept = known[token] = _term_and_rarity(token, language)
            if kept is not None:
                bag[_in_view(kept[0], view)] = (1.0 + math.log(count)) * kept[1]
    for name, count in Counter(names(f"{title or ''}\n{text}", language)).items():
        surname = name.rsplit(" ", 1)[-1]  # the last word is the rarest part of most names
        kept = known.get(surname, _UNSEEN)
        if kept is _UNSEEN:
            kept = known[surname] = _term_and_rarity(surname, language)
        weight = kept[1] if kept is not None else MIN_RARITY
        bag[_in_view(term_id(name), NAMES)] = (1.0 + math.log(count)) * weight
    for number, count in Counter(_NUMBER.findall(text)).items():
        bag[_in_view(term_id(number), NUMBERS)] = (1.0 + math.log(count)) * NUMBER_RARITY
    return bag


_UNSEEN = object()


class _TermCache:
    """token -> (term id, rarity) or None, one dict per language; emptied when it holds
    `max_entries` in all (~280 bytes an entry: ~55 MB per process when full)."""

    def __init__(self, max_entries: int):
        self._max_entries = max_entries
        self._by_language: dict[str | None, dict[str, tuple[int, float] | None]] = {}

    def for_language(self, language: str | None) -> dict[str, tuple[int, float] | None]:
        if sum(map(len, self._by_language.values())) >= self._max_entries:
            self._by_language.clear()
        return self._by_language.setdefault(language, {})


_TERMS = _TermCache(200_000)


def _term_and_rarity(token: str, language: str | None) -> tuple[int, float] | None:
    """(term id, rarity) of a token worth a dimension; None for stop words and short words.

    A bigram of a script without spaces is a term whatever its length."""
    if token in stopwords_for(language):
        return None
    if len(token) < 3 and not token.isdigit() and not is_ngram(token):
        return None
    return term_id(token), rarity(token, language)


@lru_cache(maxsize=1)
def _wordfreq_languages() -> frozenset[str]:
    return frozenset(wordfreq.available_languages())


def rarity(token: str, language: str | None) -> float:
    """How unusual a word is in its language (background IDF), from wordfreq.

    wordfreq tokenizes Chinese, Japanese and Korean with optional segmenters (jieba, MeCab)
    that storyline does not install, and bigrams of spaceless scripts are not its words: those
    are looked up in its word table directly, and a bigram missing from it (one that spans two
    words) is neither rare nor common. Not cached itself: `weighted_terms` caches by token."""
    language = language or "en"
    if language not in _wordfreq_languages():
        return UNKNOWN_LANGUAGE_RARITY
    ngram = is_ngram(token)
    if ngram or language in _SEGMENTED_LANGUAGES:
        frequency = wordfreq.get_frequency_dict(language).get(token)
        if frequency is None:
            return UNKNOWN_LANGUAGE_RARITY if ngram else ZIPF_CEILING
        return max(MIN_RARITY, ZIPF_CEILING - (math.log10(frequency) + 9.0))
    return max(MIN_RARITY, ZIPF_CEILING - wordfreq.zipf_frequency(token, language))


def tfidf_vector(
    bag: Mapping[int, float], doc_freq: Mapping[int, int], n_docs: int, keep: Mapping[int, int]
) -> dict[int, float]:
    """Each view's `keep[view]` strongest TF-IDF terms, each view L2-normalised on its own."""
    by_view: dict[int, dict[int, float]] = {}
    for term, weight in bag.items():
        idf = math.log((n_docs + IDF_PRIOR_DOCS) / (doc_freq.get(term, 1) + IDF_PRIOR_DOCS))
        by_view.setdefault(view_of(term), {})[term] = weight * (idf + 1.0)
    vector: dict[int, float] = {}
    for view, scored in sorted(by_view.items()):
        # nsmallest is sorted(...)[:keep] without sorting the terms past `keep`
        strongest = heapq.nsmallest(
            keep.get(view, 0), scored.items(), key=lambda item: (-item[1], item[0])
        )
        norm = math.sqrt(sum(weight * weight for _term, weight in strongest)) or 1.0
        vector.update((term, weight / norm) for term, weight in strongest)
    return vector


def view_norms(vector: Mapping[int, float]) -> list[float]:
    """Squared L2 norm of each view of a vector (0.0 for a view it lacks)."""
    norms = [0.0] * len(VIEWS)
    for term, weight in vector.items():
        norms[term & _VIEW_BITS] += weight * weight
    return norms


def view_dots(left: Mapping[int, float], right: Mapping[int, float]) -> list[float]:
    """Dot product of two vectors within each view."""
    if len(left) > len(right):
        left, right = right, left
    dots = [0.0] * len(VIEWS)
    for term, weight in left.items():
        other = right.get(term)
        if other is not None:
            dots[term & _VIEW_BITS] += weight * other
    return dots


def combined(
    dots: list[float], left_norms: list[float], right_norms: list[float], weights: Iterable[float]
) -> float:
    """The weighted mean of the views' cosines, over the views both sides have."""
    total = weight_sum = 0.0
    for dot, left, right, weight in zip(dots, left_norms, right_norms, weights, strict=True):
        if left > 0.0 and right > 0.0:
            total += weight * dot / math.sqrt(left * right)
            weight_sum += weight
    return total / weight_sum if weight_sum else 0.0


def similarity(
    left: Mapping[int, float], right: Mapping[int, float], weights: Iterable[float]
) -> float:
    """How alike two articles' vectors are: their views' cosines, combined (`combined`)."""
    return combined(view_dots(left, right), view_norms(left), view_norms(right), weights)


def add_into(total: dict[int, float], vector: Iterable[tuple[int, float]]) -> None:
    for term, weight in vector:
        total[term] = total.get(term, 0.0) + weight
