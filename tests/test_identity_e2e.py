"""End to end: the same files in two folders give the same tables, ids and stories.

The inputs (the seeds, a WARC, a JSONL file, two copies of one page, and files that are
rejected) are copied into two folders of different names and depths; `storyline run` over
each must write every table identical row for row, story_id partitions included.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import SEEDS, run_cli
from test_formats import html_page, text_page, warc_bytes

from schemas.records import InputFile
from transforms.read import _ReadFileFn

TABLES = {
    "articles": "articles/**/*.parquet",
    "stories": "stories/*.parquet",
    "rejects": "rejects/*.parquet",
    "errors": "errors/*.parquet",
    "files": "files/*.parquet",
}
WARC_URL = "https://news.example/quake"


def _write_inputs(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, folder / seed.name)
    pages = [{"uri": WARC_URL, "body": html_page(61)}, {"uri": f"{WARC_URL}/empty", "body": ""}]
    (folder / "crawl").mkdir()
    (folder / "crawl" / "news.warc.gz").write_bytes(warc_bytes(pages))
    lines = [json.dumps({"html": html_page(62), "url": "https://feed.example/1"}),
             json.dumps({"text": text_page(63)}), "{not json"]  # fmt: skip
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n")
    (folder / "copies").mkdir()
    for name in ("a.txt", "b.txt"):  # the same bytes under two names
        (folder / "copies" / name).write_text(text_page(64))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "short.html").write_text("<html><body><p>Three words here.</p></body></html>")
    return folder


def _table(output: Path, name: str) -> list[tuple]:
    path = output / TABLES[name]
    return duckdb.sql(
        f"SELECT * FROM read_parquet('{path}', hive_partitioning=true) ORDER BY ALL"
    ).fetchall()


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory) -> tuple[Path, Path]:
    """Outputs of one run per folder: tmp/a/in and tmp/some/other/place/in."""
    tmp = tmp_path_factory.mktemp("identity")
    written = _write_inputs(tmp / "written")  # once: a WARC's record ids are random
    outputs = []
    for index, where in enumerate(("a/in", "some/other/place/in")):
        inputs = shutil.copytree(written, tmp / where)
        output = tmp / f"out{index}"
        assert run_cli([str(inputs)], output)["reconciled"]
        outputs.append(output)
    return outputs[0], outputs[1]


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_table_is_the_same_from_either_folder(two_runs, table):
    first, second = (_table(output, table) for output in two_runs)
    assert first == second
    if table != "errors":
        assert first, f"{table} has rows to compare"


def test_sources_paths_and_ids_name_no_folder(two_runs):
    output, _ = two_runs
    sources = duckdb.sql(
        f"SELECT source, doc_id FROM read_parquet('{output}/articles/**/*.parquet') "
        f"UNION ALL SELECT source, doc_id FROM read_parquet('{output}/rejects/*.parquet')"
    ).fetchall()
    paths = [path for (path,) in duckdb.sql(
        f"SELECT path FROM read_parquet('{output}/files/*.parquet')").fetchall()]  # fmt: skip
    assert "crawl/news.warc.gz#record=1" in {source for source, _ in sources}
    assert {"feed.jsonl#L1", "feed.jsonl#L3", "empty.txt", "short.html"} <= {s for s, _ in sources}
    for name in [source for source, _ in sources] + paths:
        assert not name.startswith("/") and "in/" not in name, name
    assert all(doc_id for _, doc_id in sources)


def test_identical_bytes_under_two_names_are_two_articles(two_runs):
    output, _ = two_runs
    ids = duckdb.sql(
        f"SELECT doc_id FROM read_parquet('{output}/articles/**/*.parquet') "
        "WHERE source IN ('copies/a.txt', 'copies/b.txt')"
    ).fetchall()
    assert len(set(ids)) == 2


def _doc_ids(folder: Path, name: str) -> dict[str, str]:
    """{source: doc_id} of one file's units and rejects, read as `name` below its root."""
    file = InputFile(str(folder / name), name, os.path.getsize(folder / name))
    outputs = [getattr(out, "value", out) for out in _ReadFileFn(1_000_000).process(file)]
    return {out.source: out.doc_id for out in outputs if hasattr(out, "doc_id")}


def test_a_renamed_warc_keeps_its_ids_and_a_renamed_page_does_not(tmp_path):
    folder = _write_inputs(tmp_path / "in")
    before = _doc_ids(folder, "crawl/news.warc.gz")
    page_before = _doc_ids(folder, "000_e6cf83233b6b6c1e.txt")
    os.rename(folder / "crawl" / "news.warc.gz", folder / "crawl" / "renamed.warc.gz")
    os.rename(folder / "000_e6cf83233b6b6c1e.txt", folder / "000_renamed.txt")
    after = _doc_ids(folder, "crawl/renamed.warc.gz")
    page_after = _doc_ids(folder, "000_renamed.txt")

    assert after["crawl/renamed.warc.gz#record=1"] == before["crawl/news.warc.gz#record=1"]
    assert list(page_after.values()) != list(page_before.values())
    # the empty record has no payload: a reject, named by its source, so renamed it changes
    assert after["crawl/renamed.warc.gz#record=2"] != before["crawl/news.warc.gz#record=2"]
    assert all(len(doc_id) == 20 for doc_id in after.values())
