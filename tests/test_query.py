"""`storyline query`: the views over the seeds' output, exports, and one-line failures."""

from __future__ import annotations

import csv
import json
from collections import Counter

import duckdb
import pyarrow.parquet as pq
import pytest
from test_report import article, write_output

from pipeline import query
from pipeline.cli import main

COUNT_BY_RELATION = "SELECT relation, count(*) AS n FROM articles GROUP BY ALL ORDER BY relation"


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    cursor = con.execute(sql)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _cells(box: str) -> set[tuple[str, ...]]:
    """The rows of DuckDB's box drawing, as tuples of stripped cells."""
    return {tuple(cell.strip() for cell in line.split("│")[1:-1]) for line in box.splitlines()}


def test_views_hold_the_seeds_one_story_of_four(seeds_run):
    with query.open_output(str(seeds_run)) as con:
        articles = _rows(con, "SELECT * FROM articles")
        [story] = _rows(con, "SELECT * FROM stories")
        assert _rows(con, "SELECT count(*) AS n FROM rejects") == [{"n": 0}]
        files = _rows(con, "SELECT format, units, articles, rejects FROM files")
        types = dict(
            con.execute("SELECT column_name, column_type FROM (DESCRIBE articles)").fetchall()
        )
    assert len(articles) == 4 and {a["story_id"] for a in articles} == {story["story_id"]}
    assert files == [{"format": "text", "units": 1, "articles": 1, "rejects": 0}] * 4
    assert (story["article_count"], story["unique_count"]) == (4, 3)
    assert types["story_id"] == "VARCHAR" and types["published"] == "TIMESTAMP WITH TIME ZONE"
    assert Counter(a["relation"] for a in articles) == {"original": 2, "duplicate": 1, "rewrite": 1}
    by_doc = {a["doc_id"]: a for a in articles}
    [copy] = [a for a in articles if a["relation"] == "duplicate"]
    assert by_doc[copy["duplicate_of"]]["cluster_id"] == copy["cluster_id"]
    [rewrite] = [a for a in articles if a["relation"] == "rewrite"]
    assert rewrite["source"].endswith("003_2368bf486f4619f5.txt")
    assert by_doc[rewrite["rewrite_of"]]["source"].endswith("002_f385c84f9ad6823b.txt")
    assert len(rewrite["rewrite_evidence"]) >= 1


def test_numeric_looking_story_ids_stay_strings(tmp_path):
    output = write_output(tmp_path / "out", {"42": [article("a")], "7": [article("b")]})
    with query.open_output(str(output)) as con:
        joined = con.execute(
            "SELECT a.story_id FROM articles a JOIN stories s USING (story_id) ORDER BY 1"
        ).fetchall()
    assert joined == [("42",), ("7",)]


def test_sql_prints_a_table(seeds_run, capsys):
    assert main(["query", str(seeds_run), COUNT_BY_RELATION]) == 0
    out = capsys.readouterr().out
    assert {("duplicate", "1"), ("original", "2"), ("rewrite", "1")} <= _cells(out)


def test_overview_without_sql(seeds_run, capsys):
    assert main(["query", str(seeds_run)]) == 0
    out = capsys.readouterr().out
    for title in query.OVERVIEW:
        assert f"## {title}" in out
    with query.open_output(str(seeds_run)) as con:
        story_id = con.execute("SELECT story_id FROM stories").fetchall()[0][0]
    assert story_id in out
    duplicates = out.split("## duplicates collapsed")[1].split("##")[0]
    assert ("4", "3", "1", "1") in _cells(duplicates)


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet"])
def test_export_writes_the_result_to_a_file(seeds_run, tmp_path, fmt):
    target = tmp_path / f"result.{fmt}"
    sql = "SELECT doc_id, story_id, relation FROM articles ORDER BY doc_id;"
    assert main(["query", str(seeds_run), sql, "--format", fmt, "--to", str(target)]) == 0
    if fmt == "csv":
        rows = list(csv.DictReader(target.open()))
    elif fmt == "json":
        rows = [json.loads(line) for line in target.read_text().splitlines()]
    else:
        rows = pq.read_table(target).to_pylist()
    assert [row["relation"] for row in rows].count("duplicate") == 1
    assert len(rows) == 4 and all(isinstance(row["story_id"], str) for row in rows)


def test_export_format_from_the_file_suffix(seeds_run, tmp_path):
    target = tmp_path / "stories.parquet"
    assert main(["query", str(seeds_run), "SELECT * FROM stories", "--to", str(target)]) == 0
    assert pq.read_table(target).num_rows == 1


@pytest.mark.parametrize("where", ["missing", "empty"])
def test_missing_or_empty_output_is_one_line_and_exit_2(tmp_path, capsys, where):
    output = tmp_path / "out"
    if where == "empty":
        output.mkdir()
    assert main(["query", str(output), "SELECT 1"]) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and captured.err.startswith("storyline: error: ")
    assert str(output) in captured.err and "Traceback" not in captured.err
    assert captured.out == ""


def test_sql_error_is_one_line(seeds_run, capsys):
    assert main(["query", str(seeds_run), "SELECT nope FROM articles"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nope" in err


def test_csv_without_target_goes_to_stdout_with_a_header(seeds_run, capsys):
    sql = "SELECT doc_id, story_id, relation FROM articles ORDER BY doc_id;"
    assert main(["query", str(seeds_run), sql, "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "doc_id,story_id,relation"
    rows = list(csv.DictReader(out.splitlines()))
    assert len(rows) == 4 and [row["relation"] for row in rows].count("duplicate") == 1


def test_json_without_target_goes_to_stdout_one_object_a_line(seeds_run, tmp_path, capsys):
    sql = "SELECT doc_id, story_id, published, sites FROM articles JOIN stories USING (story_id)"
    assert main(["query", str(seeds_run), sql, "--format", "json"]) == 0
    streamed = capsys.readouterr().out
    target = tmp_path / "result.json"
    assert main(["query", str(seeds_run), sql, "--format", "json", "--to", str(target)]) == 0
    rows = [json.loads(line) for line in streamed.splitlines()]
    assert len(rows) == 4 and all(isinstance(row["sites"], list) for row in rows)
    assert sorted(streamed.splitlines()) == sorted(target.read_text().splitlines())


def test_stdout_csv_reads_as_the_file_export(seeds_run, tmp_path, capsys):
    sql = "SELECT * FROM stories"
    target = tmp_path / "stories.csv"
    assert main(["query", str(seeds_run), sql, "--format", "csv", "--to", str(target)]) == 0
    capsys.readouterr()
    assert main(["query", str(seeds_run), sql, "--format", "csv"]) == 0
    assert capsys.readouterr().out == target.read_text()


def test_parquet_without_target_is_a_usage_error(seeds_run, capsys):
    assert main(["query", str(seeds_run), "SELECT 1", "--format", "parquet"]) == 2
    assert capsys.readouterr().err == "storyline: error: --format parquet needs --to FILE\n"


def test_a_table_without_files_is_an_empty_view_of_the_contract(tmp_path):
    output = write_output(tmp_path / "out", {})  # every input rejected: no articles/
    with query.open_output(str(output)) as con:
        assert con.execute("SELECT count(*), count(story_id) FROM articles").fetchall() == [(0, 0)]


def test_httpfs_is_loaded_only_for_remote_uris(seeds_run, monkeypatch, capsys):
    loaded = []

    def offline(con):
        loaded.append(con)
        raise duckdb.IOException("Failed to download extension httpfs\nsecond line")

    monkeypatch.setattr(query, "_load_httpfs", offline)
    query.open_output(str(seeds_run)).close()
    query.open_output(f"file://{seeds_run}").close()
    assert loaded == []
    assert main(["query", "gs://bucket/out", "SELECT 1"]) == 2
    assert len(loaded) == 1
    err = capsys.readouterr().err
    assert err == "storyline: error: gs://bucket/out: Failed to download extension httpfs\n"
