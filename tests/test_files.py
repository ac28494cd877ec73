"""The files table: one row per input file, its units all accounted for as articles or rejects.

`FileRows` on TestPipeline over a small mixed folder (read, clean and the real article writer
in between), the same folder through `storyline run` read back with DuckDB, and the summary's
check failing on a files table that does not add up.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import apache_beam as beam
import duckdb
import pyarrow as pa
from apache_beam.testing.util import assert_that, equal_to
from conftest import run_cli, test_pipeline
from storeutil import commit_tables
from test_formats import html_page, text_page, warc_bytes

from pipeline.summary import files_summary, format_summary
from schemas.arrow import FILES_SCHEMA
from schemas.records import RawUnit
from transforms import warc
from transforms.clean import CleanUnits
from transforms.files import FileRows
from transforms.packing import pack
from transforms.read import MatchFiles, ReadFiles
from transforms.write import WriteTables

MAX_BYTES = 1_000_000
GARBAGE = b"\x00\xffthis is not a WARC record\r\n"
# name -> (format, compression, units, articles, rejects, skipped records)
EXPECTED = {
    "page.txt": ("text", "none", 1, 1, 0, 0),
    "page.html": ("html", "none", 1, 1, 0, 0),
    "zipped.html.gz": ("html", "gzip", 1, 1, 0, 0),
    "dump.jsonl": ("jsonl", "none", 3, 2, 1, 0),  # L2 is not JSON
    "crawl.warc": ("warc", "none", 2, 1, 1, 2),  # warcinfo and a request skipped; garbage
    "info-garbage.warc": ("warc", "none", 1, 0, 1, 1),  # warcinfo, then only garbage
    "empty.txt": (None, "none", 1, 0, 1, 0),
}


def _mixed_folder(root: Path) -> Path:
    root.mkdir()
    files = {
        "page.txt": text_page(41).encode(),
        "page.html": html_page(42).encode(),
        "zipped.html.gz": gzip.compress(html_page(43).encode()),
        "dump.jsonl": "\n".join(
            [json.dumps({"html": html_page(44)}), "{not json", json.dumps({"text": text_page(45)})]
        ).encode(),
        "crawl.warc": warc_bytes([{"body": html_page(46)}, {"type": "request"}], gzipped=False)
        + GARBAGE,
        "info-garbage.warc": warc_bytes([], gzipped=False) + GARBAGE,
        "empty.txt": b"",
    }
    for name, data in files.items():
        (root / name).write_bytes(data)
    return root


def _expected_rows(root: Path) -> list[dict]:
    """Rows in `FILES_SCHEMA` column order."""
    rows = []
    for name, (fmt, compression, units, articles, rejects, skipped) in EXPECTED.items():
        rows.append({"path": name, "format": fmt, "compression": compression,
                     "bytes": os.path.getsize(root / name), "units": units, "articles": articles,
                     "rejects": rejects, "already_ingested": 0,
                     "skipped_records": skipped})  # fmt: skip
    return rows


def _file_rows(root: Path):
    """Match, read, clean, the real article writer (one story), then `FileRows`."""
    pipeline = test_pipeline()
    files = pipeline | MatchFiles([f"{root}/*"])
    units, read_rejects, reads = files | ReadFiles(MAX_BYTES)
    articles, clean_rejects = units | CleanUnits(min_words=25)
    rejects = (read_rejects, clean_rejects) | "Rejects" >> beam.Flatten()
    by_story = articles | "OneStory" >> beam.Map(lambda article: ("s", pack(article)))
    written = (by_story, rejects) | WriteTables(str(root.parent / "out"), "t")
    articles_by_file = written.articles_by_file
    rows = (files, reads, units, read_rejects, articles_by_file, rejects) | FileRows()
    return pipeline, rows


def test_file_rows_account_for_every_unit_of_every_file(tmp_path):
    root = _mixed_folder(tmp_path / "in")
    pipeline, rows = _file_rows(root)
    assert_that(rows, equal_to(_expected_rows(root)))
    pipeline.run().wait_until_finish()


def test_a_file_that_crashes_the_reader_keeps_its_row(tmp_path, monkeypatch):
    """The dead letter stands for the rest of the file: one more unit, one more reject."""

    def half_broken(path, content, max_bytes, read=None):
        yield RawUnit(f"{path}#record=0", "html", b"<p>fine</p>")
        raise RuntimeError("boom")

    monkeypatch.setattr(warc, "units_from_warc", half_broken)
    root = tmp_path / "in"
    root.mkdir()
    (root / "x.warc").write_bytes(warc_bytes([{"body": html_page(1)}], gzipped=False))
    pipeline, rows = _file_rows(root)
    size = os.path.getsize(root / "x.warc")
    expected = {"path": "x.warc", "format": "warc", "compression": "none",
                "bytes": size, "units": 2, "articles": 0, "rejects": 2, "already_ingested": 0,
                "skipped_records": 0}  # fmt: skip
    assert_that(rows, equal_to([expected]))
    pipeline.run().wait_until_finish()


def _belongs(source: str, path: str) -> bool:
    return source == path or source.startswith(path + "#")


def test_run_writes_a_files_table_that_reconciles_file_by_file(tmp_path, capsys):
    root = _mixed_folder(tmp_path / "in")
    output = tmp_path / "out"
    summary = run_cli([str(root)], output)
    line = "files table           7 rows, units = articles + rejects + already ingested"
    assert f"{line} per file: yes" in capsys.readouterr().out
    assert (summary["files"], summary["files_reconciled"], summary["reconciled"]) == (7, True, True)

    files = duckdb.sql(
        f"SELECT * FROM read_parquet('{output}/files/*.parquet') ORDER BY path"
    ).fetchall()
    assert files == sorted(tuple(row[name] for name in FILES_SCHEMA.names)
                           for row in _expected_rows(root))  # fmt: skip
    article_sources = duckdb.sql(
        f"SELECT source FROM read_parquet('{output}/articles/**/*.parquet')"
    ).fetchall()
    article_sources = [source for (source,) in article_sources]
    rejects = duckdb.sql(
        f"SELECT source, reason, detail FROM read_parquet('{output}/rejects/*.parquet')"
    ).fetchall()
    for path, _, _, _, units, articles, rejected, _, _ in files:  # each file, from the other tables
        assert articles == sum(_belongs(source, path) for source in article_sources), path
        assert rejected == sum(_belongs(source, path) for source, _, _ in rejects), path
        assert units == articles + rejected, path
    (totals,) = duckdb.sql(
        f"SELECT sum(units), sum(articles), sum(rejects) "
        f"FROM read_parquet('{output}/files/*.parquet')"
    ).fetchall()
    assert totals == (summary["units_read"], summary["articles"], summary["rejects"])

    only_garbage = "info-garbage.warc"
    ((source, reason, detail),) = [r for r in rejects if _belongs(r[0], only_garbage)]
    assert (source, reason) == (f"{only_garbage}#record=1", "parse_error")
    info_size = len(warc_bytes([], gzipped=False))
    assert detail.startswith(f"{len(GARBAGE)} bytes from byte {info_size} are not a WARC record")


def _files_store(out: Path, rows: dict) -> str:
    rows = {**rows, "already_ingested": [0] * len(rows["units"])}
    commit_tables(out, {"files": [("part-a-00000.parquet", pa.table(rows))]})
    return str(out)


def test_summary_says_no_when_a_file_does_not_reconcile(tmp_path):
    rows = {"units": [2, 1], "articles": [1, 1], "rejects": [0, 0]}  # the first lost a unit
    run = {"units_read": 3, "articles": 2, "rejects": 0, "already_ingested": 0}
    checked = files_summary(_files_store(tmp_path / "one", rows), run, "a")
    assert checked == {"files": 2, "files_unreconciled": 1, "files_reconciled": False}
    line = format_summary({**run, **checked, "files_read": 2, "duplicates_collapsed": 0,
                           "rewrites": 0, "stories": 0, "reconciled": False})  # fmt: skip
    assert line.endswith(
        "files table           2 rows, units = articles + rejects + already ingested per file: NO"
    )
    rows["units"][0] = 1  # every file reconciles, but the files miss a unit of the run
    store = _files_store(tmp_path / "two", rows)
    assert files_summary(store, run, "a")["files_reconciled"] is False
    run["units_read"] = 2
    assert files_summary(store, run, "a")["files_reconciled"] is True
    assert files_summary(store, run, "another-run")["files"] == 0  # only this run's rows count
