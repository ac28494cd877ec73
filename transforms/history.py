"""Earlier runs, as this run needs them: rows of the store's state tables that match its keys.

Each committed file of a state table (`schemas.arrow.STATE_SCHEMAS`) is read by one worker:
its key column first, filtered with Arrow's `is_in` against this run's keys (a side input),
then the other columns of the matching rows only. Only matches enter the pipeline, so what
grows with the store is a columnar scan at Arrow's speed, never a shuffle of its rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import apache_beam as beam
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics

from schemas.arrow import STATE_SCHEMAS
from transforms.store import Snapshot, open_snapshot


@dataclass(frozen=True)
class History:
    """Where a run reads earlier runs from: the store, at pinned versions (a batch run reads
    the snapshot it started from) or at its latest commit when a scan runs (a streaming run
    reads what its own earlier windows committed too). An empty History reads nothing."""

    store: str = ""
    versions: dict[str, int] | None = field(default=None)  # None: the latest commit
    present: bool = False  # whether there is anything to read

    @classmethod
    def of(cls, snapshot: Snapshot) -> History:
        present = any(table in snapshot.versions for table in STATE_SCHEMAS)
        return cls(snapshot.store, dict(snapshot.versions), present)

    @classmethod
    def live(cls, store: str) -> History:
        return cls(store, None, True)

    def __bool__(self) -> bool:
        return self.present

    def files(self, table: str) -> list[str]:
        """The table's committed files, at the pinned version or the latest."""
        snapshot = open_snapshot(self.store) if self.versions is None else None
        snapshot = snapshot or Snapshot(self.store, self.versions)
        return sorted(snapshot.files(table))


def empty_like(pcoll: beam.PCollection, label: str) -> beam.PCollection:
    """An empty PCollection windowed like `pcoll` (a `Create` would be globally windowed)."""
    return pcoll | label >> beam.FlatMap(lambda _element: ())


def _files_once(pcoll: beam.PCollection, history: History, table: str) -> beam.PCollection:
    """The table's files, listed once per window of `pcoll` that has elements."""
    return (
        pcoll
        | "Once" >> beam.combiners.Count.Globally().without_defaults()
        | "ListFiles" >> beam.FlatMap(lambda _count: history.files(table))
    )


def read_state_file(uri: str, columns: Sequence[str] | None = None) -> pa.Table:
    with FileSystems.open(uri, compression_type=CompressionTypes.UNCOMPRESSED) as handle:
        return pq.read_table(handle, columns=list(columns) if columns else None)


class _ScanFileFn(beam.DoFn):
    """One state file -> its rows (dicts) whose `key` is among the side input's keys."""

    def __init__(self, key: str, columns: Sequence[str] | None):
        self._key = key
        self._columns = list(columns) if columns else None
        self._rows = Metrics.counter("history", "rows_matched")

    def setup(self):
        self._keys_seen = None
        self._value_set = None

    def process(self, uri: str, keys: Iterable):
        if keys is not self._keys_seen:  # one set per side input, not one per file
            self._keys_seen = keys
            self._value_set = pa.array(sorted(set(keys)))
        matched = matching_rows(uri, self._key, self._value_set, self._columns)
        self._rows.inc(len(matched))
        yield from matched


def matching_rows(
    uri: str, key: str, value_set: pa.Array, columns: Sequence[str] | None = None
) -> list[dict]:
    """The rows of one state file whose `key` is in `value_set`: the key column is read
    first, the other columns only when a row matches."""
    if len(value_set) == 0:
        return []
    with FileSystems.open(uri, compression_type=CompressionTypes.UNCOMPRESSED) as handle:
        parquet = pq.ParquetFile(handle)
        column = parquet.read(columns=[key]).column(0)
        mask = pc.is_in(column, value_set=value_set.cast(column.type))
        if not pc.any(mask).as_py():
            return []
        return parquet.read(columns=list(columns) if columns else None).filter(mask).to_pylist()


class ScanState(beam.PTransform):
    """PCollection of keys -> rows (dicts) of `table` whose `key` column is one of them."""

    def __init__(
        self, history: History, table: str, key: str, columns: Sequence[str] | None = None
    ):
        super().__init__()
        self._history = history
        self._table = table
        self._key = key
        self._columns = columns

    def expand(self, keys):
        if not self._history:
            return empty_like(keys, "Nothing")
        return (
            _files_once(keys, self._history, self._table)
            | "SpreadFiles" >> beam.Reshuffle()
            | "Scan"
            >> beam.ParDo(_ScanFileFn(self._key, self._columns), keys=beam.pvalue.AsList(keys))
        )


def count_true(uri: str, column: str) -> int:
    return int(pc.sum(read_state_file(uri, [column]).column(0)).as_py() or 0)


class CountState(beam.PTransform):
    """A PCollection (one element per window is enough) -> per window, how many rows of
    `table` have the boolean `column` true."""

    def __init__(self, history: History, table: str, column: str):
        super().__init__()
        self._history = history
        self._table = table
        self._column = column

    def expand(self, trigger):
        if not self._history:
            return trigger | "Zero" >> beam.Map(lambda _element: 0)
        return (
            _files_once(trigger, self._history, self._table)
            | "Count" >> beam.Map(count_true, self._column)
            | "Total" >> beam.CombineGlobally(sum).without_defaults()
        )


class _SkipIngestedFn(beam.DoFn):
    """Drops units and rejects whose doc_id an earlier run ingested; says which ("skipped",
    the file's path) so the files table still accounts for every unit."""

    def __init__(self):
        self._skipped = Metrics.counter("read", "already_ingested")

    def setup(self):
        self._known_seen = None
        self._known: frozenset = frozenset()

    def process(self, unit, known: Iterable[dict]):
        if known is not self._known_seen:
            self._known_seen = known
            self._known = frozenset(row["doc_id"] for row in known)
        if unit.doc_id in self._known:
            self._skipped.inc()
            yield beam.pvalue.TaggedOutput("skipped", unit.path)
        else:
            yield unit


class SkipIngested(beam.PTransform):
    """(units, read rejects) -> (new units, new rejects, paths of the units skipped)."""

    def __init__(self, history: History):
        super().__init__()
        self._history = history

    def expand(self, inputs):
        units, rejects = inputs
        if not self._history:
            return units, rejects, empty_like(units, "NothingSkipped")
        ids = (
            units | "UnitIds" >> beam.Map(lambda unit: unit.doc_id),
            rejects | "RejectIds" >> beam.Map(lambda reject: reject.doc_id),
        ) | "AllIds" >> beam.Flatten()
        known = ids | "Ingested" >> ScanState(self._history, "state/units", "doc_id")
        side = beam.pvalue.AsList(known)
        new_units = units | "SkipUnits" >> beam.ParDo(_SkipIngestedFn(), side).with_outputs(
            "skipped", main="new"
        )
        new_rejects = rejects | "SkipRejects" >> beam.ParDo(_SkipIngestedFn(), side).with_outputs(
            "skipped", main="new"
        )
        skipped = (new_units.skipped, new_rejects.skipped) | "Skipped" >> beam.Flatten()
        return new_units.new, new_rejects.new, skipped
