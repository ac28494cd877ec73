"""Stage: term profiles of canonical articles and candidate pairs from an inverted index.

Each article is indexed under its few strongest terms that are rare but shared (2 <= df <=
max_anchor_bucket). Articles meet only inside those term buckets, so pairs per bucket are
bounded and the number of pairs grows linearly with the corpus. Each pair is scored by TF-IDF
cosine inside the bucket; stories and rewrites both start from these pairs.

An article whose terms fail (Beam's dead letter, stage `terms`) has no profile: it is in no
pair, so it is no rewrite and no source of one, and its cluster becomes a story of its own.
The later steps are arithmetic on vectors of floats and cannot raise.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import NamedTuple

import apache_beam as beam
from apache_beam.metrics import Metrics

from schemas.records import Article
from transforms import faults
from transforms.config import StorylineConfig
from transforms.doccounts import DocumentCounts
from transforms.errors import DeadLetters, guarded
from transforms.packing import pack, unpack
from transforms.terms import cosine, tfidf_vector, weighted_terms


class TermProfile(NamedTuple):
    doc_id: str
    published: datetime | None
    vector: dict[int, float]
    anchors: tuple[int, ...]


class DocumentFrequency(DocumentCounts):
    """(number of documents, {term: df}) with df-1 terms dropped: they can't link anything."""

    def extract_output(self, accumulator):
        count, freq = accumulator
        return count, {term: df for term, df in freq.items() if df > 1}


def term_profile(
    item: tuple[str, datetime | None, dict[int, float]],
    stats: tuple[int, dict[int, int]],
    config: StorylineConfig,
) -> TermProfile:
    doc_id, published, bag = item
    n_docs, doc_freq = stats
    vector = tfidf_vector(bag, doc_freq, n_docs, config.vector_terms)
    shared = [t for t in vector if 2 <= doc_freq.get(t, 1) <= config.max_anchor_bucket]
    return TermProfile(doc_id, published, vector, tuple(shared[: config.anchor_terms]))


def term_bag(article: Article) -> tuple[str, datetime | None, dict[int, float]]:
    """(doc_id, age, weighted terms): what the profile is built from."""
    faults.check("terms", article.source)
    return (
        article.doc_id,
        article.age(),
        weighted_terms(article.title, article.text, article.language),
    )


def anchor_keys(profile: TermProfile) -> Iterator[tuple[int, bytes]]:
    """(anchor term, packed profile) once per anchor: packed once, shuffled several times."""
    packed = pack(profile)
    for term in profile.anchors:
        yield term, packed


class _ScoreBucketFn(beam.DoFn):
    """All pairs inside one anchor bucket (bounded by max_anchor_bucket), scored by cosine."""

    def __init__(self, floor: float):
        self._floor = floor
        self._pairs = Metrics.counter("candidates", "pairs_scored")

    def process(self, bucket: tuple[int, Iterable[bytes]]):
        _term, members = bucket
        ordered = sorted((unpack(m) for m in members), key=lambda profile: profile.doc_id)
        for i, left in enumerate(ordered):
            for right in ordered[i + 1 :]:
                self._pairs.inc()
                score = cosine(left.vector, right.vector)
                if score >= self._floor:
                    yield (left.doc_id, right.doc_id), score


class CandidatePairs(beam.PTransform):
    """Canonical articles -> (profiles keyed by doc_id, ((a, b), cosine) candidate pairs)."""

    def __init__(self, config: StorylineConfig, dead_letters: DeadLetters | None = None):
        super().__init__()
        self._config = config
        self._dead_letters = dead_letters or DeadLetters()

    def expand(self, canonical: beam.PCollection[Article]):
        config = self._config
        results = canonical | "TermBags" >> guarded(beam.Map(term_bag))
        self._dead_letters.article_failures(results.failed, "terms")
        bags = results.ok
        stats = (
            bags
            | "Terms" >> beam.Map(lambda item: tuple(item[2]))
            | "DocFreq" >> beam.CombineGlobally(DocumentFrequency()).without_defaults()
        )
        # The bags wait for the document frequencies: packed, the runner holds (and Beam encodes)
        # one byte string instead of a dict of a few hundred terms.
        profiles = (
            bags
            | "PackBags" >> beam.Map(pack)
            | "Profiles"
            >> beam.Map(
                lambda packed, frequencies: term_profile(unpack(packed), frequencies, config),
                frequencies=beam.pvalue.AsSingleton(stats, default_value=(0, {})),
            )
        )
        floor = min(config.rewrite_candidate_cosine, config.story_threshold)
        pairs = (
            profiles
            | "AnchorKeys" >> beam.FlatMap(anchor_keys)
            | "GroupAnchors" >> beam.GroupByKey()
            | "ScoreBuckets" >> beam.ParDo(_ScoreBucketFn(floor))
            | "OnePerPair" >> beam.CombinePerKey(max)
        )
        return profiles, pairs
