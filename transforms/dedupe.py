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
import itertools
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import apache_beam as beam
import numpy as np
from apache_beam import typehints
from apache_beam.metrics import Metrics

from schemas.records import Article, from_utc_microseconds, utc_microseconds
from transforms import faults
from transforms.components import ConnectedComponents
from transforms.config import StorylineConfig
from transforms.earlier_clusters import EarlierClusters, StoredCluster
from transforms.errors import DeadLetters, guarded
from transforms.history import History
from transforms.packing import pack, unpack
from transforms.pairs import AttachToPairs
from transforms.state import band_rows


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
    """One exact-copy group -> edges from its representative, and the representative itself:
    the member the canonical rule ranks first, so a streaming job remembers the one its
    cluster is known by (`transforms.band_memory`)."""
    _content_hash, members = group
    ordered = sorted(members, key=canonical_rank)
    representative = ordered[0]
    for member in ordered[1:]:
        yield beam.pvalue.TaggedOutput("edges", (representative.doc_id, member.doc_id))
    yield representative


def band_keys(signature: bytes, bands: int, rows: int) -> Iterator[int]:
    """The LSH band keys of a packed signature (`state.band_key`: band index and rows)."""
    for row in band_rows(("", signature), bands, rows):
        yield row["band_key"]


class _BandKeysFn(beam.DoFn):
    """Emits band key -> (doc_id, False) for every band of the signature; False: not an
    earlier run's article. Keys keep 63 bits: Beam encodes an int that fits int64 as a varint
    and pickles a larger one (~120,000 band keys at 10,000 documents)."""

    def __init__(self, config: StorylineConfig):
        self._config = config

    def setup(self):
        self._bands, self._rows = self._config.lsh_bands_rows

    def process(self, key: DedupKey):
        for band in band_keys(key.signature, self._bands, self._rows):
            yield band, (key.doc_id, False)


def bucket_pairs(bucket: tuple[int, Iterable[tuple[str, bool]]], max_size: int):
    """Candidate pairs of one band bucket of (doc_id, stored) members; an oversized bucket (a
    template or boilerplate collision) is chained, each member to the next, which keeps the
    cost linear. Two earlier runs' articles are never paired: their rows do not change."""
    _band_key, members = bucket
    ordered = sorted(set(members))
    if len(ordered) <= max_size:
        candidates = itertools.combinations(ordered, 2)
    else:
        candidates = zip(ordered, ordered[1:], strict=False)
    for (left, left_stored), (right, right_stored) in candidates:
        if not (left_stored and right_stored):
            yield left, right


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


def assign_cluster(
    group: tuple[str, Iterable[DedupKey | StoredCluster]], horizon: int | None = None
):
    """Picks the canonical member of one cluster and scores every member against it; emits
    ("canonical", (doc_id, signature)) for a new canonical, for the state tables.

    A cluster that holds an earlier run's cluster keeps it: its canonical stays canonical and
    this run's members are its duplicates (`_join_stored`), unless it is older than
    `horizon` seconds (then this run's members make a cluster of their own)."""
    _root, members = group
    members = list(members)
    stored = [m for m in members if isinstance(m, StoredCluster)]
    members = [m for m in members if not isinstance(m, StoredCluster)]
    if not members:
        return
    stored = within_horizon(stored, members, horizon)
    if stored:
        yield from _join_stored(members, stored)
        return
    ordered = sorted(members, key=canonical_rank)
    canonical = ordered[0]
    earliest = min((m.published_us for m in ordered if m.published_us is not None), default=None)
    size = len(ordered)
    yield canonical.doc_id, ClusterAssignment(canonical.doc_id, True, None, 1.0, earliest, size)
    yield beam.pvalue.TaggedOutput("canonical", (canonical.doc_id, canonical.signature))
    yield from _duplicates(ordered[1:], canonical, canonical.doc_id, earliest, size)


def within_horizon(
    stored: list[StoredCluster], members: list[DedupKey], horizon: int | None
) -> list[StoredCluster]:
    """The earlier clusters not older than `horizon` seconds before the newest member (an
    undated side is kept: nothing says it is old)."""
    newest = max((m.published_us for m in members if m.published_us is not None), default=None)
    if horizon is None or newest is None:
        return stored
    oldest = newest - horizon * 1_000_000
    return [c for c in stored if c.age_us is None or c.age_us >= oldest]


def _join_stored(members: list[DedupKey], stored: list[StoredCluster]):
    """This run's members of a cluster that an earlier run started: all are its duplicates.
    Several earlier clusters (this run's articles bridge them): the oldest takes them."""
    home = min(stored, key=lambda c: (c.age_us is None, c.age_us or 0, c.cluster_id))
    ages = [m.published_us for m in members if m.published_us is not None]
    if home.age_us is not None:
        ages.append(home.age_us)
    earliest = min(ages, default=None)
    size = home.size + len(members)
    yield beam.pvalue.TaggedOutput("stored_story", (home.cluster_id, home.story_id))
    members = sorted(members, key=lambda m: m.doc_id)
    yield from _duplicates(members, home, home.cluster_id, earliest, size)


def _duplicates(members, canonical, cluster_id: str, earliest: int | None, size: int):
    """(doc_id, assignment) of each member as a duplicate of `canonical` (a DedupKey or a
    StoredCluster), scored by estimated Jaccard (1.0 for the same text)."""
    for member in members:
        score = (
            1.0
            if member.content_hash == canonical.content_hash
            else estimated_jaccard(member.signature, canonical.signature)
        )
        yield (
            member.doc_id,
            ClusterAssignment(cluster_id, False, cluster_id, score, earliest, size),
        )


def _cluster_key(joined):
    doc_id, grouped = joined
    roots = list(grouped["root"])
    root = roots[0] if roots else doc_id
    for key in grouped["key"]:
        yield root, key
    if roots:  # an earlier run's cluster counts only where this run's articles reached it
        for stored in grouped.get("stored", ()):
            yield root, stored


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
    """Sets cluster_id / is_canonical / duplicate_of / duplicate_score / relation, against
    this run's articles and, given a `History`, the canonicals of earlier runs; given a
    `recall` (`transforms.band_memory`), the articles of a streaming job's earlier windows."""

    def __init__(
        self,
        config: StorylineConfig,
        dead_letters: DeadLetters | None = None,
        history: History | None = None,
        recall: beam.PTransform | None = None,
    ):
        super().__init__()
        self._config = config
        self._dead_letters = dead_letters or DeadLetters()
        self._history = history or History()
        self._recall = recall  # a streaming job's memory of its earlier windows
        self.canonical_signatures = None  # (doc_id, signature) of new canonicals, once expanded
        self.stored_stories = None  # (earlier cluster_id, its story_id) where copies joined it

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
        band_members = exact.reps | "BandKeys" >> beam.ParDo(_BandKeysFn(self._config))
        signatures = exact.reps | "Signatures" >> beam.Map(
            lambda key: (key.doc_id, (key.doc_id, key.signature))
        )
        if self._history:
            stored = (exact.reps, band_members) | "Earlier" >> EarlierClusters(self._history)
            band_members = (band_members, stored.band_members) | "AllBands" >> beam.Flatten()
            signatures = (signatures, stored.signatures) | "AllSignatures" >> beam.Flatten()
        candidates = (
            band_members
            | "GroupBuckets" >> beam.GroupByKey()
            | "BucketPairs" >> beam.FlatMap(bucket_pairs, self._config.max_bucket_size)
            | "DistinctPairs" >> beam.Distinct()
        )
        near_edges = (
            (signatures, candidates)
            | "AttachSignatures" >> AttachToPairs()
            | "VerifyPairs" >> beam.ParDo(_VerifyPairFn(self._config.dedup_threshold))
        )
        edges, stored_clusters = [exact.edges, near_edges], []
        if self._history:
            edges.append(stored.exact_edges)
            stored_clusters.append(stored.clusters)
        if self._recall is not None:
            remembered = exact.reps | "Recall" >> self._recall
            edges.append(remembered.edges)
            stored_clusters.append(remembered.clusters)
        roots = edges | "AllEdges" >> beam.Flatten() | "Components" >> ConnectedComponents()
        joined = {"key": keys | "KeyById" >> beam.Map(lambda key: (key.doc_id, key)), "root": roots}
        if stored_clusters:
            joined["stored"] = stored_clusters | "AllStored" >> beam.Flatten()
        assignments = (
            joined
            | "JoinRoots" >> beam.CoGroupByKey()
            | "ByCluster" >> beam.FlatMap(_cluster_key)
            | "GroupClusters" >> beam.GroupByKey()
            | "AssignClusters"
            >> beam.FlatMap(assign_cluster, self._config.dedup_horizon)
            .with_output_types(typehints.Any, canonical=typehints.Any, stored_story=typehints.Any)
            .with_outputs("canonical", "stored_story", main="assignments")
        )
        self.canonical_signatures = assignments.canonical
        self.stored_stories = assignments.stored_story
        applied = (
            {
                "article": articles | "ArticleById" >> beam.Map(lambda a: (a.doc_id, pack(a))),
                "assignment": assignments.assignments,
            }
            | "JoinAssignments" >> beam.CoGroupByKey()
            | "ApplyAssignments"
            >> beam.ParDo(_ApplyAssignmentFn())
            .with_output_types(typehints.Any, alone=typehints.Any)
            .with_outputs("alone", main="articles")
        )
        self._dead_letters.add_alone(applied.alone)
        return applied.articles
