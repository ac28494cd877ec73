"""Stage (one streaming job): the job's earlier windows, remembered in Beam state for dedupe.

A streaming job on Dataflow fires its windows as the watermark passes them, and a window may
run while the one before it is still committing. Each exact-group representative (the member
the canonical rule ranks first) is remembered in Beam state under its LSH band keys (packed
signature, content hash, date) and compared there with the representatives of earlier windows
that share a bucket: a verified pair (estimated Jaccard at the dedup threshold) is an edge of
this window's clustering. Which cluster and story the remembered article is in, the store says:
its window's commit is waited for, and an article whose row never comes is not joined rather
than guessed (a guess can name a duplicate as a cluster's canonical).

State is per key and window, so the memory runs in the global window and hands its output back
to the windows it came from. An entry is forgotten `horizon` seconds (event time) after the
start of the window it came in, by a watermark timer (no horizon: never, as in batch); a
bucket holds at most `max_entries` (the newest), as a batch bucket larger than that is a
template collision.
"""

from __future__ import annotations

import time
from typing import NamedTuple

import apache_beam as beam
import pyarrow as pa
from apache_beam.coders import coders
from apache_beam.metrics import Metrics
from apache_beam.transforms import window
from apache_beam.transforms.timeutil import TimeDomain
from apache_beam.transforms.userstate import BagStateSpec, TimerSpec, on_timer
from apache_beam.utils.timestamp import Timestamp
from deltalake import DeltaTable

from transforms.dedupe import DedupKey, band_keys, estimated_jaccard
from transforms.earlier_clusters import StoredCluster
from transforms.history import History, matching_rows
from transforms.shards import window_suffix
from transforms.store import COMMIT_POINT, commit_app_id, table_uri


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


# How long a window waits for an earlier window's commit to learn a remembered article's
# cluster; an article still unknown then is not joined (a missed duplicate, counted).
COMMIT_WAIT_SECONDS = 120

ENTRIES = BagStateSpec("entries", ENTRY_CODER)
FORGET = TimerSpec("forget", TimeDomain.WATERMARK)
ENTRIES_PARAM = beam.DoFn.StateParam(ENTRIES)
FORGET_PARAM = beam.DoFn.TimerParam(FORGET)


class _BandMemoryFn(beam.DoFn):
    """(band key, (representative, its window's start)) -> verified (representative,
    remembered) pairs with other windows' representatives; remembers the representative in
    the bucket. Pairs within a window are the window's own LSH stage's."""

    def __init__(self, threshold: float, horizon: int | None, max_entries: int):
        self._threshold = threshold
        self._horizon_us = None if horizon is None else horizon * 1_000_000
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
        remembered = Remembered(
            key.doc_id, key.content_hash, key.signature, key.published_us, window_us
        )
        for entry in held:
            if entry.window_us == window_us:
                continue  # a window's own pairs are its LSH stage's
            if estimated_jaccard(key.signature, entry.signature) < self._threshold:
                continue
            self._matched.inc()
            if entry.window_us < window_us:
                yield key.doc_id, entry
            else:  # a later window got here first (a backlog): the pair is still its to join
                at = Timestamp(micros=entry.window_us)
                yield window.TimestampedValue((entry.doc_id, remembered), at)
        oldest_before = min((entry.window_us for entry in held), default=None)
        held.append(remembered)
        if len(held) > self._max_entries:
            held = keep_newest(held, self._max_entries)
            _replace(entries, held)
        else:
            entries.add(tuple(remembered))
        if min(entry.window_us for entry in held) != oldest_before:
            self._set_forget(forget, held)  # the timer is the oldest entry's

    @on_timer(FORGET)
    def forget_old(
        self,
        fired=beam.DoFn.TimestampParam,
        entries=ENTRIES_PARAM,
        forget=FORGET_PARAM,
    ):
        held = [Remembered(*entry) for entry in entries.read()]
        kept = [entry for entry in held if entry.window_us + self._horizon_us > fired.micros]
        _replace(entries, kept)
        if kept:
            self._set_forget(forget, kept)

    def _set_forget(self, forget, held: list[Remembered]) -> None:
        if self._horizon_us is None:
            return  # no horizon: nothing is forgotten (as in batch)
        oldest = min(entry.window_us for entry in held)
        forget.set(Timestamp(micros=oldest + self._horizon_us))


def _replace(entries, held: list[Remembered]) -> None:
    entries.clear()
    for entry in held:
        entries.add(tuple(entry))


class _BandsOf(beam.DoFn):
    def __init__(self, bands: int, rows: int):
        self._bands = bands
        self._rows = rows

    def process(self, key: DedupKey, window=beam.DoFn.WindowParam):
        for band in band_keys(key.signature, self._bands, self._rows):
            yield band, (key, window.start.micros)


DOC_COLUMNS = ["doc_id", "cluster_id", "age_us", "copies", "story_id"]


def stored_cluster(entry: Remembered, row: dict) -> StoredCluster:
    """A remembered article, as the store's `state/docs` row of it tells: the cluster a copy
    of it joins."""
    return StoredCluster(
        row["cluster_id"],
        entry.content_hash,
        entry.signature,
        row["age_us"],  # its cluster's earliest date, as batch's horizon reads it
        row["copies"] or 1,
        row["story_id"],
    )


def window_committed(store: str, attempt: str, window_us: int) -> bool:
    """Whether this job's window starting at `window_us` has committed (`transforms.commit`
    names its commit after the attempt and the window)."""
    uri = table_uri(store, COMMIT_POINT)
    if not DeltaTable.is_deltatable(uri):
        return False
    app_id = commit_app_id(attempt + window_suffix(window_us))
    return DeltaTable(uri).transaction_version(app_id) is not None


class _ResolveFn(beam.DoFn):
    """(a window's start, the articles it remembered) -> (doc_id, StoredCluster) of each whose
    row the store holds. An article whose window is still committing is waited for, up to
    `wait` seconds, polling only the store's new `state/docs` files; one whose window has
    committed without its row (a failed write made it a reject) is not waited for. An
    article left without a row is not joined: its cluster and story are not known, and a
    guess can name a duplicate as a cluster's canonical."""

    def __init__(self, store: str, attempt: str, wait: float):
        self._store = store
        self._attempt = attempt
        self._wait = wait
        self._unresolved = Metrics.counter("dedupe", "remembered_unresolved")

    def process(self, keyed: tuple[int, list[Remembered]]):
        _window_us, entries = keyed
        waiting = {entry.doc_id: entry for entry in entries}
        deadline = time.monotonic() + self._wait
        scanned: set[str] = set()
        pause = 0.5
        while True:
            # checked before the scan: a window committed now has its rows in the scan
            windows = {entry.window_us for entry in waiting.values()}
            done = {w for w in windows if window_committed(self._store, self._attempt, w)}
            missing = pa.array(sorted(waiting))
            for uri in History.live(self._store).files("state/docs"):
                if uri in scanned:
                    continue  # state files never change: a row missing there stays missing
                scanned.add(uri)
                for row in matching_rows(uri, "doc_id", missing, DOC_COLUMNS):
                    entry = waiting.pop(row["doc_id"], None)
                    if entry is not None:
                        yield entry.doc_id, stored_cluster(entry, row)
            waiting = {doc: e for doc, e in waiting.items() if e.window_us not in done}
            if not waiting or time.monotonic() >= deadline:
                break
            time.sleep(pause)
            pause = min(2 * pause, 10.0)
        self._unresolved.inc(len(waiting))


class _KeyedByWindow(beam.DoFn):
    def process(self, keyed, window=beam.DoFn.WindowParam):
        _doc_id, entry = keyed
        yield window.start.micros, entry


def _resolved_edges(joined):
    remembered_id, grouped = joined
    if list(grouped["cluster"]):
        for doc_id in grouped["edge"]:
            yield doc_id, remembered_id


class RememberAcrossWindows(beam.PTransform):
    """Windowed representatives -> (doc_id, `Remembered`) for each verified pair with an
    earlier window's representative (once per band key they share), in the later one's
    window."""

    def __init__(
        self, bands_rows: tuple[int, int], threshold: float, horizon: int | None, max_entries: int
    ):
        super().__init__()
        self._bands_rows = bands_rows
        self._memory = _BandMemoryFn(threshold, horizon, max_entries)

    def expand(self, reps):
        return (
            reps
            | "BandKeys" >> beam.ParDo(_BandsOf(*self._bands_rows))
            | "AcrossWindows" >> beam.WindowInto(window.GlobalWindows())
            | "Memory" >> beam.ParDo(self._memory)
            | "BackToWindows" >> beam.WindowInto(reps.windowing.windowfn)
        )


class RememberedMatches(NamedTuple):
    edges: beam.PCollection  # (this window's doc_id, remembered doc_id)
    clusters: beam.PCollection  # (remembered doc_id, StoredCluster)


class RecallEarlierWindows(beam.PTransform):
    """Exact-group representatives -> `RememberedMatches` against the job's earlier windows
    (and remembers them for the later ones). A remembered article brings the cluster and story
    the store holds it in; its window's commit is waited for up to `commit_wait` seconds."""

    def __init__(
        self,
        bands_rows: tuple[int, int],
        threshold: float,
        horizon: int | None,
        max_entries: int,
        store: str,
        attempt: str,
        commit_wait: float = COMMIT_WAIT_SECONDS,
    ):
        super().__init__()
        self._remember = RememberAcrossWindows(bands_rows, threshold, horizon, max_entries)
        self._resolve = _ResolveFn(store, attempt, commit_wait)

    def expand(self, reps):
        matches = reps | "Remember" >> self._remember
        clusters = (
            matches
            | "Entries" >> beam.MapTuple(lambda _doc_id, entry: (entry.doc_id, entry))
            | "OneEntry" >> beam.CombinePerKey(min)
            | "ByWindow" >> beam.ParDo(_KeyedByWindow())
            | "PerWindow" >> beam.GroupByKey()  # one key per window: windows wait apart
            | "FromStore" >> beam.ParDo(self._resolve)
        )
        edges = (
            {
                "edge": matches
                | "ByRemembered" >> beam.MapTuple(lambda doc_id, entry: (entry.doc_id, doc_id)),
                "cluster": clusters,
            }
            | "JoinResolved" >> beam.CoGroupByKey()
            | "Resolved" >> beam.FlatMap(_resolved_edges)
            | "DistinctEdges" >> beam.Distinct()
        )
        return RememberedMatches(edges, clusters)
