"""What dedupe needs from earlier runs: the clusters this run's articles may belong to.

Exact copies are found by content hash among every earlier article, near copies by LSH band
keys among earlier canonicals (`state/bands`); the canonicals behind them come with their
signature, story and cluster size so dedupe can verify the pair and join the cluster.
"""

from __future__ import annotations

from typing import NamedTuple

import apache_beam as beam

from transforms.history import History, ScanState


class StoredCluster(NamedTuple):
    """A cluster of an earlier run that this run's articles matched (`transforms.history`)."""

    cluster_id: str  # its canonical's doc_id
    content_hash: str  # the canonical's
    signature: bytes  # the canonical's
    age_us: int | None  # the earliest date of its members
    size: int  # its members so far
    story_id: str


class EarlierMatches(NamedTuple):
    band_members: beam.PCollection  # (band key, (earlier canonical doc_id, True))
    signatures: beam.PCollection  # (doc_id, (doc_id, signature)) of those canonicals
    exact_edges: beam.PCollection  # (this run's doc_id, earlier cluster_id): same content
    clusters: beam.PCollection  # (cluster_id, StoredCluster)


def _exact_edge(key, cluster_by_hash: dict[str, str]):
    cluster_id = cluster_by_hash.get(key.content_hash)
    if cluster_id is not None:
        yield key.doc_id, cluster_id


def _size_and_age(values) -> tuple[int, int | None]:
    size, ages = 0, []
    for count, age in values:
        size += count
        if age is not None:
            ages.append(age)
    return size, min(ages, default=None)


def _stored_cluster(joined):
    cluster_id, grouped = joined
    docs, signatures = list(grouped["doc"]), list(grouped["signature"])
    if not docs or not signatures:
        return  # not a canonical (a member fetched by its id): nothing to join
    sizes = list(grouped["size"])
    size, age = sizes[0] if sizes else (1, None)
    doc = docs[0]
    yield (
        cluster_id,
        StoredCluster(cluster_id, doc["content_hash"], signatures[0], age, size, doc["story_id"]),
    )


class EarlierClusters(beam.PTransform):
    """(this run's exact-group representatives, their band members) -> `EarlierMatches`."""

    def __init__(self, history: History):
        super().__init__()
        self._history = history

    def expand(self, inputs):
        reps, band_members = inputs
        history = self._history
        cluster_by_hash = (
            reps
            | "Hashes" >> beam.Map(lambda key: key.content_hash)
            | "DocsByHash"
            >> ScanState(history, "state/docs", "content_hash", ["content_hash", "cluster_id"])
            | "HashCluster" >> beam.Map(lambda row: (row["content_hash"], row["cluster_id"]))
            | "OnePerHash" >> beam.CombinePerKey(min)
        )
        exact_edges = reps | "ExactEdges" >> beam.FlatMap(
            _exact_edge, beam.pvalue.AsDict(cluster_by_hash)
        )
        stored_members = (
            band_members
            | "BandKeys" >> beam.Keys()
            | "Bands" >> ScanState(history, "state/bands", "band_key")
            | "Members" >> beam.Map(lambda row: (row["band_key"], (row["doc_id"], True)))
        )
        ids = (
            stored_members | "MemberIds" >> beam.Map(lambda kv: kv[1][0]),
            exact_edges | "ClusterIds" >> beam.Map(lambda edge: edge[1]),
        ) | "Ids" >> beam.Flatten()
        signatures = (
            ids
            | "SignatureRows" >> ScanState(history, "state/signatures", "doc_id")
            | "Signatures"
            >> beam.Map(lambda row: (row["doc_id"], (row["doc_id"], row["signature"])))
        )
        docs = (
            ids
            | "Canonicals"
            >> ScanState(history, "state/docs", "doc_id", ["doc_id", "content_hash", "story_id"])
            | "ById" >> beam.Map(lambda row: (row["doc_id"], row))
        )
        sizes = (
            ids
            | "ClusterMembers"
            >> ScanState(history, "state/docs", "cluster_id", ["cluster_id", "age_us"])
            | "One" >> beam.Map(lambda row: (row["cluster_id"], (1, row["age_us"])))
            | "Sizes" >> beam.CombinePerKey(_size_and_age)
        )
        clusters = (
            {
                "doc": docs,
                "signature": signatures | "SignatureById" >> beam.MapTuple(lambda i, v: (i, v[1])),
                "size": sizes,
            }
            | "JoinClusters" >> beam.CoGroupByKey()
            | "Clusters" >> beam.FlatMap(_stored_cluster)
        )
        return EarlierMatches(stored_members, signatures, exact_edges, clusters)
