"""`storyline compact STORE`: fewer, larger files in every table, then unused files removed.

Every run adds a few files to each table (one per story it touched to `articles`), so a store
fed every hour gathers small files, and reading it (a run's state lookups, `storyline query`)
slows with their number. Compaction rewrites each table's files into larger ones with Delta's
optimize (`articles` stays partitioned by `story_id=`), pins the new versions as a run would,
then vacuums: files no version keeps any more, and files of runs that were killed before
their commit, are deleted once older than `--retention-hours`. Run it while no run writes to
the store: a run that started before it refuses to commit (`StoreChanged`), and a vacuum with
a short retention would delete the files of a run going on.
"""

from __future__ import annotations

from deltalake import DeltaTable

from pipeline.query import OutputError, normalize
from pipeline.usage import OneLineParser, UsageError
from schemas.arrow import STORE_SCHEMAS
from transforms.store import (
    COMMIT_POINT,
    STORE_FORMAT,
    commit_versions,
    is_store,
    open_snapshot,
    roll_back,
    table_uri,
)

DEFAULT_RETENTION_HOURS = 168  # Delta's own default: a week of old versions stays readable


def compact_store(store: str, retention_hours: int) -> dict[str, dict]:
    """Compact and vacuum every table; returns per table the files before and after."""
    if not is_store(store):
        raise OutputError(f"{store}: no storyline store (no committed articles/ table)")
    snapshot = open_snapshot(store)
    roll_back(store, snapshot)  # a half-committed run's tables go back to the snapshot
    versions, report = {}, {}
    for table in sorted(snapshot.versions, key=lambda name: name == COMMIT_POINT):
        delta = DeltaTable(table_uri(store, table))
        before = len(delta.file_uris())
        delta.optimize.compact()
        delta = DeltaTable(table_uri(store, table))
        versions[table] = delta.version()
        report[table] = {"files_before": before, "files_after": len(delta.file_uris())}
    versions.pop(COMMIT_POINT)
    commit_versions(store, f"compact-{snapshot.run}", versions, snapshot.format or STORE_FORMAT)
    for table in snapshot.versions:
        removed = DeltaTable(table_uri(store, table)).vacuum(
            retention_hours=retention_hours,
            dry_run=False,
            enforce_retention_duration=False,
            full=True,  # also files no commit ever named: a killed run's
        )
        report[table]["files_removed"] = len(removed)
    return report


def _parser() -> OneLineParser:
    parser = OneLineParser(
        prog="storyline compact",
        description="Rewrite a store's small files into larger ones, then delete unused files.",
    )
    parser.add_argument("store", help="store directory or URI")
    parser.add_argument(
        "--retention-hours",
        type=int,
        default=DEFAULT_RETENTION_HOURS,
        help="keep unused files younger than this (0: delete every unused file now)",
    )
    return parser


def compact_command(flags: list[str]) -> int:
    args = _parser().parse_args(flags)
    if args.retention_hours < 0:
        raise UsageError("--retention-hours must be 0 or more")
    report = compact_store(normalize(args.store), args.retention_hours)
    for table in STORE_SCHEMAS:
        if table in report:
            row = report[table]
            print(
                f"{table:18} files {row['files_before']:>6} -> {row['files_after']:>6}, "
                f"{row['files_removed']} removed from disk"
            )
    return 0
