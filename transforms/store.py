"""The store: every table is a Delta Lake table; workers write Parquet files, one step commits.

A run writes its files under each table's directory (`articles/story_id=<id>/part-<attempt>...`)
and reports them as `WrittenFile`s; `commit_run` then commits them table by table with
delta-rs (`create_write_transaction` with add actions). Delta has no transaction across
tables, so the `articles` table is the commit point: it is committed last, and its commit
records (`storyline.versions`) the version of every other table this run committed. Readers
(`open_snapshot`: `storyline query`, `report` and the next run) read every table at the
version the last `articles` commit names, so a run killed before that commit leaves the store
exactly as it was for them. Each table's commit carries the run's application transaction
(`storyline-<run>`), so running the same command again completes a half-committed run
without committing a table twice. Files of a killed attempt are never committed: raw globs
see them until `storyline vacuum`, Delta readers never do.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import time
import uuid
from dataclasses import dataclass, field

import pyarrow as pa
from apache_beam.io.filesystems import FileSystems
from deltalake import DeltaTable, Schema
from deltalake.transaction import (
    AddAction,
    CommitProperties,
    Transaction,
    create_table_with_add_actions,
)

from schemas.arrow import STORE_SCHEMAS
from transforms import faults

COMMIT_POINT = "articles"
VERSIONS_KEY = "storyline.versions"
RUN_KEY = "storyline.run"
FORMAT_KEY = "storyline.format"
# What the state tables and columns mean. 2: term ids carry their view (body, headline, names,
# numbers) and articles have `page_kind`. Stores committed before it name no format: 1.
STORE_FORMAT = 2
PARTITION_COLUMNS = {"articles": ["story_id"]}
HISTORY_LOOKBACK = 1000  # commits of the commit point searched for the last run's versions


class StoreChanged(Exception):
    """Another run committed to the store after this one read it."""


@dataclass(frozen=True)
class WrittenFile:
    """One Parquet file a worker wrote, as the commit needs it."""

    table: str  # e.g. "articles", "state/docs"
    path: str  # relative to the table's directory
    size: int
    rows: int
    partition: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Snapshot:
    """The committed state of a store: each table's version, as the commit point names it."""

    store: str
    versions: dict[str, int] = field(default_factory=dict)  # absent: table not committed yet
    run: str | None = None  # the run that made this snapshot
    format: int | None = None  # STORE_FORMAT of the run that made it; None: nothing committed

    @property
    def version(self) -> int:
        """The commit point's version; -1 for a store nothing was committed to."""
        return self.versions.get(COMMIT_POINT, -1)

    def files(self, table: str) -> list[str]:
        """URIs of the table's committed Parquet files at this snapshot (none if absent)."""
        if table not in self.versions:
            return []
        return DeltaTable(table_uri(self.store, table), version=self.versions[table]).file_uris()


def attempt_files(snapshot: Snapshot, table: str, attempt: str) -> list[str]:
    """The table's committed files that one attempt wrote (its name leads every file's)."""
    ours = f"part-{attempt}"
    return [uri for uri in snapshot.files(table) if posixpath.basename(uri).startswith(ours)]


def table_uri(store: str, table: str) -> str:
    return posixpath.join(store.rstrip("/"), table)


def is_store(store: str) -> bool:
    return DeltaTable.is_deltatable(table_uri(store, COMMIT_POINT))


def open_snapshot(store: str) -> Snapshot:
    """The snapshot every reader uses; an empty one when nothing was committed."""
    if not is_store(store):
        return Snapshot(store)
    points = DeltaTable(table_uri(store, COMMIT_POINT))
    # the last commit a run (or `storyline compact`) made; maintenance commits of the
    # articles table alone (a Delta optimize, say) change no other table's version
    last = next((c for c in points.history(HISTORY_LOOKBACK) if VERSIONS_KEY in c), {})
    versions = json.loads(last.get(VERSIONS_KEY) or "{}")
    versions[COMMIT_POINT] = points.version()
    return Snapshot(store, versions, last.get(RUN_KEY), int(last.get(FORMAT_KEY) or 1))


def delta_schema(table: str) -> Schema:
    schema = STORE_SCHEMAS[table]
    for column in PARTITION_COLUMNS.get(table, ()):
        schema = schema.append(pa.field(column, pa.string()))
    return Schema.from_arrow(schema)


def _add_action(written: WrittenFile, now_ms: int) -> AddAction:
    stats = json.dumps({"numRecords": written.rows})
    return AddAction(written.path, written.size, dict(written.partition), now_ms, True, stats)


@dataclass(frozen=True)
class RunPlan:
    """Where a run writes and what it starts from."""

    store: str
    run: str  # same command on the same snapshot: same run
    attempt: str  # unique per launch: names this attempt's files and commits
    base: Snapshot
    streaming: bool = False  # commits once per window, each on top of the latest


def plan_run(store: str, identity: object, streaming: bool = False) -> RunPlan:
    """The run's plan: `identity` (inputs, settings) and the snapshot make the run id."""
    base = open_snapshot(store)
    text = json.dumps([base.version, base.run, identity], sort_keys=True, default=str)
    run = hashlib.sha256(text.encode()).hexdigest()[:16]
    return RunPlan(store, run, f"{run[:8]}-{uuid.uuid4().hex[:8]}", base, streaming)


def roll_back(store: str, base: Snapshot) -> list[str]:
    """Tables a killed run committed past `base` go back to it; tables a killed first run
    created are removed (a store with a commit point never loses a table). Returns the
    tables touched."""
    touched = []
    for table in STORE_SCHEMAS:
        uri = table_uri(store, table)
        if not DeltaTable.is_deltatable(uri):
            continue
        if table not in base.versions:
            if base.version >= 0:
                continue  # a store whose commit point does not name it: never delete data
            # a killed first run's table: its contents on an object store ("dir/"), the
            # tree on a disk
            FileSystems.delete([uri + "/" if "://" in uri else uri])
            touched.append(table)
            continue
        current = DeltaTable(uri)
        pinned = DeltaTable(uri, version=base.versions[table])
        if set(current.file_uris()) != set(pinned.file_uris()):
            current.restore(base.versions[table])  # a new version with the pinned files
            touched.append(table)
    return touched


def commit_app_id(run: str) -> str:
    """The application transaction a run's (or a window's) commits carry: a retried commit
    step does not commit again."""
    return f"storyline-{run}"


def commit_run(plan: RunPlan, written: list[WrittenFile], window: str = "") -> Snapshot:
    """Commit every table's files; the commit point last. Returns the new snapshot.

    A batch run refuses (`StoreChanged`) when another run committed after the plan's snapshot
    was read, since it did not dedupe against that run. A streaming run commits each window
    (`window` tells them apart) on top of the latest commit, its earlier windows' included.
    """
    store, run, base = plan.store, plan.attempt + window, plan.base
    app_id = commit_app_id(run)
    current = open_snapshot(store)
    if current.run == run:
        return current  # this attempt (or window) was committed completely before
    if not plan.streaming and current.version != base.version:
        raise StoreChanged(
            f"{store} changed while this run was going (version {base.version} -> "
            f"{current.version}); run the same command again"
        )
    by_table: dict[str, list[WrittenFile]] = {table: [] for table in STORE_SCHEMAS}
    for item in written:
        by_table[item.table].append(item)
    now_ms = int(time.time() * 1000)
    versions = {}
    for table in sorted(by_table, key=lambda name: name == COMMIT_POINT):  # commit point last
        actions = [_add_action(item, now_ms) for item in sorted(by_table[table], key=_path)]
        metadata = {RUN_KEY: run}
        if table == COMMIT_POINT:
            metadata[VERSIONS_KEY] = json.dumps(versions, sort_keys=True)
            metadata[FORMAT_KEY] = str(STORE_FORMAT)
        faults.check("commit", table)  # tests: stop the run between two tables' commits
        versions[table] = _commit_table(store, table, actions, app_id, metadata)
    return open_snapshot(store)


def commit_versions(
    store: str, run: str, versions: dict[str, int], store_format: int = STORE_FORMAT
) -> Snapshot:
    """An empty commit of the commit point naming `versions` (after maintenance, which keeps
    the store's format)."""
    uri = table_uri(store, COMMIT_POINT)
    metadata = {
        RUN_KEY: run,
        VERSIONS_KEY: json.dumps(versions, sort_keys=True),
        FORMAT_KEY: str(store_format),
    }
    DeltaTable(uri).create_write_transaction(
        [],
        mode="append",
        schema=delta_schema(COMMIT_POINT),
        partition_by=PARTITION_COLUMNS[COMMIT_POINT],
        commit_properties=CommitProperties(custom_metadata=metadata),
    )
    return open_snapshot(store)


def _path(item: WrittenFile) -> str:
    return item.path


def _commit_table(
    store: str, table: str, actions: list[AddAction], app_id: str, metadata: dict
) -> int:
    """Append `actions` to one table (creating it) unless this attempt did; its version."""
    uri = table_uri(store, table)
    properties = CommitProperties(
        custom_metadata=metadata, app_transactions=[Transaction(app_id, 1)]
    )
    partition_by = PARTITION_COLUMNS.get(table)
    if not DeltaTable.is_deltatable(uri):
        create_table_with_add_actions(
            uri,
            delta_schema(table),
            actions,
            mode="append",
            partition_by=partition_by,
            commit_properties=properties,
        )
        return DeltaTable(uri).version()
    existing = DeltaTable(uri)
    if existing.transaction_version(app_id) is None:
        existing.create_write_transaction(
            actions,
            mode="append",
            schema=delta_schema(table),
            partition_by=partition_by,
            commit_properties=properties,
        )
        existing = DeltaTable(uri)
    return existing.version()
