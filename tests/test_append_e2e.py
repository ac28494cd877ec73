"""Runs that remember: day-by-day `--append` runs into one store, end to end through the CLI.

Day 1 is a feed (Chilean quake, bank merger) and a page (Japanese quake). Day 2 refetches the
quake feed entry and the page unchanged, brings an updated copy of the Chilean report, a
reworded write-up of it, and an edited copy of the bank story. Every table is read back
through the store's committed snapshot (`storyline query`'s views).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, run_cli
from fixtures import BANK_MERGER, QUAKE_CHILE, QUAKE_CHILE_PARAPHRASE, QUAKE_JAPAN, edited_copy

from pipeline.cli import main
from pipeline.query import open_output
from transforms.store import open_snapshot

TABLES = ("articles", "stories", "rejects", "errors", "files", "story_merges")
CHILE_URL = "https://news.example/quake-chile"


def _line(url: str, title: str, day: int, text: str) -> str:
    published = f"2024-03-{day:02d}T08:00:00Z"
    return json.dumps({"url": url, "title": title, "published": published, "text": text})


def _days(root: Path) -> tuple[Path, Path]:
    day1, day2 = root / "crawl" / "day1", root / "crawl" / "day2"
    for day in (day1, day2):
        day.mkdir(parents=True)
    chile = _line(CHILE_URL, "Quake hits northern Chile", 5, QUAKE_CHILE)
    bank = _line("https://biz.example/banks", "Regional lenders to merge", 5, BANK_MERGER)
    (day1 / "feed.jsonl").write_text(chile + "\n" + bank + "\n")
    (day1 / "japan.txt").write_text(QUAKE_JAPAN)
    update = _line(CHILE_URL, "Quake hits northern Chile", 5, edited_copy(QUAKE_CHILE))
    reworded = _line("https://other.example/chile", "Chile shaken", 6, QUAKE_CHILE_PARAPHRASE)
    (day2 / "feed.jsonl").write_text(chile + "\n" + update + "\n" + reworded + "\n")
    (day2 / "japan.txt").write_text(QUAKE_JAPAN)
    (day2 / "bank-copy.txt").write_text(edited_copy(BANK_MERGER))
    return day1, day2


def _rows(store: Path, table: str) -> list[dict]:
    with open_output(str(store)) as con:
        relation = con.sql(f"SELECT * FROM {table}")
        names = relation.columns
        return sorted(
            (dict(zip(names, row, strict=True)) for row in relation.fetchall()),
            key=lambda row: json.dumps(row, sort_keys=True, default=str),
        )


def _articles(store: Path) -> dict[str, dict]:
    return {row["doc_id"]: row for row in _rows(store, "articles")}


def _partition(store: Path, column: str) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for doc_id, row in _articles(store).items():
        groups.setdefault(row[column], set()).add(doc_id)
    return {frozenset(group) for group in groups.values()}


@pytest.fixture(scope="module")
def days(tmp_path_factory) -> tuple[Path, Path]:
    return _days(tmp_path_factory.mktemp("append"))


@pytest.fixture(scope="module")
def day1_store(days, tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("day1") / "store"
    run_cli([str(days[0])], store, "--append")
    return store


@pytest.fixture(scope="module")
def two_days(days, day1_store, tmp_path_factory) -> tuple[Path, dict]:
    store = tmp_path_factory.mktemp("two-days") / "store"
    shutil.copytree(day1_store, store)
    summary = run_cli([str(days[1])], store, "--append")
    return store, summary


def test_day_two_dedupes_tags_and_groups_against_day_one(day1_store, two_days):
    store, summary = two_days
    before, after = _articles(day1_store), _articles(store)
    assert summary["already_ingested"] == 2  # the refetched feed entry and page
    assert summary["articles"] == 3 and summary["rejects"] == 0 and summary["reconciled"]
    by_text = {row["text"][:40]: row for row in after.values() if row["doc_id"] not in before}
    update = by_text[edited_copy(QUAKE_CHILE)[:40]]
    chile = next(r for r in before.values() if r["url"] == CHILE_URL)
    assert (update["relation"], update["duplicate_of"]) == ("duplicate", chile["doc_id"])
    assert (update["cluster_id"], update["story_id"]) == (chile["doc_id"], chile["story_id"])
    reworded = by_text[QUAKE_CHILE_PARAPHRASE[:40]]
    assert (reworded["relation"], reworded["rewrite_of"]) == ("rewrite", chile["doc_id"])
    assert reworded["story_id"] == chile["story_id"]
    bank_copy = by_text[edited_copy(BANK_MERGER)[:40]]
    bank = next(r for r in before.values() if r["text"].startswith(BANK_MERGER[:40]))
    assert (bank_copy["relation"], bank_copy["duplicate_of"]) == ("duplicate", bank["doc_id"])
    japan = next(r for r in before.values() if r["text"].startswith(QUAKE_JAPAN[:40]))
    assert japan["story_id"] != chile["story_id"]


def test_story_totals_add_up_over_runs(two_days):
    store, _summary = two_days
    stories = {row["story_id"]: row for row in _rows(store, "stories")}
    articles = _articles(store).values()
    for story_id, story in stories.items():
        members = [row for row in articles if row["story_id"] == story_id]
        assert story["article_count"] == len(members)
        assert story["unique_count"] == sum(row["is_canonical"] for row in members)
    assert len(stories) == 3  # Chile, Japan, banks


def test_day_one_rows_never_change(day1_store, two_days):
    store, _summary = two_days
    after = _articles(store)
    for doc_id, row in _articles(day1_store).items():
        assert after[doc_id] == row


def test_appends_give_the_one_shot_runs_clusters_and_stories(days, two_days, tmp_path):
    store, _summary = two_days
    one_shot = tmp_path / "one-shot"
    run_cli([str(days[0]), str(days[1])], one_shot)
    # one shot reads the refetched entry and page twice (same ids); appends skip them
    assert _partition(store, "cluster_id") == _partition(one_shot, "cluster_id")
    assert _partition(store, "story_id") == _partition(one_shot, "story_id")


def test_the_same_append_twice_adds_nothing(days, two_days, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(two_days[0], store)
    before = {table: _rows(store, table) for table in TABLES}
    summary = run_cli([str(days[1])], store, "--append")
    assert summary["already_ingested"] == summary["units_read"] == 5
    assert (summary["articles"], summary["rejects"], summary["stories"]) == (0, 0, 0)
    assert {table: _rows(store, table) for table in TABLES} == before


def _append_process(days, store: Path, **env) -> subprocess.Popen:
    flags = ["run", "--input", str(days[1]), "--output", str(store), "--append"]
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", *flags, "--direct_num_workers=2"],
        cwd=REPO,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: the kill reaches every worker
    )


def _reference(two_days) -> dict:
    return {table: _rows(two_days[0], table) for table in ("articles", "stories")}


def test_a_run_killed_part_way_leaves_the_store_unchanged_and_the_rerun_completes_it(
    days, day1_store, two_days, tmp_path
):
    store = tmp_path / "store"
    shutil.copytree(day1_store, store)
    before = {table: _rows(store, table) for table in TABLES}
    versions = open_snapshot(str(store)).versions
    existing = set(store.rglob("*.parquet"))
    process = _append_process(days, store)
    deadline = time.monotonic() + 120
    while not (set(store.rglob("*.parquet")) - existing):  # the run is writing its files
        assert process.poll() is None, process.stderr.read().decode()[-2000:]
        assert time.monotonic() < deadline, "the run wrote nothing in 120 s"
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    assert set(store.rglob("*.parquet")) - existing  # orphaned files are on disk ...
    assert {table: _rows(store, table) for table in TABLES} == before  # ... and unseen
    assert open_snapshot(str(store)).versions == versions
    run_cli([str(days[1])], store, "--append")
    assert {table: _rows(store, table) for table in ("articles", "stories")} == _reference(two_days)


def test_a_run_stopped_between_two_tables_commits_is_invisible_and_rolled_back(
    days, day1_store, two_days, tmp_path
):
    store = tmp_path / "store"
    shutil.copytree(day1_store, store)
    before = {table: _rows(store, table) for table in TABLES}
    process = _append_process(days, store, STORYLINE_TEST_FAIL="commit:articles")
    _out, err = process.communicate(timeout=300)
    assert process.returncode != 0, "the run was to stop before its commit point"
    assert b"injected failure at commit" in err
    assert {table: _rows(store, table) for table in TABLES} == before
    summary = run_cli([str(days[1])], store, "--append")
    assert summary["articles"] == 3 and summary["already_ingested"] == 2
    assert {table: _rows(store, table) for table in ("articles", "stories")} == _reference(two_days)


def test_compact_keeps_every_row_removes_orphans_and_later_appends_still_remember(
    days, two_days, tmp_path
):
    store = tmp_path / "store"
    shutil.copytree(two_days[0], store)
    before = {table: _rows(store, table) for table in TABLES}
    orphan = store / "articles" / "story_id=killed" / "part-killed.parquet"
    orphan.parent.mkdir()
    shutil.copy(next((store / "articles").rglob("*.parquet")), orphan)  # a killed run's file
    files_before = len(list(store.rglob("*.parquet")))
    assert main(["compact", str(store), "--retention-hours", "0"]) == 0
    assert not orphan.exists()
    assert len(list(store.rglob("*.parquet"))) < files_before
    assert {table: _rows(store, table) for table in TABLES} == before
    summary = run_cli([str(days[1])], store, "--append")
    assert (summary["already_ingested"], summary["articles"]) == (5, 0)


def test_a_scheduled_append_skips_a_folder_that_is_not_there_yet(days, two_days, tmp_path, capsys):
    store = tmp_path / "store"
    shutil.copytree(two_days[0], store)
    before = {table: _rows(store, table) for table in TABLES}
    missing = str(tmp_path / "crawl" / "tomorrow")
    flags = ["run", "--output", str(store), "--append", "--direct_num_workers=1"]
    assert main([*flags, "--input", missing]) == 0
    assert "nothing to append" in capsys.readouterr().out
    summary = run_cli([str(days[1]), missing], store, "--append")
    assert summary["already_ingested"] == 5
    assert f"no input matches '{missing}'; skipped" in capsys.readouterr().err
    assert {table: _rows(store, table) for table in TABLES} == before
    assert main(["run", "--output", str(tmp_path / "new"), "--input", missing]) == 2
