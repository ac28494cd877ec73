"""Stage: collapse copies into clusters with one canonical member.

Exact copies first (same normalised-text hash), then MinHash LSH banding over one
representative per exact group: band buckets hold doc ids only, candidate pairs come from
shared buckets and are verified by estimated Jaccard (signatures joined to the pairs), and
clusters are connected components of the verified edges. No step compares all pairs, and only
small (doc id, rank, signature) records are shuffled; whole articles are joined back at the
end by doc id. An article whose dedup record fails (Beam's dead letter) gets no assignment
and goes on alone (`on_its_own`): its own cluster and story. The steps on groups, pairs and
buckets only sort ids and compare packed signatures of one length (`num_perm`), so they cannot
raise. Those records hold their dates as microseconds since the epoch: the runner
pickles a record at every pass (seven for a DedupKey), ~10 us with a datetime in it and ~3 us
without.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import NamedTuple

import apache_beam as beam
import numpy as np
import xxhash
from apache_beam import typehints
from apache_beam.metrics import Metrics

from schemas.records import Article, from_utc_microseconds, utc_microseconds
from transforms import faults
from transforms.components import ConnectedComponents
from transforms.config import StorylineConfig
from transforms.errors import DeadLetters, guarded
from transforms.packing import pack, unpack
from transforms.pairs import AttachToPairs


class DedupKey(NamedTuple):
    """The part of an article dedup needs: identity, canonical rank inputs, signature."""

    doc_id: str
    content_hash: str
    richness: int
    word_count: int
    signature: bytes  # uint32 hash values, packed: ~20 copies per doc cross the band shuffle
    published_us: int | None  # `published` as microseconds since the epoch (UTC)


class ClusterAssignment(NamedTuple):
    cluster_id: str
    is_canonical: bool
    duplicate_of: str | None
    duplicate_score: float
    cluster_published_us: int | None  # the earliest `published_us` in the cluster
    cluster_size: int


def dedup_key(article: Article) -> DedupKey:
    return DedupKey(
        article.doc_id,
        article.content_hash,
        article.metadata_richness(),
        article.word_count,
        np.asarray(article.signature, dtype=np.uint32).tobytes(),
        None if article.published is None else utc_microseconds(article.published),
    )


def _dedup_key(article: Article) -> DedupKey:
    faults.check("dedupe", article.source)
    return dedup_key(article)


def on_its_own(article: Article) -> Article:
    """The article as its own cluster's only member: what a failure before clustering leaves."""
    return dataclasses.replace(
        article,
        norm_text="",
        signature=(),
        cluster_id=article.doc_id,
        is_canonical=True,
        duplicate_of=None,
        duplicate_score=1.0,
        cluster_published=None,
        cluster_size=1,
        relation="original",
    )


def canonical_rank(key: DedupKey) -> tuple:
    """Canonical rule: richest metadata, then longest cleaned body, then smallest doc_id."""
    return (-key.richness, -key.word_count, key.doc_id)


def estimated_jaccard(left: bytes, right: bytes) -> float:
    """MinHash estimate from packed signatures: the share of permutations whose minima agree."""
    return float(np.mean(np.frombuffer(left, np.uint32) == np.frombuffer(right, np.uint32)))


def split_exact_group(group: tuple[str, Iterable[DedupKey]]):
    """One exact-copy group -> edges from its representative, and the representative itself."""
    _content_hash, members = group
    ordered = sorted(members, key=lambda key: key.doc_id)
    representative = ordered[0]
    for member in ordered[1:]:
        yield beam.pvalue.TaggedOutput("edges", (representative.doc_id, member.doc_id))
    yield representative


class _BandKeysFn(beam.DoFn):
    """Emits (band index, band hash) -> doc_id for every band of the signature.

    The hash keeps 63 bits: Beam encodes an int that fits int64 as a varint and pickles a
    larger one (~120,000 band keys at 10,000 documents).
    """

    def __init__(self, config: StorylineConfig):
        self._config = config

    def setup(self):
        self._bands, self._rows = self._config.lsh_bands_rows

    def process(self, key: DedupKey):
        values = np.frombuffer(key.signature, dtype=np.uint32)
        for band in range(self._bands):
            chunk = values[band * self._rows : (band + 1) * self._rows]
            yield (band, xxhash.xxh64_intdigest(chunk.tobytes()) >> 1), key.doc_id


def bucket_pairs(bucket: tuple[tuple[int, int], Iterable[str]], max_size: int):
    """Candidate pairs of one band bucket; an oversized bucket (a template or boilerplate
    collision) is chained, each member to the next, which keeps the cost linear."""
    _band_key, doc_ids = bucket
    ordered = sorted(set(doc_ids))
    if len(ordered) <= max_size:
        for i, left in enumerate(ordered):
            for right in ordered[i + 1 :]:
                yield left, right
    else:
        yield from zip(ordered, ordered[1:], strict=False)


class _VerifyPairFn(beam.DoFn):
    """Keeps the candidate pairs whose estimated Jaccard reaches the threshold."""

    def __init__(self, threshold: float):
        self._threshold = threshold
        self._candidates = Metrics.counter("dedupe", "candidate_pairs")
        self._verified = Metrics.counter("dedupe", "verified_pairs")

    def process(self, pair):
        (left_id, left_signature), (right_id, right_signature) = pair
        self._candidates.inc()
        if estimated_jaccard(left_signature, right_signature) >= self._threshold:
            self._verified.inc()
            yield left_id, right_id


def assign_cluster(group: tuple[str, Iterable[DedupKey]]):
    """Picks the canonical member of one cluster and scores every member against it."""
    _root, members = group
    ordered = sorted(members, key=canonical_rank)
    canonical = ordered[0]
    earliest = min((m.published_us for m in ordered if m.published_us is not None), default=None)
    size = len(ordered)
    yield canonical.doc_id, ClusterAssignment(canonical.doc_id, True, None, 1.0, earliest, size)
    for member in ordered[1:]:
        score = (
            1.0
            if member.content_hash == canonical.content_hash
            else estimated_jaccard(member.signature, canonical.signature)
        )
        yield (
            member.doc_id,
            ClusterAssignment(canonical.doc_id, False, canonical.doc_id, score, earliest, size),
        )


def _cluster_key(joined):
    doc_id, grouped = joined
    roots = list(grouped["root"])
    root = roots[0] if roots else doc_id
    for key in grouped["key"]:
        yield root, key


class _ApplyAssignmentFn(beam.DoFn):
    """Sets each article's cluster; an article without an assignment (its dedup record
    failed) goes on alone, tagged `alone`. The same unit read twice (one file matched by two
    patterns) has one doc_id and two identical assignments: either serves."""

    def __init__(self):
        self._duplicates = Metrics.counter("dedupe", "duplicates")

    def process(self, joined):
        _doc_id, grouped = joined
        assignments = list(grouped["assignment"])
        if not assignments:
            for packed in grouped["article"]:
                yield beam.pvalue.TaggedOutput("alone", on_its_own(unpack(packed)))
            return
        assignment = assignments[0]
        earliest = assignment.cluster_published_us
        cluster_published = None if earliest is None else from_utc_microseconds(earliest)
        for packed in grouped["article"]:
            article = unpack(packed)
            if not assignment.is_canonical:
                self._duplicates.inc()
            yield dataclasses.replace(
                article,
                cluster_id=assignment.cluster_id,
                is_canonical=assignment.is_canonical,
                duplicate_of=assignment.duplicate_of,
                duplicate_score=assignment.duplicate_score,
                cluster_published=cluster_published,
                cluster_size=assignment.cluster_size,
                signature=(),  # served its purpose; every later shuffle is lighter without it
                relation="original" if assignment.is_canonical else "duplicate",
            )


class DedupeArticles(beam.PTransform):
    """Sets cluster_id / is_canonical / duplicate_of / duplicate_score / relation."""

    def __init__(self, config: StorylineConfig, dead_letters: DeadLetters | None = None):
        super().__init__()
        self._config = config
        self._dead_letters = dead_letters or DeadLetters()

    def expand(self, articles):
        keyed = articles | "DedupKeys" >> guarded(beam.Map(_dedup_key))
        self._dead_letters.article_failures(keyed.failed, "dedupe")
        keys = keyed.ok
        exact = (
            keys
            | "ByContentHash" >> beam.Map(lambda key: (key.content_hash, key))
            | "GroupExact" >> beam.GroupByKey()
            | "SplitExact" >> beam.FlatMap(split_exact_group).with_outputs("edges", main="reps")
        )
        candidates = (
            exact.reps
            | "BandKeys" >> beam.ParDo(_BandKeysFn(self._config))
            | "GroupBuckets" >> beam.GroupByKey()
            | "BucketPairs" >> beam.FlatMap(bucket_pairs, self._config.max_bucket_size)
            | "DistinctPairs" >> beam.Distinct()
        )
        signatures = exact.reps | "Signatures" >> beam.Map(
            lambda key: (key.doc_id, (key.doc_id, key.signature))
        )
        near_edges = (
            (signatures, candidates)
            | "AttachSignatures" >> AttachToPairs()
            | "VerifyPairs" >> beam.ParDo(_VerifyPairFn(self._config.dedup_threshold))
        )
        roots = (
            (exact.edges, near_edges)
            | "AllEdges" >> beam.Flatten()
            | "Components" >> ConnectedComponents()
        )
        assignments = (
            {"key": keys | "KeyById" >> beam.Map(lambda key: (key.doc_id, key)), "root": roots}
            | "JoinRoots" >> beam.CoGroupByKey()
            | "ByCluster" >> beam.FlatMap(_cluster_key)
            | "GroupClusters" >> beam.GroupByKey()
            | "AssignClusters" >> beam.FlatMap(assign_cluster)
        )
        applied = (
            {
                "article": articles | "ArticleById" >> beam.Map(lambda a: (a.doc_id, pack(a))),
                "assignment": assignments,
            }
            | "JoinAssignments" >> beam.CoGroupByKey()
            | "ApplyAssignments"
            >> beam.ParDo(_ApplyAssignmentFn())
            .with_output_types(typehints.Any, alone=typehints.Any)
            .with_outputs("alone", main="articles")
        )
        self._dead_letters.add_alone(applied.alone)
        return applied.articles
