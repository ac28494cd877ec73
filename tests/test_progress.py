"""A run's progress: counters read from the runner while the pipeline runs, drawn live on a
terminal, as plain lines elsewhere, and nothing but the summary with --quiet."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import apache_beam as beam
import pytest
from apache_beam.metrics import Metrics, monitoring_infos
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.runners.portability.fn_api_runner import FnApiRunner
from apache_beam.testing.util import assert_that, equal_to
from conftest import REPO, SEEDS

from pipeline import progress

ELEMENTS = 30


def _slow_count() -> beam.DoFn:
    """Counts each element after a pause, so the bundle is still running while it counts.
    (Defined in a function, so worker processes get the class by value, not by import.)"""

    class SlowCount(beam.DoFn):
        def setup(self):
            self._seen = Metrics.counter("read", "units")

        def process(self, element):
            time.sleep(0.03)
            self._seen.inc()
            yield element

    return SlowCount()


@pytest.mark.parametrize("running_mode", ["in_memory", "multi_processing"])
def test_counters_move_while_the_pipeline_runs_and_end_at_the_runs_totals(running_mode):
    """In one process the counts are read off the worker's running bundles; with worker
    processes they come in the runner's progress answers (what a default run uses)."""
    options = PipelineOptions([f"--direct_running_mode={running_mode}", "--direct_num_workers=2"])
    seen: list[int] = []
    stages: set[str] = set()
    stop = threading.Event()
    with progress.counting() as counters:

        def sample():
            while not stop.wait(0.02):
                snapshot = counters.snapshot()
                seen.append(snapshot.count(progress.UNITS))
                stages.add(snapshot.stage)

        sampler = threading.Thread(target=sample)
        sampler.start()
        runner = FnApiRunner(progress_request_frequency=0.05)
        with beam.Pipeline(runner=runner, options=options) as pipeline:
            out = (
                pipeline
                | "Read" >> beam.Create(range(ELEMENTS), reshuffle=False)
                | "Count" >> beam.ParDo(_slow_count())
            )
            assert_that(out, equal_to(list(range(ELEMENTS))))
        stop.set()
        sampler.join()
        final = counters.snapshot()
    assert any(0 < count < ELEMENTS for count in seen), "no count seen mid-run"
    assert seen == sorted(seen)
    assert final.count(progress.UNITS) == ELEMENTS
    assert "read" in stages  # the stage is named after the pipeline's step "Read"


def test_user_counters_are_summed_over_steps_and_other_metrics_ignored():
    infos = [
        monitoring_infos.int64_user_counter("read", "units", 3, ptransform="Read/A"),
        monitoring_infos.int64_user_counter("read", "units", 4, ptransform="Read/B"),
        monitoring_infos.int64_user_counter("write", "article_rows", 2, ptransform="Write/C"),
        monitoring_infos.int64_counter(monitoring_infos.ELEMENT_COUNT_URN, 99, pcollection="p"),
    ]
    assert progress.user_counters(infos) == {("read", "units"): 7, ("write", "article_rows"): 2}


def test_a_late_answer_for_a_finished_bundle_is_not_counted_twice():
    counters = progress.RunCounters()
    counters.stage_started("clean")
    counters.bundle_finished(
        "bundle_1", [monitoring_infos.int64_user_counter("read", "units", 5, ptransform="R")]
    )
    counters.bundle_progress(
        "bundle_1", [monitoring_infos.int64_user_counter("read", "units", 4, ptransform="R")]
    )
    assert counters.snapshot().count(progress.UNITS) == 5


def test_a_fused_stage_is_named_by_its_first_step():
    names = ["Write/Rows", "Clean/Pages", "Read/SpreadFiles/Read", "Sign/MinHash"]
    assert progress.stage_name(names) == "read"
    assert progress.stage_name(["Dedupe/Group", "Assemble/Join"]) == "dedupe"
    assert progress.stage_name(["ref_AppliedPTransform_Impulse"]) == "beam"


def _fed_counters(units: int) -> progress.RunCounters:
    counters = progress.RunCounters()
    counters.stage_started("clean")
    infos = [
        monitoring_infos.int64_user_counter("read", "files", 3, ptransform="R"),
        monitoring_infos.int64_user_counter("read", "units", units, ptransform="R"),
    ]
    counters.bundle_progress("bundle_1", infos)
    return counters


def test_off_a_terminal_a_plain_line_every_interval():
    stream = io.StringIO()
    with progress.show_progress(_fed_counters(12), 8, stream, line_seconds=0.05):
        time.sleep(0.3)
    lines = stream.getvalue().splitlines()
    assert len(lines) >= 2
    head = "progress: stage clean · 3/8 files · 12 units · 0 articles written · "
    assert all(line.startswith(head) and line.endswith(" s") for line in lines)
    assert " docs/s · " in lines[0]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_a_live_bar_with_stage_files_units_and_time():
    stream = _Terminal()
    with progress.show_progress(_fed_counters(12), 8, stream):
        time.sleep(1.2)
    drawn = stream.getvalue()
    assert "\r" in drawn or "\x1b[" in drawn  # redrawn in place
    for part in ("clean", "3/8", "12 units", "docs/s", "0:01"):
        assert part in drawn
    assert "progress:" not in drawn


def _storyline(*flags: str, output: Path) -> subprocess.CompletedProcess:
    """The console script on seeds/, as a user runs it (default runner, stderr a pipe)."""
    script = Path(sys.executable).with_name("storyline")
    command = [str(script), "run", "--input", str(SEEDS), "--output", str(output), *flags]
    env = {**os.environ, "PYTHONWARNINGS": ""}
    return subprocess.run(command, capture_output=True, text=True, cwd=REPO, env=env, timeout=600)


def test_a_run_on_seeds_prints_no_warning_only_progress_lines(tmp_path):
    done = _storyline(output=tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stderr and "Traceback" not in done.stderr
    assert all(line.startswith("progress: stage ") for line in done.stderr.splitlines())
    assert done.stdout.startswith(f"store {tmp_path / 'out'} · run ")


def test_quiet_prints_the_summary_and_nothing_on_stderr(tmp_path):
    done = _storyline("--quiet", "--direct_num_workers=1", output=tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "units = articles + rejects + already ingested: yes" in done.stdout
