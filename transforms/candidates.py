"""Stage: term profiles of canonical articles and candidate pairs from an inverted index.

Each article is indexed under its few strongest terms that are rare but shared (2 <= df <=
max_anchor_bucket). Articles meet only inside those term buckets, so pairs per bucket are
bounded and the number of pairs grows linearly with the corpus. Each pair is scored inside the
bucket by its term views' cosines combined (`transforms.terms.similarity`); stories and
rewrites both start from these pairs.

An article whose terms fail (Beam's dead letter, stage `terms`) has no profile: it is in no
pair, so it is no rewrite and no source of one, and its cluster becomes a story of its own.
The later steps are arithmetic on vectors of floats and cannot raise.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from datetime import datetime

import apache_beam as beam
from apache_beam.metrics import Metrics

from schemas.records import Article
from transforms import faults
from transforms.config import StorylineConfig
from transforms.doccounts import DocumentCounts
from transforms.earlier_articles import EarlierArticles
from transforms.errors import DeadLetters, guarded
from transforms.history import CountState, History, ScanState
from transforms.packing import pack, unpack
from transforms.profiles import TermProfile
from transforms.terms import (
    combined,
    tfidf_vector,
    view_dots,
    view_norms,
    view_of,
    weighted_terms,
)


def term_profile(
    item: tuple[str, datetime | None, dict[int, float]],
    stats: tuple[int, dict[int, int]],
    config: StorylineConfig,
) -> TermProfile:
    doc_id, published, bag = item
    n_docs, doc_freq = stats
    vector = tfidf_vector(bag, doc_freq, n_docs, dict(enumerate(config.view_terms)))
    strongest = sorted(vector, key=lambda t: (-vector[t] * _view_scale(t, config), t))
    shared = [t for t in strongest if 2 <= doc_freq.get(t, 1) <= config.max_anchor_bucket]
    rare = [t for t in strongest if doc_freq.get(t, 1) <= config.max_anchor_bucket]
    anchors = config.anchor_terms
    return TermProfile(
        doc_id, published, vector, tuple(shared[:anchors]), later_anchors=tuple(rare[:anchors])
    )


def _view_scale(term: int, config: StorylineConfig) -> float:
    """A term's weight in the combined decision is its view's weight times its own: anchors
    are the terms that count most there, whatever their view."""
    return math.sqrt(config.story_view_weights[view_of(term)])


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
    """All pairs inside one anchor bucket (bounded by max_anchor_bucket), scored by their
    views' cosines combined (`similarity`)."""

    def __init__(self, floor: float, view_weights: tuple[float, ...]):
        self._floor = floor
        self._view_weights = view_weights
        self._pairs = Metrics.counter("candidates", "pairs_scored")

    def process(self, bucket: tuple[int, Iterable[bytes]]):
        _term, members = bucket
        ordered = sorted((unpack(m) for m in members), key=lambda profile: profile.doc_id)
        norms = [view_norms(profile.vector) for profile in ordered]  # once per member
        for i, left in enumerate(ordered):
            for j in range(i + 1, len(ordered)):
                right = ordered[j]
                if left.stored and right.stored:
                    continue  # two earlier runs' articles: their rows do not change
                self._pairs.inc()
                dots = view_dots(left.vector, right.vector)
                score = combined(dots, norms[i], norms[j], self._view_weights)
                if score >= self._floor:
                    yield (left.doc_id, right.doc_id), score


def merged_frequencies(counts, stored_df: dict[int, int], stored_docs: int):
    """This run's (documents, term -> documents) plus earlier runs', df-1 terms dropped."""
    documents, freq = counts
    merged = {term: df + stored_df.get(term, 0) for term, df in freq.items()}
    return documents + stored_docs, {term: df for term, df in merged.items() if df > 1}


class CandidatePairs(beam.PTransform):
    """Canonical articles -> (profiles keyed by doc_id, ((a, b), cosine) candidate pairs).

    Given a `History`, document frequencies include earlier runs' and earlier canonicals join
    the anchor buckets (`EarlierArticles`), so pairs may name an earlier article; after
    expansion `term_counts` holds this run's counts (for `state/terms`) and `earlier` what was
    read of earlier articles.
    """

    def __init__(
        self,
        config: StorylineConfig,
        dead_letters: DeadLetters | None = None,
        history: History | None = None,
    ):
        super().__init__()
        self._config = config
        self._dead_letters = dead_letters or DeadLetters()
        self._history = history or History()
        self.term_counts = None
        self.earlier = None

    def expand(self, canonical: beam.PCollection[Article]):
        config = self._config
        results = canonical | "TermBags" >> guarded(beam.Map(term_bag))
        self._dead_letters.article_failures(results.failed, "terms")
        bags = results.ok
        history = self._history
        counts = (
            bags
            | "Terms" >> beam.Map(lambda item: tuple(item[2]))
            | "DocCounts" >> beam.CombineGlobally(DocumentCounts()).without_defaults()
        )
        self.term_counts = counts
        if history:
            stored_df = (
                counts
                | "NewTerms" >> beam.FlatMap(lambda item: item[1].keys())
                | "EarlierTerms" >> ScanState(history, "state/terms", "term")
                | "EarlierDf" >> beam.Map(lambda row: (row["term"], row["df"]))
                | "SumDf" >> beam.CombinePerKey(sum)
            )
            stored_docs = counts | "EarlierDocs" >> CountState(
                history, "state/docs", "is_canonical"
            )
            stats = counts | "DocFreq" >> beam.Map(
                merged_frequencies,
                beam.pvalue.AsDict(stored_df),
                beam.pvalue.AsSingleton(stored_docs, default_value=0),
            )
        else:
            stats = counts | "DocFreq" >> beam.Map(merged_frequencies, {}, 0)
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
        floor = min(config.rewrite_candidate_cosine, config.story_edge_floor)
        anchored = profiles | "AnchorKeys" >> beam.FlatMap(anchor_keys)
        if history:
            self.earlier = profiles | "Earlier" >> EarlierArticles(history)
            anchored = (anchored, self.earlier.anchored) | "AllAnchors" >> beam.Flatten()
        pairs = (
            anchored
            | "GroupAnchors" >> beam.GroupByKey()
            | "ScoreBuckets" >> beam.ParDo(_ScoreBucketFn(floor, config.story_view_weights))
            | "OnePerPair" >> beam.CombinePerKey(max)
        )
        return profiles, pairs
