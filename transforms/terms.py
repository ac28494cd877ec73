"""Weighted term vectors for story grouping (TF-IDF; title and lead weighted up).

IDF has two parts. The corpus part (document frequency in this run) only means something once a
run holds many articles; a run of four articles about one event would call every shared word
common. So each term is also weighted by its rarity in the language at large (wordfreq's Zipf
scale, shipped inside the package): "said" and "election" weigh little, "Soros" and "Antofagasta"
a lot, in a run of four articles or of a million.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache

import wordfreq
import xxhash

from transforms.segment import is_ngram, tokens
from transforms.stopwords import stopwords_for
from transforms.textnorm import normalize_text

# Whole numbers: a boost counts a token again, so counting stays in C (`weighted_terms`).
TITLE_WEIGHT = 3  # the headline names the event; it says more than any body sentence
LEAD_WEIGHT = 2  # the lead repeats who/what/where; later paragraphs drift to background
LEAD_WORDS = 60
NAME_WEIGHT = 1.5  # capitalised mid-sentence words are names and places: the event's anchors
# Zipf frequency is log10 of occurrences per billion words: ~7.7 for "the", ~3 for a surname.
ZIPF_CEILING = 8.0  # rarity = ceiling - zipf, so unknown words (zipf 0) weigh most
MIN_RARITY = 0.5  # the commonest content words still count a little
# Corpus IDF is smoothed as if this many extra documents held no term: in a small run it stays
# near 1 (background rarity decides), in a large one it sinks for the run's own common words.
IDF_PRIOR_DOCS = 20
# wordfreq needs an optional segmenter to tokenize these (see `rarity`)
_SEGMENTED_LANGUAGES = frozenset({"zh", "ja", "ko"})
UNKNOWN_LANGUAGE_RARITY = 4.0  # no frequency list for the language: corpus IDF alone decides
_MID_SENTENCE_NAME = re.compile(r"(?<=[a-z,;] )([A-Z][\w'-]+)")


def term_id(term: str) -> int:
    """Terms travel as 63-bit hashes: vectors and document frequencies stay compact, and the
    state tables store them as Delta's signed 64-bit integers."""
    return xxhash.xxh64_intdigest(term.encode("utf-8")) >> 1


def weighted_terms(title: str | None, text: str, language: str | None) -> dict[int, float]:
    """Term frequencies of one article with the title, lead and name boosts applied.

    Counted in C (`Counter` over token lists, a boosted list repeated) and each distinct token
    looked up in a per-language dict (`_TermCache`): this runs on every canonical article, a
    few hundred distinct tokens each, and a dict lookup by token is half the cost of an
    `lru_cache` call keyed by (token, language).
    """
    names = set(tokens(normalize_text(" ".join(_MID_SENTENCE_NAME.findall(text)))))
    body = tokens(normalize_text(text))
    weights = Counter(body)
    weights.update(body[:LEAD_WORDS] * (LEAD_WEIGHT - 1))
    weights.update(tokens(normalize_text(title or "")) * TITLE_WEIGHT)
    known = _TERMS.for_language(language)
    bag: dict[int, float] = {}
    for token, weight in weights.items():
        kept = known.get(token, _UNSEEN)
        if kept is _UNSEEN:
            kept = known[token] = _term_and_rarity(token, language)
        if kept is not None:
            boost = NAME_WEIGHT if token in names else 1.0
            bag[kept[0]] = (1.0 + math.log(weight)) * boost * kept[1]
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
    bag: Mapping[int, float], doc_freq: Mapping[int, int], n_docs: int, keep: int
) -> dict[int, float]:
    """The `keep` strongest TF-IDF terms, L2-normalised (so a dot product is a cosine)."""
    scored = {
        term: weight
        * (math.log((n_docs + IDF_PRIOR_DOCS) / (doc_freq.get(term, 1) + IDF_PRIOR_DOCS)) + 1.0)
        for term, weight in bag.items()
    }
    # nsmallest is sorted(...)[:keep] without sorting the few hundred terms past `keep`
    strongest = heapq.nsmallest(keep, scored.items(), key=lambda item: (-item[1], item[0]))
    norm = math.sqrt(sum(weight * weight for _term, weight in strongest)) or 1.0
    return {term: weight / norm for term, weight in strongest}


def cosine(left: Mapping[int, float], right: Mapping[int, float]) -> float:
    if len(left) > len(right):
        left, right = right, left
    return sum(weight * right.get(term, 0.0) for term, weight in left.items())


def add_into(total: dict[int, float], vector: Iterable[tuple[int, float]]) -> None:
    for term, weight in vector:
        total[term] = total.get(term, 0.0) + weight
