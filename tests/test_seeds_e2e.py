"""The seeds' expectations, checked end to end: CLI run -> Parquet -> DuckDB."""

import importlib.metadata
import json
import re
from collections import Counter

import duckdb
import pytest
from conftest import SEEDS, run_cli

from pipeline.cli import main
from pipeline.summary import format_summary
from transforms.segment import tokens as words
from transforms.textnorm import normalize_text


def _articles(output) -> dict[str, dict]:
    """Rows keyed by seed number (000..003), read back with DuckDB and hive partitions."""
    relation = duckdb.sql(
        f"SELECT * FROM read_parquet('{output}/articles/**/*.parquet', hive_partitioning=true)"
    )
    rows = [dict(zip(relation.columns, values, strict=True)) for values in relation.fetchall()]
    return {re.match(r"(\d{3})_", row["source"]).group(1): row for row in rows}


def _shingles(text: str, size: int = 5) -> set[tuple[str, ...]]:
    tokens = words(normalize_text(text))
    return {tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def test_summary_reconciles_and_counts_the_seed_story(seeds_run):
    summary = json.loads((seeds_run / "run_summary.json").read_text())
    expected = {
        "files_read": 4, "units_read": 4, "articles": 4, "rejects": 0,
        "duplicates_collapsed": 1, "rewrites": 1, "stories": 1, "reconciled": True,
    }  # fmt: skip
    assert {key: summary[key] for key in expected} == expected


def test_printed_summary_first_names_the_store_run_and_seconds(seeds_run):
    summary = json.loads((seeds_run / "run_summary.json").read_text())
    assert summary["store"] == str(seeds_run) and summary["seconds"] > 0
    first, second = format_summary(summary).splitlines()[:2]
    assert first == f"store {seeds_run} · run {summary['run'][:8]} · {summary['seconds']:.1f} s"
    assert second == "files read            4"


def test_the_two_fortune_renderings_are_one_cluster_with_one_canonical(seeds_run):
    rows = _articles(seeds_run)
    assert rows["000"]["cluster_id"] == rows["001"]["cluster_id"]
    assert rows["000"]["is_canonical"] != rows["001"]["is_canonical"]
    duplicate = rows["000"] if not rows["000"]["is_canonical"] else rows["001"]
    assert duplicate["relation"] == "duplicate"
    assert duplicate["duplicate_of"] == duplicate["cluster_id"]


def test_page_rendering_is_cleaned_to_the_article(seeds_run):
    rows = _articles(seeds_run)
    cleaned = rows["001"]["text"]
    for chrome in ("\u2022", "Lorem ipsum", "placeholder alt text", "Getty Images",
                   "Register now", "About the Author", "\u00a9", "See full bio"):  # fmt: skip
        assert chrome not in cleaned
    assert not any(line.strip() == "By" for line in cleaned.splitlines())
    left, right = _shingles(cleaned), _shingles(rows["000"]["text"])
    assert len(left & right) / len(left | right) >= 0.9


def test_page_metadata_comes_from_the_rendering(seeds_run):
    rows = _articles(seeds_run)
    assert rows["001"]["title"].startswith("Elon Musk wants to meet Alex Soros")
    assert rows["001"]["author"] == "Eleanor Pringle"
    assert rows["003"]["published"].date().isoformat() == "2024-11-20"


def test_paraphrase_is_a_rewrite_of_the_other_outlet_and_neither_is_a_duplicate(seeds_run):
    rows = _articles(seeds_run)
    for seed in ("002", "003"):
        assert rows[seed]["is_canonical"] and rows[seed]["duplicate_of"] is None
        assert rows[seed]["cluster_id"] == rows[seed]["doc_id"]
    assert rows["003"]["relation"] == "rewrite"
    assert rows["003"]["rewrite_of"] == rows["002"]["doc_id"]
    assert rows["003"]["rewrite_evidence"]
    assert rows["002"]["relation"] == "original"
    assert rows["000"]["rewrite_of"] is None and rows["001"]["rewrite_of"] is None


def test_all_four_seeds_form_one_story(seeds_run):
    stories = duckdb.sql(
        "SELECT story_id, headline, article_count, unique_count "
        f"FROM read_parquet('{seeds_run}/stories/*.parquet')"
    )
    ((story_id, headline, article_count, unique_count),) = stories.fetchall()
    assert (article_count, unique_count) == (4, 3)
    assert headline.startswith("Elon Musk wants to meet Alex Soros")
    assert Counter(row["story_id"] for row in _articles(seeds_run).values()) == {story_id: 4}


def _rows_by_doc_id(output) -> list[tuple]:
    columns = "doc_id, cluster_id, story_id, relation, rewrite_of, rewrite_score, text"
    return duckdb.sql(
        f"SELECT {columns} FROM read_parquet('{output}/articles/**/*.parquet', "
        "hive_partitioning=true) ORDER BY doc_id"
    ).fetchall()


def test_same_input_same_output(seeds_run, tmp_path):
    run_cli([str(SEEDS / "*.txt")], tmp_path / "again")
    assert _rows_by_doc_id(seeds_run) == _rows_by_doc_id(tmp_path / "again")


def test_multi_processing_workers_give_the_same_output(seeds_run, tmp_path):
    """Two worker processes (the default on two cores) give the rows one in-memory worker does."""
    mp = ("--direct_num_workers=2", "--direct_running_mode=multi_processing")
    summary = run_cli([str(SEEDS / "*.txt")], tmp_path / "mp", *mp)
    assert summary["reconciled"] and summary["articles"] == 4
    assert _rows_by_doc_id(seeds_run) == _rows_by_doc_id(tmp_path / "mp")


def test_existing_output_is_refused_without_overwrite(seeds_run, tmp_path, capsys):
    output = tmp_path / "out"
    run_cli([str(SEEDS / "000_*.txt")], output)
    code = main(["run", "--input", str(SEEDS / "*.txt"), "--output", str(output)])
    assert code == 2
    assert "--overwrite" in capsys.readouterr().err
    summary = run_cli([str(SEEDS / "*.txt")], output, "--overwrite")
    assert summary["articles"] == 4
    # the first run's partition is gone, not read back next to the new ones
    rows = duckdb.sql(f"SELECT count(*) FROM read_parquet('{output}/articles/**/*.parquet')")
    assert rows.fetchall() == [(4,)]
    assert len(list(output.glob("articles/story_id=*/*.parquet"))) == summary["stories"]


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_prints_the_installed_version(flag, capsys):
    assert main([flag]) == 0
    assert capsys.readouterr().out == f"storyline {importlib.metadata.version('storyline')}\n"
