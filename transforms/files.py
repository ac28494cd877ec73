"""Stage: the `files` table, one row per input file: what it was and where its units went.

Every count is derived from the data, not from Beam metrics: the matched file (its size on
disk), its `FileRead` (format, compression, WARC records skipped), the units that left the
read stage, the article rows written and the reject rows (read and clean), each keyed by
the `path` the reader put on them (relative to its --input root, as `InputFile` names it),
meet in one CoGroupByKey. So `units = articles + rejects` holds file by file, and a file
with no unit at all (a WARC of metadata records) still has its row. Units, rejects and
articles are summed per file before the join (combiner lifting: one small record per file
and bundle crosses the shuffle, not one per unit).
"""

from __future__ import annotations

from collections.abc import Iterable

import apache_beam as beam

from schemas.arrow import FILES_SCHEMA
from schemas.records import FileRead
from transforms.shards import WriteShardedTable

__all__ = ["FileRows", "FilesTable", "file_row"]


def file_row(keyed: tuple[str, dict[str, Iterable]]) -> dict:
    """(path, grouped counts) -> one row of the files table.

    A file matched by two `--input` patterns is read twice: its counts are both reads', its
    size and format the first's. A path with no matched file (a unit whose `path` was not
    set) keeps its row, with no size, so the mistake shows instead of vanishing.
    """
    path, groups = keyed
    read: FileRead | None = next(iter(groups["read"]), None)
    size = next(iter(groups["bytes"]), None)
    return {
        "path": path,
        "format": read.format if read else None,
        "compression": read.compression if read else None,
        "bytes": size,
        "units": sum(groups["units"]),
        "articles": sum(groups["articles"]),
        "rejects": sum(groups["rejects"]),
        "already_ingested": sum(groups.get("skipped", ())),
        "skipped_records": sum(r.skipped_records for r in groups["read"]),
    }


def has_news(row: dict) -> bool:
    """False for a file every unit of which an earlier run took: a rerun adds no row."""
    return bool(row["articles"] or row["rejects"] or not row["already_ingested"])


class FileRows(beam.PTransform):
    """(matched files, file reads, units, read rejects, (path, article rows), all rejects[,
    paths of units already ingested]) -> one row (dict, `FILES_SCHEMA`) per input file with
    something new in it."""

    def expand(self, inputs):
        files, reads, units, read_rejects, articles_by_file, rejects, *skipped = inputs
        units_read = (
            units | "UnitFiles" >> beam.Map(lambda unit: (unit.path, 1)),
            read_rejects | "ReadRejectFiles" >> beam.Map(lambda reject: (reject.path, 1)),
        ) | "UnitsRead" >> beam.Flatten()
        grouped = {
            "bytes": files | "Sizes" >> beam.Map(lambda file: (file.path, file.size)),
            "read": reads | "Reads" >> beam.Map(lambda read: (read.path, read)),
            "units": units_read | "SumUnits" >> beam.CombinePerKey(sum),
            "articles": articles_by_file | "SumArticles" >> beam.CombinePerKey(sum),
            "rejects": rejects
            | "RejectFiles" >> beam.Map(lambda reject: (reject.path, 1))
            | "SumRejects" >> beam.CombinePerKey(sum),
        }
        if skipped:
            grouped["skipped"] = (
                skipped[0]
                | "SkippedFiles" >> beam.Map(lambda path: (path, 1))
                | "SumSkipped" >> beam.CombinePerKey(sum)
            )
        return (
            grouped
            | "ByFile" >> beam.CoGroupByKey()
            | "FileRows" >> beam.Map(file_row)
            | "WithNews" >> beam.Filter(has_news)
        )


class FilesTable(beam.PTransform):
    """`FileRows` -> files/part-*.parquet under `output`; returns the `WrittenFile`s."""

    def __init__(self, output: str, attempt: str):
        super().__init__()
        self._output = output
        self._attempt = attempt

    def expand(self, inputs):
        return (
            inputs
            | "Rows" >> FileRows()
            | "Write"
            >> WriteShardedTable(
                self._output, self._attempt, "files", FILES_SCHEMA, "path", "file_rows"
            )
        )
