"""Test helper: a store committed from tables written by hand, as a run commits its own."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from transforms.shards import write_table
from transforms.store import WrittenFile, commit_run, plan_run


def commit_tables(out: Path, tables: dict[str, list[tuple[str, pa.Table]]]) -> None:
    """{table: [(file name, Arrow table)]} written under `out` and committed in one run."""
    written = []
    for table, files in tables.items():
        for name, rows in files:
            (out / table).mkdir(parents=True, exist_ok=True)
            size = write_table(str(out / table / name), rows)
            written.append(WrittenFile(table, name, size, rows.num_rows))
    commit_run(plan_run(str(out), sorted(tables)), written)
