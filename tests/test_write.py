import json

import apache_beam as beam
import duckdb
from apache_beam.testing.util import assert_that
from conftest import test_pipeline
from fixtures import BANK_MERGER, QUAKE_CHILE, article, utc, with_fields

from schemas.records import Reject
from transforms.packing import pack
from transforms.shards import TABLE_SHARDS
from transforms.write import WriteTables


def _write(output, articles, rejects, attempt="a1"):
    """Writes through `WriteTables`; returns the `WrittenFile`s it reported, by table."""
    report = output / f"reported-{attempt}.json"

    def keep(files):  # the matcher runs on a copy of this test: what it saw goes to a file
        report.write_text(json.dumps(sorted(files)))

    with test_pipeline() as p:
        written = (
            p | "Articles" >> beam.Create([(story, pack(a)) for story, a in articles]),
            p | "Rejects" >> beam.Create(rejects),
        ) | WriteTables(str(output), attempt)
        assert_that(
            written.written | beam.Map(lambda f: [f.table, f.path, f.rows, list(f.partition)]),
            keep,
        )
    return [tuple(map(_tuples, f)) for f in json.loads(report.read_text())]


def _tuples(value):
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


ARTICLES = [  # (story id, article)
    ("s1", with_fields(article("a1", QUAKE_CHILE, title="Quake", site="one.example",
                               published=utc(2024, 3, 5)), cluster_id="a1")),
    ("s1", with_fields(article("a2", QUAKE_CHILE), cluster_id="a1", is_canonical=False,
                       duplicate_of="a1", duplicate_score=0.93, relation="duplicate")),
    ("s2", with_fields(article("b1", BANK_MERGER, site="two.example", published=utc(2024, 3, 7)),
                       cluster_id="b1", rewrite_evidence=("x",))),
]  # fmt: skip


def test_every_file_written_is_reported_for_the_commit_with_its_rows_and_partition(tmp_path):
    reported = _write(tmp_path, ARTICLES, [Reject("bad.bin", "clean", "binary", "control")])
    articles = [f for f in reported if f[0] == "articles"]
    assert articles == [
        ("articles", "story_id=s1/part-a1.parquet", 2, (("story_id", "s1"),)),
        ("articles", "story_id=s2/part-a1.parquet", 1, (("story_id", "s2"),)),
    ]
    by_table = {}
    for table, path, rows, _partition in reported:
        assert (tmp_path / table / path).is_file()
        by_table[table] = by_table.get(table, 0) + rows
    assert by_table == {"articles": 3, "stories": 2, "rejects": 1, "errors": 0}
    empty = [(table, path) for table, path, rows, _partition in reported if rows == 0]
    assert empty == [("errors", "part-a1-00000.parquet")]  # one file even without rows


def test_tables_read_back_with_duckdb_hive_partitions(tmp_path):
    _write(tmp_path, ARTICLES, [Reject("/in/bad.bin", "clean", "binary", "control bytes")])
    con = duckdb.connect()
    rows = con.sql(
        f"""SELECT story_id, doc_id, relation, duplicate_of, rewrite_evidence
            FROM read_parquet('{tmp_path}/articles/**/*.parquet', hive_partitioning=true)
            ORDER BY doc_id"""
    ).fetchall()
    assert rows == [
        ("s1", "a1", "original", None, None),
        ("s1", "a2", "duplicate", "a1", None),
        ("s2", "b1", "original", None, ["x"]),
    ]
    stories = con.sql(
        f"""SELECT story_id, headline, article_count, unique_count, sites, first_published
            FROM read_parquet('{tmp_path}/stories/*.parquet') ORDER BY story_id"""
    ).fetchall()
    assert [s[:5] for s in stories] == [
        ("s1", "Quake", 2, 1, ["one.example"]),
        ("s2", BANK_MERGER.split("\n")[0][:119] + "\u2026", 1, 1, ["two.example"]),
    ]
    assert stories[0][5].year == 2024
    rejects = con.sql(f"SELECT reason FROM read_parquet('{tmp_path}/rejects/*.parquet')")
    assert rejects.fetchall() == [("binary",)]


def test_a_retried_attempt_overwrites_its_files_and_another_attempt_adds_its_own(tmp_path):
    _write(tmp_path, ARTICLES, [])
    _write(tmp_path, ARTICLES, [])
    files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.parquet"))
    assert [f for f in files if f.startswith("articles/")] == [
        "articles/story_id=s1/part-a1.parquet",
        "articles/story_id=s2/part-a1.parquet",
    ]
    assert 2 < len(files) <= 2 + TABLE_SHARDS  # articles and stories; no empty shard
    _write(tmp_path, ARTICLES, [], attempt="a2")
    assert len(list(tmp_path.rglob("part-a2*.parquet"))) == len(files)
