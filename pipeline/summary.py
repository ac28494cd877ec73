"""The run summary: Beam metric counters read back after the run, reconciled and printed.

The files line is the written `files` table read back (not counters): its rows, and whether
every file has `units = articles + rejects` and the files add up to the run's totals.
"""

from __future__ import annotations

import json
import posixpath

import duckdb
import pyarrow as pa
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics.metric import MetricsFilter

from transforms.history import read_state_file
from transforms.store import attempt_files, open_snapshot

# summary field -> (namespace, counter) as the transforms name them
_COUNTERS = {
    "files_read": ("read", "files"),
    "units_read": ("read", "units"),
    "already_ingested": ("read", "already_ingested"),
    "articles": ("write", "article_rows"),
    "duplicates_collapsed": ("dedupe", "duplicates"),
    "rewrites": ("rewrites", "rewrites_tagged"),
    "stories": ("write", "story_rows"),
    "rejects": ("write", "reject_rows"),
    # failures of a stage after clean; the article still has its row (not a unit count)
    "errors": ("write", "error_rows"),
    # informational, not units: WARC records that are not HTML pages (requests, images, ...)
    "warc_records_skipped": ("read", "warc_records_skipped"),
}


def counter_totals(result) -> dict[tuple[str, str], int]:
    """A finished run's counters by (namespace, name), summed over the steps that count them."""
    totals: dict[tuple[str, str], int] = {}
    for counter in result.metrics().query(MetricsFilter())["counters"]:
        key = (counter.key.metric.namespace, counter.key.metric.name)
        value = counter.committed if counter.committed is not None else counter.attempted
        totals[key] = totals.get(key, 0) + (value or 0)
    return totals


def collect_summary(result) -> dict:
    totals = counter_totals(result)
    summary = {field: totals.get(key, 0) for field, key in _COUNTERS.items()}
    accounted = summary["articles"] + summary["rejects"] + summary["already_ingested"]
    summary["reconciled"] = summary["units_read"] == accounted
    return summary


def committed_summary(output: str, attempt: str) -> dict:
    """The summary's counts read back from the rows this attempt committed, for runs whose
    counters cannot be read (Beam's streaming DirectRunner fails to consolidate them)."""
    snapshot = open_snapshot(output)

    def files(table: str) -> list[str]:
        return attempt_files(snapshot, table, attempt)

    con = duckdb.connect()

    def one(sql: str, table: str, default: tuple) -> tuple:
        found = files(table)
        if not found:
            return default
        source = f"read_parquet({[str(u) for u in found]}, hive_partitioning = true)"
        return con.execute(sql.format(source=source)).fetchone()

    units, file_rows, rejects, already, skipped = one(
        "SELECT sum(units), count(*), sum(rejects), sum(already_ingested), "
        "sum(skipped_records) FROM {source}",
        "files",
        (0, 0, 0, 0, 0),
    )
    articles, duplicates, rewrites, stories = one(
        "SELECT count(*), count(*) FILTER (relation = 'duplicate'), "
        "count(*) FILTER (relation = 'rewrite'), count(DISTINCT story_id) FROM {source}",
        "articles",
        (0, 0, 0, 0),
    )
    (errors,) = one("SELECT count(*) FROM {source}", "errors", (0,))
    summary = {
        "files_read": file_rows,
        "units_read": int(units or 0),
        "articles": articles,
        "duplicates_collapsed": duplicates,
        "rewrites": rewrites,
        "stories": stories,
        "rejects": int(rejects or 0),
        "already_ingested": int(already or 0),
        "errors": errors,
        "warc_records_skipped": int(skipped or 0),
    }
    accounted = summary["articles"] + summary["rejects"] + summary["already_ingested"]
    summary["reconciled"] = summary["units_read"] == accounted
    return summary


def files_summary(output: str, summary: dict, attempt: str) -> dict:
    """`files` (rows this run committed to the files table), `files_unreconciled` (rows where
    units != articles + rejects + already_ingested) and `files_reconciled` (none, and the
    rows sum to the run's new units, articles and rejects in `summary`)."""
    columns = ["units", "articles", "rejects", "already_ingested"]
    files = attempt_files(open_snapshot(output), "files", attempt)
    parts = [read_state_file(uri, columns) for uri in files]
    rows = pa.concat_tables(parts).to_pylist() if parts else []
    unreconciled = sum(
        row["units"] != row["articles"] + row["rejects"] + row["already_ingested"] for row in rows
    )
    totals = {name: sum(row[name] for row in rows) for name in columns}
    # a file whose every unit was ingested before has no row: compare the new units only
    adds_up = (
        totals["units"] - totals["already_ingested"],
        totals["articles"],
        totals["rejects"],
    ) == (
        summary["units_read"] - summary["already_ingested"],
        summary["articles"],
        summary["rejects"],
    )
    return {
        "files": len(rows),
        "files_unreconciled": unreconciled,
        "files_reconciled": unreconciled == 0 and adds_up,
    }


def write_summary(output: str, summary: dict) -> str:
    path = posixpath.join(output, "run_summary.json")
    with FileSystems.create(path) as handle:
        handle.write((json.dumps(summary, indent=2, sort_keys=True) + "\n").encode("utf-8"))
    return path


def read_summary(output: str) -> dict | None:
    """The store's run_summary.json (the last run's, as `write_summary` left it), if any."""
    path = posixpath.join(output, "run_summary.json")
    if not FileSystems.exists(path):
        return None
    with FileSystems.open(path) as handle:
        return json.loads(handle.read().decode("utf-8"))


def format_summary(summary: dict) -> str:
    """The printed summary; its first line says which store, which run (a stream: how many
    windows) and how long it took, the files line only when the files table was read back."""
    check = "yes" if summary["reconciled"] else "NO"
    lines = []
    if "store" in summary:
        what = f"run {summary['run'][:8]}" if "run" in summary else f"{summary['windows']} windows"
        lines.append(f"store {summary['store']} · {what} · {summary['seconds']:.1f} s")
    lines += [
        f"files read            {summary['files_read']}",
        f"input units           {summary['units_read']}",
        f"articles              {summary['articles']}",
        f"duplicates collapsed  {summary['duplicates_collapsed']}",
        f"rewrites              {summary['rewrites']}",
        f"stories               {summary['stories']}",
        f"rejects               {summary['rejects']}",
        f"already ingested      {summary.get('already_ingested', 0)} (in the store before)",
        f"units = articles + rejects + already ingested: {check}",
        f"errors                {summary.get('errors', 0)} (articles kept, see errors/)",
        f"warc records skipped  {summary.get('warc_records_skipped', 0)} (not pages)",
    ]
    if "files" in summary:
        per_file = "yes" if summary["files_reconciled"] else "NO"
        lines.append(
            f"files table           {summary['files']} rows, units = articles + rejects"
            f" + already ingested per file: {per_file}"
        )
    return "\n".join(lines)
