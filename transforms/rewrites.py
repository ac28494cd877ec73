"""Stage: tag syndicated rewrites. The derived article keeps its row and points at its source.

Candidates are the cosine pairs of `CandidatePairs`; each is verified by ordered sentence
alignment in both directions. Direction, first rule that decides:
1. both clusters dated on different days: the earlier is the source;
2. clusters of different sizes: the more widely copied article is the source (wires and
   originals are syndicated verbatim; a rewrite is somebody's one-off);
3. the article that contains the other is the source (the derived one aligns more of its
   sentences), then doc_id.

Both steps run under Beam's dead letter (stage `rewrites`): an article whose sentence profile
fails is checked against nothing, a pair whose verification fails is no rewrite; either way
one `errors` row, and no article loses anything else.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import NamedTuple

import apache_beam as beam
from apache_beam.metrics import Metrics

from schemas.records import StageError, from_utc_microseconds
from transforms import faults
from transforms.alignment import SentenceProfile, align, sentence_profile
from transforms.config import StorylineConfig
from transforms.dates import UNDATED
from transforms.errors import DeadLetters, failure_detail, guarded
from transforms.pairs import AttachToPairs


class RewriteTag(NamedTuple):
    derived: str
    source: str
    score: float
    evidence: tuple[str, ...]
    source_published: datetime | None = None


class RewriteSide(NamedTuple):
    """One article of a candidate pair, with what decides direction."""

    profile: SentenceProfile
    published: datetime | None  # earliest date in its duplicate cluster
    copies: int  # size of its duplicate cluster
    source: str = ""  # names the article in an `errors` row
    stored: bool = False  # an earlier run's article: a source, never re-tagged


def rewrite_side(article) -> RewriteSide:
    profile = sentence_profile(article.doc_id, article.text, article.language)
    return RewriteSide(profile, article.age(), article.cluster_size, article.source)


def earlier_side(keyed) -> tuple[str, RewriteSide]:
    """(doc_id, `EarlierArticle`) -> its side of a pair, marked stored."""
    doc_id, article = keyed
    age = None if article.age_us is None else from_utc_microseconds(article.age_us)
    profile = sentence_profile(doc_id, article.text or "", article.language)
    return doc_id, RewriteSide(profile, age, article.copies, article.source, stored=True)


def _keyed_side(article) -> tuple[str, RewriteSide]:
    faults.check("rewrites", article.source)
    return article.doc_id, rewrite_side(article)


def pair_error(failed) -> StageError:
    """A pair whose verification failed -> one `errors` row, on its first article."""
    (left, right), error = failed
    detail = failure_detail(error)
    return StageError(
        left.source, left.profile.doc_id, "rewrites", f"pair with {right.profile.doc_id}: {detail}"
    )


def decide_rewrite(left: RewriteSide, right: RewriteSide, threshold: float) -> RewriteTag | None:
    """Verify one candidate pair in both directions and keep the one the rules above pick."""
    left_from_right = align(left.profile, right.profile)
    right_from_left = align(right.profile, left.profile)
    if left.published and right.published and left.published.date() != right.published.date():
        left_is_derived = left.published > right.published
    elif left.copies != right.copies:
        left_is_derived = left.copies < right.copies
    else:
        left_is_derived = (left_from_right.score, right.profile.doc_id) > (
            right_from_left.score,
            left.profile.doc_id,
        )
    derived, source = (left, right) if left_is_derived else (right, left)
    result = left_from_right if left_is_derived else right_from_left
    if result.score < threshold:
        return None
    return RewriteTag(
        derived.profile.doc_id,
        source.profile.doc_id,
        round(result.score, 4),
        result.evidence,
        source.published,
    )


class _VerifyPairFn(beam.DoFn):
    def __init__(self, threshold: float):
        self._threshold = threshold
        self._checked = Metrics.counter("rewrites", "pairs_checked")

    def process(self, pair: tuple[RewriteSide, RewriteSide]):
        self._checked.inc()
        for side in pair:
            faults.check("rewrites.pairs", side.source)
        tag = decide_rewrite(*pair, self._threshold)
        if tag is not None and not _side(pair, tag.derived).stored:
            yield tag.derived, tag


def _side(pair: tuple[RewriteSide, RewriteSide], doc_id: str) -> RewriteSide:
    return pair[0] if pair[0].profile.doc_id == doc_id else pair[1]


def best_source(tags: list[RewriteTag]) -> RewriteTag:
    """Of several sources, the first published: two rewrites of one original align with each
    other too, but syndication flows from the first publication. Undated: the strongest."""
    return min(tags, key=lambda tag: (tag.source_published or UNDATED, -tag.score, tag.source))


def apply_rewrite(article, tags: list[RewriteTag]):
    """The article with its rewrite fields set from the strongest-ranked tag (if any)."""
    if not tags:
        return article
    tag = best_source(tags)
    return dataclasses.replace(
        article,
        relation="rewrite",
        rewrite_of=tag.source,
        rewrite_score=tag.score,
        rewrite_evidence=tag.evidence,
    )


class FindRewrites(beam.PTransform):
    """(canonical articles, candidate pairs[, earlier articles]) ->
    PCollection[(derived doc_id, RewriteTag)]. An earlier run's article (`EarlierArticle`,
    keyed by doc_id) can be the source of this run's articles, never derived: rows already
    written do not change."""

    def __init__(self, config: StorylineConfig, dead_letters: DeadLetters | None = None):
        super().__init__()
        self._config = config
        self._dead_letters = dead_letters or DeadLetters()

    def expand(self, inputs):
        canonical, pairs, *earlier = inputs
        profiled = canonical | "SentenceProfiles" >> guarded(beam.Map(_keyed_side))
        self._dead_letters.article_failures(profiled.failed, "rewrites")
        profiles = profiled.ok
        if earlier:
            earlier_sides = earlier[0] | "EarlierProfiles" >> beam.Map(earlier_side)
            profiles = (profiles, earlier_sides) | "AllProfiles" >> beam.Flatten()
        candidates = (
            pairs
            | "RewriteCandidates"
            >> beam.Filter(lambda pair: pair[1] >= self._config.rewrite_candidate_cosine)
            | "ByLeft" >> beam.Map(lambda pair: (pair[0][0], pair[0][1]))
        )
        verified = (
            (profiles, candidates)
            | "AttachProfiles" >> AttachToPairs()
            | "VerifyPairs" >> guarded(beam.ParDo(_VerifyPairFn(self._config.rewrite_threshold)))
        )
        self._dead_letters.add_errors(verified.failed | "PairErrors" >> beam.Map(pair_error))
        return verified.ok
