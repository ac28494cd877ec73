"""The run summary: Beam metric counters read back after the run, reconciled and printed."""

from __future__ import annotations

import json
import posixpath

from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics.metric import MetricsFilter

# summary field -> (namespace, counter) as the transforms name them
_COUNTERS = {
    "files_read": ("read", "files"),
    "units_read": ("read", "units"),
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
    summary["reconciled"] = summary["units_read"] == summary["articles"] + summary["rejects"]
    return summary


def write_summary(output: str, summary: dict) -> str:
    path = posixpath.join(output, "run_summary.json")
    with FileSystems.create(path) as handle:
        handle.write((json.dumps(summary, indent=2, sort_keys=True) + "\n").encode("utf-8"))
    return path


def format_summary(summary: dict) -> str:
    check = "yes" if summary["reconciled"] else "NO"
    return "\n".join(
        [
            f"files read            {summary['files_read']}",
            f"input units           {summary['units_read']}",
            f"articles              {summary['articles']}",
            f"duplicates collapsed  {summary['duplicates_collapsed']}",
            f"rewrites              {summary['rewrites']}",
            f"stories               {summary['stories']}",
            f"rejects               {summary['rejects']}",
            f"units = articles + rejects: {check}",
            f"errors                {summary.get('errors', 0)} (articles kept, see errors/)",
            f"warc records skipped  {summary.get('warc_records_skipped', 0)} (not pages)",
        ]
    )
