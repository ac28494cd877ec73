import apache_beam as beam
import duckdb
from apache_beam.testing.util import assert_that, equal_to
from conftest import test_pipeline
from fixtures import BANK_MERGER, QUAKE_CHILE, article, utc, with_fields

from schemas.records import Reject
from transforms.packing import pack
from transforms.write import TABLE_SHARDS, WriteTables


def _write(output, articles, rejects):
    with test_pipeline() as p:
        story_files, reject_files, error_files, _, _ = (
            p | "Articles" >> beam.Create([(story, pack(a)) for story, a in articles]),
            p | "Rejects" >> beam.Create(rejects),
        ) | WriteTables(str(output))
        assert_that(
            story_files | "CountStoryFiles" >> beam.combiners.Count.Globally(),
            equal_to([TABLE_SHARDS]),
            label="StoryShards",
        )
        assert_that(
            reject_files | "CountRejectFiles" >> beam.combiners.Count.Globally(),
            equal_to([TABLE_SHARDS]),
            label="RejectShards",
        )
        assert_that(
            error_files | "CountErrorFiles" >> beam.combiners.Count.Globally(),
            equal_to([TABLE_SHARDS]),
            label="ErrorShards",
        )


ARTICLES = [  # (story id, article)
    ("s1", with_fields(article("a1", QUAKE_CHILE, title="Quake", site="one.example",
                               published=utc(2024, 3, 5)), cluster_id="a1")),
    ("s1", with_fields(article("a2", QUAKE_CHILE), cluster_id="a1", is_canonical=False,
                       duplicate_of="a1", duplicate_score=0.93, relation="duplicate")),
    ("s2", with_fields(article("b1", BANK_MERGER, site="two.example", published=utc(2024, 3, 7)),
                       cluster_id="b1", rewrite_evidence=("x",))),
]  # fmt: skip


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


def test_rewriting_the_same_partition_overwrites_instead_of_adding_files(tmp_path):
    _write(tmp_path, ARTICLES, [])
    _write(tmp_path, ARTICLES, [])
    files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.parquet"))
    assert [f for f in files if f.startswith("articles/")] == [
        "articles/story_id=s1/part-0.parquet",
        "articles/story_id=s2/part-0.parquet",
    ]
    assert len(files) == 2 + 3 * TABLE_SHARDS  # stories, rejects, errors
    count = duckdb.sql(f"SELECT count(*) FROM read_parquet('{tmp_path}/rejects/*.parquet')")
    assert count.fetchall() == [(0,)]
