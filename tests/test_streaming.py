"""The streaming form: the run graph under TestStream (panes that remember the ones before,
the dedup horizon) and `storyline run --streaming` end to end while files arrive."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing.test_stream import TestStream
from apache_beam.testing.util import assert_that, equal_to, equal_to_per_window
from apache_beam.transforms import trigger, window
from conftest import REPO, SEEDS, run_cli
from fixtures import QUAKE_CHILE, QUAKE_CHILE_PARAPHRASE, edited_copy

from pipeline import side_input_fix
from pipeline.query import open_output
from pipeline.run import build_pipeline
from schemas.records import InputFile
from transforms import watch
from transforms.config import StorylineConfig
from transforms.store import open_snapshot, plan_run
from transforms.watch import OnTimeWindows, WatchFiles, notified_file

DAY = 24 * 3600


def _feed(folder: Path, name: str, url: str, day: int, text: str) -> InputFile:
    published = f"2024-03-{day:02d}T08:00:00Z"
    line = json.dumps({"url": url, "title": f"Quake report {name}", "published": published,
                       "text": text})  # fmt: skip
    path = folder / f"{name}.jsonl"
    path.write_text(line + "\n")
    return InputFile(str(path), path.name, path.stat().st_size)


def _articles(store: Path) -> dict[str, dict]:
    with open_output(str(store)) as con:
        relation = con.sql("SELECT * FROM articles")
        rows = [dict(zip(relation.columns, row, strict=True)) for row in relation.fetchall()]
    return {row["source"].split("#")[0].removesuffix(".jsonl"): row for row in rows}


def _stream(inbox: Path, store: Path, seconds: int) -> subprocess.Popen:
    flags = ["--streaming", "--input", f"{inbox}/*", "--output", str(store)]
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run", *flags, "--window-seconds", "3",
         "--stop-after", str(seconds)],
        cwd=REPO,
        env=os.environ.copy(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip


def _committed_rows(store: Path) -> int:
    if not (store / "articles" / "_delta_log").is_dir():
        return 0
    with open_output(str(store)) as con:
        return con.execute("SELECT count(*) FROM articles").fetchone()[0]


def test_rows_appear_while_the_stream_runs_and_it_dedupes_against_the_store(tmp_path):
    store, inbox = tmp_path / "store", tmp_path / "inbox"
    inbox.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    run_cli([str(seeds[1])], store)  # the store already holds 001 from a batch run
    process = _stream(inbox, store, seconds=30)
    try:
        shutil.copy(seeds[0], inbox)  # 000: a copy of 001
        deadline = time.monotonic() + 25
        while _committed_rows(store) < 2:
            assert process.poll() is None, process.communicate()[1][-3000:]
            assert time.monotonic() < deadline, "nothing committed while the stream ran"
            time.sleep(0.5)
        assert process.poll() is None  # rows are there before the run ends
        for seed in seeds[2:]:
            shutil.copy(seed, inbox)
        out, err = process.communicate(timeout=120)
    finally:
        process.kill()
    assert process.returncode == 0, err[-3000:]
    assert "units = articles + rejects + already ingested: yes" in out
    assert re.search(rf"^store {re.escape(str(store))} · \d+ windows · [\d.]+ s$", out, re.M)
    assert "progress: window 1 committed · " in err and "WARNING" not in err
    rows = {row["source"][:3]: row for row in _articles(store).values()}
    assert rows["000"]["relation"] == "duplicate"
    assert rows["000"]["duplicate_of"] == rows["001"]["doc_id"]  # from the batch run
    assert rows["003"]["rewrite_of"] == rows["002"]["doc_id"]
    assert len({row["story_id"] for row in rows.values()}) == 1


def _stream_once(store: Path, arrivals: list[InputFile], config: StorylineConfig) -> None:
    """One pane of the streaming graph as a local watch runs it (a global window that closes
    when the stream ends), fed by TestStream; asserts it committed once."""
    stream = TestStream().advance_watermark_to(0)
    for second, item in enumerate(arrivals, 1):
        stream = stream.add_elements([window.TimestampedValue(item, second)])
    stream = stream.advance_watermark_to_infinity()
    before = open_snapshot(str(store)).version
    with beam.Pipeline(options=PipelineOptions(["--streaming"])) as pipeline:
        files = (
            pipeline
            | stream
            | beam.WindowInto(
                window.GlobalWindows(),
                trigger=trigger.AfterWatermark(),
                accumulation_mode=trigger.AccumulationMode.DISCARDING,
            )
        )
        plan = plan_run(str(store), "test", streaming=True)
        committed = build_pipeline(pipeline, [], plan, config, files)
        assert_that(committed, equal_to([before + 1]))


def test_each_pane_remembers_the_ones_before_within_the_horizon(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    original = _feed(inbox, "original", "https://a.example/q", 5, QUAKE_CHILE)
    copy = _feed(inbox, "copy", "https://b.example/q", 6, edited_copy(QUAKE_CHILE))
    rewrite = _feed(inbox, "rewrite", "https://c.example/q", 6, QUAKE_CHILE_PARAPHRASE)
    stale = _feed(inbox, "stale", "https://d.example/q", 20, QUAKE_CHILE)  # 15 days on
    store, config = tmp_path / "store", StorylineConfig(dedup_horizon=3 * DAY)
    _stream_once(store, [original], config)
    _stream_once(store, [copy, rewrite], config)  # the next window, one day later
    _stream_once(store, [stale], config)
    rows = _articles(store)
    first = rows["original"]
    assert (rows["copy"]["relation"], rows["copy"]["duplicate_of"]) == (
        "duplicate",
        first["doc_id"],
    )
    assert rows["copy"]["story_id"] == first["story_id"]
    assert (rows["rewrite"]["relation"], rows["rewrite"]["rewrite_of"]) == (
        "rewrite",
        first["doc_id"],
    )
    # the same text 15 days on is past the 3-day horizon: a new canonical
    assert rows["stale"]["is_canonical"] and rows["stale"]["cluster_id"] != first["cluster_id"]


def test_a_late_file_moves_whole_to_the_next_open_window_and_a_later_one_is_dropped():
    side_input_fix.install()
    on_time, late, too_late, again = (
        InputFile(f"/in/{name}", name, 1) for name in ("a", "b", "c", "a")
    )
    rewritten = InputFile("/in/a", "a", 2)  # the same object written again in the window
    stream = (
        TestStream()
        .advance_watermark_to(0)
        .add_elements([window.TimestampedValue(on_time, 5), window.TimestampedValue(again, 7)])
        .add_elements([window.TimestampedValue(rewritten, 6)])
        .advance_watermark_to(25)  # [0, 10) has closed; lateness 20 keeps it until 30
        .add_elements([window.TimestampedValue(late, 8)])
        .advance_watermark_to(35)
        .add_elements([window.TimestampedValue(too_late, 9)])
        .advance_watermark_to_infinity()
    )
    with beam.Pipeline(options=PipelineOptions(["--streaming"])) as pipeline:
        files = pipeline | stream | OnTimeWindows(window_seconds=10, allowed_lateness=20)
        expected = {
            window.IntervalWindow(0, 10): [on_time, rewritten],
            window.IntervalWindow(30, 40): [late],
        }
        assert_that(
            files, equal_to_per_window(expected), reify_windows=True, use_global_window=False
        )


def test_fixed_windows_commit_in_order_and_a_late_file_joins_the_next_open_one(tmp_path):
    """The graph a Dataflow job runs (fixed windows of a minute, a minute of allowed lateness)
    under TestStream: each window commits once, after the one before, and sees it in the store."""
    side_input_fix.install()  # Beam's streaming DirectRunner, see pipeline/side_input_fix.py
    inbox, store = tmp_path / "inbox", tmp_path / "store"
    inbox.mkdir()
    original = _feed(inbox, "original", "https://a.example/q", 5, QUAKE_CHILE)
    copy = _feed(inbox, "copy", "https://b.example/q", 6, edited_copy(QUAKE_CHILE))
    rewrite = _feed(inbox, "rewrite", "https://c.example/q", 6, QUAKE_CHILE_PARAPHRASE)
    stale = _feed(inbox, "stale", "https://d.example/q", 20, QUAKE_CHILE)  # 15 days on
    too_late = _feed(inbox, "too-late", "https://e.example/q", 6, edited_copy(QUAKE_CHILE))
    stream = (
        TestStream()
        .advance_watermark_to(0)
        .add_elements([window.TimestampedValue(original, 10)])
        .advance_watermark_to(60)
        .add_elements([window.TimestampedValue(copy, 70)])
        .advance_watermark_to(120)  # [60, 120) has closed; its late file moves to [180, 240)
        .add_elements([window.TimestampedValue(rewrite, 80)])
        .advance_watermark_to(240)
        .add_elements([window.TimestampedValue(stale, 250)])
        .add_elements([window.TimestampedValue(too_late, 20)])  # [0, 60) expired at 120
        .advance_watermark_to_infinity()
    )
    config = StorylineConfig(dedup_horizon=3 * DAY)
    with beam.Pipeline(options=PipelineOptions(["--streaming"])) as pipeline:
        files = pipeline | stream | OnTimeWindows(window_seconds=60, allowed_lateness=60)
        plan = plan_run(str(store), "test", streaming=True)
        committed = build_pipeline(pipeline, [], plan, config, files, job_memory=True)
        versions = {window.IntervalWindow(start, start + 60): [version]
                    for version, start in enumerate([0, 60, 180, 240])}  # fmt: skip
        assert_that(
            committed, equal_to_per_window(versions), reify_windows=True, use_global_window=False
        )
    rows = _articles(store)
    first = rows["original"]
    assert (rows["copy"]["relation"], rows["copy"]["duplicate_of"]) == (
        "duplicate",
        first["doc_id"],
    )
    assert (rows["rewrite"]["relation"], rows["rewrite"]["rewrite_of"]) == (
        "rewrite",
        first["doc_id"],
    )
    assert rows["rewrite"]["story_id"] == first["story_id"]
    assert rows["stale"]["is_canonical"] and rows["stale"]["cluster_id"] != first["cluster_id"]
    assert "too-late" not in rows  # dropped whole, before it was read
    with open_output(str(store)) as con:
        files_rows = con.sql("SELECT path, units, articles FROM files ORDER BY path").fetchall()
    assert files_rows == [
        (f"{name}.jsonl", 1, 1) for name in ("copy", "original", "rewrite", "stale")
    ]


def test_a_job_started_on_a_store_dedupes_against_its_earlier_runs(tmp_path):
    """A redeployed job starts with an empty Beam state: the store it starts on is its memory
    of earlier runs, and its own windows are in Beam state (`transforms.band_memory`)."""
    side_input_fix.install()
    store, seeds = tmp_path / "store", sorted(SEEDS.glob("*.txt"))
    run_cli([str(seeds[1])], store)  # 001, from a batch run
    copies = [InputFile(str(seed), seed.name, seed.stat().st_size) for seed in seeds[0:1]]
    again = tmp_path / "000-again.txt"
    shutil.copy(seeds[0], again)  # the same page again, a window later
    copies.append(InputFile(str(again), again.name, again.stat().st_size))
    stream = (
        TestStream()
        .advance_watermark_to(0)
        .add_elements([window.TimestampedValue(copies[0], 10)])
        .advance_watermark_to(60)
        .add_elements([window.TimestampedValue(copies[1], 70)])
        .advance_watermark_to_infinity()
    )
    with beam.Pipeline(options=PipelineOptions(["--streaming"])) as pipeline:
        files = pipeline | stream | OnTimeWindows(window_seconds=60)
        plan = plan_run(str(store), "test", streaming=True)
        build_pipeline(pipeline, [], plan, StorylineConfig(dedup_horizon=3 * DAY), files, True)
    rows = {row["source"][:3]: row for row in _articles(store).values()}
    with open_output(str(store)) as con:
        relations = con.execute("SELECT source, relation, duplicate_of, story_id FROM articles "
                                "ORDER BY source").fetchall()  # fmt: skip
    original = rows["001"]
    assert relations == [
        ("000-again.txt", "duplicate", original["doc_id"], original["story_id"]),
        (seeds[0].name, "duplicate", original["doc_id"], original["story_id"]),
        (original["source"], "original", None, original["story_id"]),
    ]


def test_the_windowed_graph_commits_each_window_it_closes(tmp_path, monkeypatch):
    """The graph as a Dataflow job runs it: fixed windows of arrival time, one commit per
    window. (The local DirectRunner closes them all when the watch ends; which window sees
    which earlier one is therefore not asserted here.)"""
    inbox, store = tmp_path / "inbox", tmp_path / "store"
    inbox.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    shutil.copy(seeds[1], inbox)

    seen = tmp_path / "first-file-seen"

    def later() -> None:  # one window after the first file was matched, whatever start-up took
        deadline = time.monotonic() + 60
        while not seen.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(3)
        shutil.copy(seeds[2], inbox)

    stamp = watch._arrived  # files are stamped as they are matched, before any grouping

    def stamp_and_tell(item: InputFile):
        seen.touch()
        return stamp(item)

    monkeypatch.setattr(watch, "_arrived", stamp_and_tell)
    arrival = threading.Thread(target=later)
    pipeline = beam.Pipeline(options=PipelineOptions(["--streaming"]))
    files = pipeline | WatchFiles([f"{inbox}/*"], window_seconds=2, stop_after=45)
    plan = plan_run(str(store), "test", streaming=True)
    committed = build_pipeline(pipeline, [], plan, StorylineConfig(), files)
    assert_that(committed | beam.Map(lambda _version: "commit"), equal_to(["commit"] * 2))
    arrival.start()
    pipeline.run().wait_until_finish()
    arrival.join()
    tags = {path.name.split("-w")[1] for path in (store / "articles").rglob("*.parquet")}
    assert len(tags) == 2  # two windows, two commits of their own
    assert len(_articles(store)) == 2


class _Message:
    def __init__(self, object_id: str, event: str = "OBJECT_FINALIZE"):
        self.attributes = {"eventType": event, "bucketId": "b", "objectId": object_id}
        self.data = json.dumps({"size": "42"}).encode()


def test_a_notification_becomes_a_file_only_when_an_input_pattern_matches_it():
    patterns = ["gs://b/crawl/*.warc.gz", "gs://b/feeds/*.jsonl"]
    assert notified_file(_Message("crawl/x.warc.gz"), patterns) == [
        InputFile("gs://b/crawl/x.warc.gz", "x.warc.gz", 42)
    ]
    assert notified_file(_Message("feeds/f.jsonl"), patterns) == [
        InputFile("gs://b/feeds/f.jsonl", "f.jsonl", 42)
    ]
    assert notified_file(_Message("store/articles/part-1.parquet"), patterns) == []
    assert notified_file(_Message("crawl/x.warc.gz", "OBJECT_DELETE"), patterns) == []
