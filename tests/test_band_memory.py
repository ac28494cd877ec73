"""A streaming job's memory of its earlier windows (`transforms.band_memory`) under TestStream:
Beam state keyed by LSH band bucket, forgotten after the horizon by a timer, capped per bucket."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import apache_beam as beam
import numpy as np
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing.test_stream import TestStream
from apache_beam.testing.util import assert_that, equal_to, equal_to_per_window
from apache_beam.transforms import window
from conftest import REPO, SEEDS, run_cli
from fixtures import QUAKE_CHILE, QUAKE_CHILE_PARAPHRASE, edited_copy

from pipeline import side_input_fix
from pipeline.query import open_output
from transforms.band_memory import (
    RecallEarlierWindows,
    RememberAcrossWindows,
    Remembered,
    _ResolveFn,
    keep_newest,
    window_committed,
)
from transforms.config import StorylineConfig
from transforms.dedupe import DedupKey
from transforms.shards import window_tag
from transforms.sign import MinHasher
from transforms.store import commit_run, plan_run
from transforms.textnorm import normalize_text

CONFIG = StorylineConfig()
HORIZON = 3 * 24 * 3600
MINUTE = 60


def _key(doc_id: str, text: str) -> DedupKey:
    signature = MinHasher(CONFIG).signature(normalize_text(text)).hashvalues
    return DedupKey(doc_id, f"hash-{doc_id}", 0, len(text.split()),
                    np.asarray(signature, dtype=np.uint32).tobytes(), None)  # fmt: skip


def _streaming() -> beam.Pipeline:
    side_input_fix.install()  # Beam's streaming DirectRunner, see pipeline/side_input_fix.py
    return beam.Pipeline(options=PipelineOptions(["--streaming"]))


def _windowed(pipeline, stream: TestStream):
    return pipeline | stream | beam.WindowInto(window.FixedWindows(MINUTE))


def _pairs(pipeline, stream: TestStream, max_entries: int = 64):
    """(this doc, remembered doc) for each pair the memory verified."""
    memory = RememberAcrossWindows(
        CONFIG.lsh_bands_rows, CONFIG.dedup_threshold, HORIZON, max_entries
    )
    matches = _windowed(pipeline, stream) | memory
    pairs = matches | beam.MapTuple(lambda doc_id, entry: (doc_id, entry.doc_id))
    return pairs | beam.Distinct()  # one per band the two share


def _recall(pipeline, stream: TestStream, store: Path):
    """(edges, clusters) as dedupe gets them: (this doc, remembered doc) and (remembered doc,
    its cluster, its story), without waiting for commits."""
    recall = RecallEarlierWindows(CONFIG.lsh_bands_rows, CONFIG.dedup_threshold, HORIZON, 64,
                                  str(store), "test", commit_wait=0)  # fmt: skip
    matches = _windowed(pipeline, stream) | recall
    clusters = matches.clusters | beam.MapTuple(
        lambda doc_id, cluster: (doc_id, cluster.cluster_id, cluster.story_id)
    )
    return matches.edges, clusters


def test_a_copy_in_a_later_window_meets_the_original_and_not_after_the_horizon():
    original, copy = _key("original", QUAKE_CHILE), _key("copy", edited_copy(QUAKE_CHILE))
    same = _key("same-window", QUAKE_CHILE)  # pairs within a window are the window's own
    again = _key("again", QUAKE_CHILE)  # the same text, four days on
    other = _key("other", QUAKE_CHILE_PARAPHRASE)  # reworded: not a near copy
    stream = (
        TestStream()
        .advance_watermark_to(0)
        .add_elements([window.TimestampedValue(original, 10)])
        .advance_watermark_to(MINUTE)
        .add_elements([window.TimestampedValue(copy, 70), window.TimestampedValue(other, 80)])
        .add_elements([window.TimestampedValue(same, 90)])
        .advance_watermark_to(4 * 24 * 3600)  # the forget timers of both fire
        .add_elements([window.TimestampedValue(again, 4 * 24 * 3600 + 10)])
        .advance_watermark_to_infinity()
    )
    with _streaming() as pipeline:
        edges = _pairs(pipeline, stream)
        in_second_window = {
            window.IntervalWindow(MINUTE, 2 * MINUTE): [
                ("copy", "original"),
                ("same-window", "original"),
            ]
        }
        assert_that(
            edges,
            equal_to_per_window(in_second_window),
            reify_windows=True,
            use_global_window=False,
        )


def test_a_bucket_keeps_its_newest_entries():
    entries = [Remembered(name, "", b"", None, at) for name, at in [("a", 1), ("b", 3), ("c", 2)]]
    assert [entry.doc_id for entry in keep_newest(entries, 2)] == ["b", "c"]


def test_an_oversized_bucket_forgets_its_oldest():
    copies = [_key(f"copy{index}", QUAKE_CHILE) for index in range(4)]
    stream = TestStream().advance_watermark_to(0)
    for index, copy in enumerate(copies):
        stream = stream.add_elements([window.TimestampedValue(copy, index * MINUTE + 1)])
        stream = stream.advance_watermark_to((index + 1) * MINUTE)
    stream = stream.advance_watermark_to_infinity()
    with _streaming() as pipeline:
        edges = _pairs(pipeline, stream, max_entries=2)
        expected = [("copy1", "copy0"), ("copy2", "copy0"), ("copy2", "copy1"),
                    ("copy3", "copy1"), ("copy3", "copy2")]  # fmt: skip
        assert_that(edges, equal_to(expected))


def test_a_remembered_article_takes_its_cluster_and_story_from_the_store(tmp_path):
    """Once its window has committed, a remembered article is known by the store's rows: a
    copy of a duplicate joins the duplicate's cluster and story."""
    store = tmp_path / "store"
    seeds = sorted(SEEDS.glob("*.txt"))
    run_cli([str(seed) for seed in seeds[:2]], store)  # 000 and 001: one cluster
    with open_output(str(store)) as con:
        duplicate, cluster, story = con.execute(
            "SELECT doc_id, cluster_id, story_id FROM articles WHERE NOT is_canonical"
        ).fetchone()
    remembered = _key(duplicate, QUAKE_CHILE)  # its id is what the memory looks up
    stream = (
        TestStream()
        .advance_watermark_to(0)
        .add_elements([window.TimestampedValue(remembered, 10)])
        .advance_watermark_to(MINUTE)
        .add_elements([window.TimestampedValue(_key("later", QUAKE_CHILE), 70)])
        .advance_watermark_to_infinity()
    )
    with _streaming() as pipeline:
        edges, clusters = _recall(pipeline, stream, store)
        assert_that(edges, equal_to([("later", duplicate)]), label="Edge")
        assert_that(clusters, equal_to([(duplicate, cluster, story)]), label="Cluster")


def test_a_remembered_article_the_store_does_not_hold_is_not_joined(tmp_path):
    """Its window never committed: its cluster is unknown, so no edge and no cluster."""
    stream = (
        TestStream()
        .advance_watermark_to(0)
        .add_elements([window.TimestampedValue(_key("original", QUAKE_CHILE), 10)])
        .advance_watermark_to(MINUTE)
        .add_elements([window.TimestampedValue(_key("later", QUAKE_CHILE), 70)])
        .advance_watermark_to_infinity()
    )
    with _streaming() as pipeline:
        edges, clusters = _recall(pipeline, stream, tmp_path / "never-committed")
        assert_that(edges, equal_to([]), label="NoEdge")
        assert_that(clusters, equal_to([]), label="NoCluster")


def test_a_later_window_that_comes_first_still_makes_the_pair():
    """A backlog: both windows fire at once and the later one's article reaches the memory
    first; the pair is still the later window's."""
    original, copy = _key("original", QUAKE_CHILE), _key("copy", edited_copy(QUAKE_CHILE))
    stream = (
        TestStream()
        .advance_watermark_to(0)
        .add_elements([window.TimestampedValue(copy, 70)])
        .add_elements([window.TimestampedValue(original, 10)])
        .advance_watermark_to_infinity()
    )
    with _streaming() as pipeline:
        in_second_window = {window.IntervalWindow(MINUTE, 2 * MINUTE): [("copy", "original")]}
        assert_that(
            _pairs(pipeline, stream),
            equal_to_per_window(in_second_window),
            reify_windows=True,
            use_global_window=False,
        )


def _remembered(doc_id: str, window_us: int = 0) -> Remembered:
    return Remembered(doc_id, "hash", _key(doc_id, QUAKE_CHILE).signature, None, window_us)


def test_a_window_still_committing_is_waited_for(tmp_path):
    """The remembered article's row comes with a commit made while the later window waits."""
    seed = sorted(SEEDS.glob("*.txt"))[0]
    run_cli([str(seed)], tmp_path / "first")
    with open_output(str(tmp_path / "first")) as con:
        (doc_id,) = con.execute("SELECT doc_id FROM articles").fetchone()
    store = tmp_path / "store"
    committing = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run", "--quiet", "--input", str(seed),
         "--output", str(store)], cwd=REPO, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        started = time.monotonic()
        found = list(_ResolveFn(str(store), "job", 300).process((MINUTE, [_remembered(doc_id)])))
        waited = time.monotonic() - started
    finally:
        committing.wait(timeout=300)
    assert [(doc, cluster.cluster_id) for doc, cluster in found] == [(doc_id, doc_id)]
    assert committing.returncode == 0 and waited < 300


def test_a_committed_window_without_the_row_is_not_waited_for(tmp_path):
    """Its window committed and the article is not in it (a failed write made it a reject):
    nothing to wait for."""
    store = str(tmp_path / "store")
    plan = plan_run(store, "job", streaming=True)
    commit_run(plan, [], window_tag(window.IntervalWindow(0, MINUTE), None))
    assert window_committed(store, plan.attempt, 0)
    assert not window_committed(store, plan.attempt, MINUTE * 1_000_000)
    started = time.monotonic()
    found = list(_ResolveFn(store, plan.attempt, 300).process((MINUTE, [_remembered("gone")])))
    assert found == [] and time.monotonic() - started < 30
