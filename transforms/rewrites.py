"""Stage: tag syndicated rewrites. The derived article keeps its row and points at its source.

Candidates are the cosine pairs of `CandidatePairs`; each is verified by ordered sentence
alignment in both directions. Direction: when both publication dates are known and differ, the
earlier article is the source; otherwise the article that contains the other (the derived one
aligns more of its sentences) is the source.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timezone
from typing import NamedTuple

import apache_beam as beam
from apache_beam.metrics import Metrics

from transforms.alignment import SentenceProfile, align, sentence_profile
from transforms.config import StorylineConfig

_UNDATED = datetime.max.replace(tzinfo=timezone.utc)


class RewriteTag(NamedTuple):
    derived: str
    source: str
    score: float
    evidence: tuple[str, ...]
    source_published: datetime | None = None


def decide_rewrite(
    left: tuple[SentenceProfile, object],
    right: tuple[SentenceProfile, object],
    threshold: float,
) -> RewriteTag | None:
    """Verify one candidate pair; `left`/`right` are (profile, published)."""
    (left_profile, left_published), (right_profile, right_published) = left, right
    left_from_right = align(left_profile, right_profile)
    right_from_left = align(right_profile, left_profile)
    dated = left_published is not None and right_published is not None
    if dated and left_published.date() != right_published.date():
        left_is_derived = left_published > right_published
    else:
        left_is_derived = (left_from_right.score, right_profile.doc_id) > (
            right_from_left.score,
            left_profile.doc_id,
        )
    if left_is_derived:
        derived, source, result = left_profile, right_profile, left_from_right
    else:
        derived, source, result = right_profile, left_profile, right_from_left
    if result.score < threshold:
        return None
    source_published = right_published if left_is_derived else left_published
    return RewriteTag(
        derived.doc_id, source.doc_id, round(result.score, 4), result.evidence, source_published
    )


def _attach_left(joined):
    _doc_id, grouped = joined
    profiles = list(grouped["profile"])
    if not profiles:
        return
    for right_id in grouped["pair"]:
        yield right_id, profiles[0]


class _VerifyPairFn(beam.DoFn):
    def __init__(self, threshold: float):
        self._threshold = threshold
        self._checked = Metrics.counter("rewrites", "pairs_checked")

    def process(self, joined):
        _doc_id, grouped = joined
        profiles = list(grouped["profile"])
        if not profiles:
            return
        right = profiles[0]
        for left in grouped["left"]:
            self._checked.inc()
            tag = decide_rewrite(left, right, self._threshold)
            if tag is not None:
                yield tag.derived, tag


def best_source(tags: list[RewriteTag]) -> RewriteTag:
    """Of several sources, the first published: two rewrites of one original align with each
    other too, but syndication flows from the first publication. Undated: the strongest."""
    return min(tags, key=lambda tag: (tag.source_published or _UNDATED, -tag.score, tag.source))


class _ApplyRewriteFn(beam.DoFn):
    def __init__(self):
        self._rewrites = Metrics.counter("rewrites", "rewrites_tagged")

    def process(self, joined):
        _doc_id, grouped = joined
        tags = list(grouped["tag"])
        for article in grouped["article"]:
            if not tags:
                yield article
                continue
            tag = best_source(tags)
            self._rewrites.inc()
            yield dataclasses.replace(
                article,
                relation="rewrite",
                rewrite_of=tag.source,
                rewrite_score=tag.score,
                rewrite_evidence=tag.evidence,
            )


class FindRewrites(beam.PTransform):
    """(canonical articles, candidate pairs) -> PCollection[(derived doc_id, RewriteTag)]."""

    def __init__(self, config: StorylineConfig):
        super().__init__()
        self._config = config

    def expand(self, inputs):
        canonical, pairs = inputs
        profiles = canonical | "SentenceProfiles" >> beam.Map(
            lambda a: (
                a.doc_id,
                (sentence_profile(a.doc_id, a.text, a.language), a.age()),
            )
        )
        candidates = (
            pairs
            | "RewriteCandidates"
            >> beam.Filter(lambda pair: pair[1] >= self._config.rewrite_candidate_cosine)
            | "ByLeft" >> beam.Map(lambda pair: (pair[0][0], pair[0][1]))
        )
        with_left = (
            {"profile": profiles, "pair": candidates}
            | "JoinLeft" >> beam.CoGroupByKey()
            | "AttachLeft" >> beam.FlatMap(_attach_left)
        )
        return (
            {"profile": profiles, "left": with_left}
            | "JoinRight" >> beam.CoGroupByKey()
            | "VerifyPairs" >> beam.ParDo(_VerifyPairFn(self._config.rewrite_threshold))
        )


class ApplyRewrites(beam.PTransform):
    """Joins rewrite tags onto articles: relation, rewrite_of, rewrite_score, evidence."""

    def expand(self, inputs):
        articles, tags = inputs
        return (
            {"article": articles | "ById" >> beam.Map(lambda a: (a.doc_id, a)), "tag": tags}
            | "JoinTags" >> beam.CoGroupByKey()
            | "Apply" >> beam.ParDo(_ApplyRewriteFn())
        )
