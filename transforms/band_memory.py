"""Stage (one streaming job): what the job's earlier windows deduplicated, held in Beam state.

A streaming job on Dataflow runs its windows as the watermark passes them and may process
two at once, so a window cannot count on the store holding the one before it. Each exact-group
representative is therefore remembered in Beam state keyed by its LSH band keys (its packed
signature, content hash and date) and compared there with the representatives of earlier
windows that share a bucket: a verified pair (estimated Jaccard at the dedup threshold) is an
edge of this window's clustering, and the remembered article takes its cluster and story from
the store when its window has committed, or stands as its own cluster until then.

State is per key and window, so the memory runs in the global window and hands its output back
to the windows it came from. An entry is forgotten `horizon` seconds (event time) after the
start of the window it came in, by a watermark timer; a bucket holds at most `max_entries` (the
newest), as a batch bucket larger than that is a template collision.
"""

from __future__ import annotations

from typing import NamedTuple

import apache_beam as beam
from apache_beam.coders import coders
from apache_beam.metrics import Metrics
from apache_beam.transforms import window
from apache_beam.transforms.timeutil import TimeDomain
from apache_beam.transforms.userstate import BagStateSpec, TimerSpec, on_timer
from apache_beam.utils.timestamp import Timestamp

from transforms.dedupe import DedupKey, band_keys, estimated_jaccard
from transforms.earlier_clusters import StoredCluster
from transforms.history import History, ScanState


class Remembered(NamedTuple):
    """An earlier window's representative, as the memory holds it."""

    doc_id: str
    content_hash: str
    signature: bytes
    published_us: int | None
    window_us: int  # the start of the window it came in: the horizon counts from it


ENTRY_CODER = coders.TupleCoder(
    [
        coders.StrUtf8Coder(),
        coders.StrUtf8Coder(),
        coders.BytesCoder(),
        coders.NullableCoder(coders.VarIntCoder()),
        coders.VarIntCoder(),
    ]
)


def keep_newest(entries: list[Remembered], max_entries: int) -> list[Remembered]:
    """At most `max_entries` of a bucket: the latest windows' (ties by doc_id)."""
    ordered = sorted(entries, key=lambda entry: (-entry.window_us, entry.doc_id))
    return ordered[:max_entries]


ENTRIES = BagStateSpec("entries", ENTRY_CODER)
FORGET = TimerSpec("forget", TimeDomain.WATERMARK)
ENTRIES_PARAM = beam.DoFn.StateParam(ENTRIES)
FORGET_PARAM = beam.DoFn.TimerParam(FORGET)


class _BandMemoryFn(beam.DoFn):
    """(band key, (representative, its window's start)) -> verified (representative,
    remembered) pairs with other windows' representatives; remembers the representative in
    the bucket. Pairs within a window are the window's own LSH stage's."""

    def __init__(self, threshold: float, horizon: int, max_entries: int):
        self._threshold = threshold
        self._horizon_us = horizon * 1_000_000
        self._max_entries = max_entries
        self._matched = Metrics.counter("dedupe", "remembered_pairs")

    def process(
        self,
        element: tuple[int, tuple[DedupKey, int]],
        entries=ENTRIES_PARAM,
        forget=FORGET_PARAM,
    ):
        _band_key, (key, window_us) = element
        held = [Remembered(*entry) for entry in entries.read()]
        if any(entry.doc_id == key.doc_id for entry in held):
            return  # a redelivery: it was compared when it first came
        for entry in held:
            if entry.window_us == window_us:
                continue
            if estimated_jaccard(key.signature, entry.signature) >= self._threshold:
                self._matched.inc()
                yield key.doc_id, entry
        held.append(
            Remembered(key.doc_id, key.content_hash, key.signature, key.published_us, window_us)
        )
        if len(held) > self._max_entries:
            held = keep_newest(held, self._max_entries)
            entries.clear()
            for entry in held:
                entries.add(tuple(entry))
        else:
            entries.add(tuple(held[-1]))
        self._set_forget(forget, held)

    @on_timer(FORGET)
    def forget_old(
        self,
        fired=beam.DoFn.TimestampParam,
        entries=ENTRIES_PARAM,
        forget=FORGET_PARAM,
    ):
        held = [Remembered(*entry) for entry in entries.read()]
        kept = [entry for entry in held if entry.window_us + self._horizon_us > fired.micros]
        entries.clear()
        for entry in kept:
            entries.add(tuple(entry))
        if kept:
            self._set_forget(forget, kept)

    def _set_forget(self, forget, held: list[Remembered]) -> None:
        oldest = min(entry.window_us for entry in held)
        forget.set(Timestamp(micros=oldest + self._horizon_us))


class _BandsOf(beam.DoFn):
    def __init__(self, bands: int, rows: int):
        self._bands = bands
        self._rows = rows

    def process(self, key: DedupKey, window=beam.DoFn.WindowParam):
        for band in band_keys(key.signature, self._bands, self._rows):
            yield band, (key, window.start.micros)


def _stored_cluster(joined) -> list[tuple[str, StoredCluster]]:
    """A remembered article -> (its doc_id, the cluster a copy of it joins): the one the store
    holds it in, or, before its window has committed, itself alone (no story yet)."""
    doc_id, grouped = joined
    entries, rows = list(grouped["entry"]), list(grouped["row"])
    if not entries:
        return []
    entry = entries[0]
    if rows:
        row = rows[0]
        cluster = StoredCluster(
            row["cluster_id"],
            entry.content_hash,
            entry.signature,
            entry.published_us,
            row["copies"] or 1,
            row["story_id"],
        )
    else:
        cluster = StoredCluster(
            doc_id, entry.content_hash, entry.signature, entry.published_us, 1, ""
        )
    return [(doc_id, cluster)]


class RememberedMatches(NamedTuple):
    edges: beam.PCollection  # (this window's doc_id, remembered doc_id)
    clusters: beam.PCollection  # (remembered doc_id, StoredCluster)


class RecallEarlierWindows(beam.PTransform):
    """Exact-group representatives -> `RememberedMatches` against the job's earlier windows
    (and remembers them for the later ones)."""

    def __init__(
        self,
        bands_rows: tuple[int, int],
        threshold: float,
        horizon: int,
        max_entries: int,
        store: str,
    ):
        super().__init__()
        self._bands_rows = bands_rows
        self._threshold = threshold
        self._horizon = horizon
        self._max_entries = max_entries
        self._store = store

    def expand(self, reps):
        windowing = reps.windowing.windowfn
        matches = (
            reps
            | "BandKeys" >> beam.ParDo(_BandsOf(*self._bands_rows))
            | "AcrossWindows" >> beam.WindowInto(window.GlobalWindows())
            | "Memory"
            >> beam.ParDo(_BandMemoryFn(self._threshold, self._horizon, self._max_entries))
            | "BackToWindows" >> beam.WindowInto(windowing)
        )
        edges = (
            matches
            | "Edges" >> beam.MapTuple(lambda doc_id, entry: (doc_id, entry.doc_id))
            | "DistinctEdges" >> beam.Distinct()
        )
        entries = (
            matches
            | "Entries" >> beam.MapTuple(lambda _doc_id, entry: (entry.doc_id, entry))
            | "OneEntry" >> beam.CombinePerKey(min)
        )
        rows = (
            entries
            | "Ids" >> beam.Keys()
            | "Committed"
            >> ScanState(
                History.live(self._store),
                "state/docs",
                "doc_id",
                ["doc_id", "cluster_id", "copies", "story_id"],
            )
            | "RowById" >> beam.Map(lambda row: (row["doc_id"], row))
        )
        clusters = (
            {"entry": entries, "row": rows}
            | "Join" >> beam.CoGroupByKey()
            | ("Clusters" >> beam.FlatMap(_stored_cluster))
        )
        return RememberedMatches(edges, clusters)
