"""Ordered sentence alignment: how much of one article is another article reworded.

A rewrite keeps the source's sentences in the source's order while changing their words, so
word n-grams barely overlap (5-gram Jaccard ~ 0.1) but each sentence still shares most of its
content words with one source sentence. The score is the share of the derived article's
sentences that align to source sentences along one increasing path (longest increasing
subsequence), which rewards order and ignores a few shared quotations in any order.

Heavy rewrites change a word's form as often as the word ("evacuated" for "evacuation"), so
words are compared by their first `STEM_CHARS` letters, a truncation stemmer that needs no
per-language rules. Numbers are the facts a rewrite keeps and an independent report of the same
event adds: they count as content words whatever their length, and a derived sentence that
states a number the source never states is new reporting, not a reworded source sentence.
"""

from __future__ import annotations

import bisect
from collections import Counter
from typing import NamedTuple

import xxhash

from transforms.segment import is_ngram, sentences, tokens
from transforms.stopwords import stopwords_for
from transforms.textnorm import normalize_text

SENTENCE_MATCH = 0.25  # content-word Jaccard at which two sentences say the same thing
MIN_CONTENT_WORDS = 3  # shorter sentences (datelines, "He said.") align with anything
MIN_ALIGNED = 3  # fewer aligned sentences than this is coincidence, not derivation
EVIDENCE_CHARS = 300
# Letters a word is cut to before comparison: long enough to keep words apart ("press" and
# "president" differ), short enough to join a stem's forms ("evacuated", "evacuation").
# Character n-grams of scripts without spaces are compared whole (docs/rewrites.md).
STEM_CHARS = 5


class SentenceProfile(NamedTuple):
    """An article reduced to what alignment needs: sentences, their content-word sets and the
    numbers each states (hashed)."""

    doc_id: str
    sentences: tuple[str, ...]
    content: tuple[frozenset[int], ...]
    numbers: tuple[frozenset[int], ...] = ()


class Alignment(NamedTuple):
    score: float
    evidence: tuple[str, ...]


def _term(token: str) -> str:
    return token if is_ngram(token) else token[:STEM_CHARS]


def _hash(term: str) -> int:
    return xxhash.xxh32_intdigest(term.encode())


def sentence_profile(doc_id: str, text: str, language: str | None) -> SentenceProfile:
    stop = stopwords_for(language)
    kept, content, numbers = [], [], []
    for sentence in sentences(text):
        words = [token for token in tokens(normalize_text(sentence)) if token not in stop]
        figures = frozenset(_hash(token) for token in words if token.isdigit())
        terms = figures | frozenset(
            _hash(_term(token))
            for token in words
            if not token.isdigit() and (len(token) > 2 or is_ngram(token))
        )
        if len(terms) >= MIN_CONTENT_WORDS:
            kept.append(sentence)
            content.append(terms)
            numbers.append(figures)
    return SentenceProfile(doc_id, tuple(kept), tuple(content), tuple(numbers))


def align(
    derived: SentenceProfile, source: SentenceProfile, min_aligned: int = MIN_ALIGNED
) -> Alignment:
    """Share of `derived`'s sentences aligned, in order, to sentences of `source`; nothing
    when fewer than `min_aligned` are."""
    if not derived.content or not source.content:
        return Alignment(0.0, ())
    matches: list[tuple[int, int]] = []  # (derived index, source index)
    containing: dict[int, list[int]] = {}  # term -> source sentences that have it
    for source_index, source_terms in enumerate(source.content):
        for term in source_terms:
            containing.setdefault(term, []).append(source_index)
    source_numbers = frozenset().union(*source.numbers)
    for index, terms in enumerate(derived.content):
        if derived.numbers and not derived.numbers[index] <= source_numbers:
            continue  # a fact the source does not have
        shared = Counter(i for term in terms for i in containing.get(term, ()))
        best_score, best_source = 0.0, -1
        for source_index, overlap in sorted(shared.items()):
            union = len(terms) + len(source.content[source_index]) - overlap
            score = overlap / union
            if score > best_score:
                best_score, best_source = score, source_index
        if best_score >= SENTENCE_MATCH:
            matches.append((index, best_source))
    chain = _longest_increasing(matches)
    if len(chain) < min_aligned:
        return Alignment(0.0, ())
    evidence = tuple(derived.sentences[index][:EVIDENCE_CHARS] for index, _ in chain)
    return Alignment(len(chain) / len(derived.content), evidence)


def _longest_increasing(matches: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest subsequence of matches whose source indices strictly increase (O(n log n))."""
    tails: list[int] = []  # source index ending the best chain of each length
    tail_at: list[int] = []  # position in `matches` of that chain's end
    previous: list[int] = [-1] * len(matches)
    for position, (_derived, source_index) in enumerate(matches):
        length = bisect.bisect_left(tails, source_index)
        if length == len(tails):
            tails.append(source_index)
            tail_at.append(position)
        else:
            tails[length] = source_index
            tail_at[length] = position
        previous[position] = tail_at[length - 1] if length else -1
    chain, position = [], tail_at[-1] if tail_at else -1
    while position != -1:
        chain.append(matches[position])
        position = previous[position]
    return chain[::-1]
