"""Beam's streaming DirectRunner must run an empty bundle through a ParDo whose side input is
in fixed windows (the shape of every stage that looks its own input up per window)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing.test_stream import TestStream
from apache_beam.testing.util import assert_that, equal_to_per_window
from apache_beam.transforms import window

from pipeline import side_input_fix

CRASH = "'NoneType' object has no attribute 'max_timestamp'"


def _odd_or_rejected(number: int):
    yield number if number % 2 else beam.pvalue.TaggedOutput("rejected", number)


def _build(pipeline: beam.Pipeline) -> beam.PCollection:
    """Odd numbers in 10-s windows, each with its window's count; `rejected` stays empty."""
    stream = (
        TestStream()
        .advance_watermark_to(0)
        .add_elements([window.TimestampedValue(1, 1), window.TimestampedValue(3, 2)])
        .advance_watermark_to(10)
        .add_elements([window.TimestampedValue(5, 11)])
        .advance_watermark_to_infinity()
    )
    numbers = pipeline | stream | beam.WindowInto(window.FixedWindows(10))
    split = numbers | beam.FlatMap(_odd_or_rejected).with_outputs("rejected", main="odd")
    count = split.odd | beam.combiners.Count.Globally().without_defaults()
    side = beam.pvalue.AsSingleton(count)
    _ = split.rejected | "Rejected" >> beam.Map(lambda number, total: number, side)
    return split.odd | "WithCount" >> beam.Map(lambda number, total: (number, total), side)


def test_an_empty_bundle_passes_a_windowed_side_input_with_the_fix():
    side_input_fix.install()
    with beam.Pipeline(options=PipelineOptions(["--streaming"])) as pipeline:
        expected = {
            window.IntervalWindow(0, 10): [(1, 2), (3, 2)],
            window.IntervalWindow(10, 20): [(5, 1)],
        }
        assert_that(
            _build(pipeline),
            equal_to_per_window(expected),
            reify_windows=True,
            use_global_window=False,
        )


def _run_without_the_fix() -> None:
    with beam.Pipeline(options=PipelineOptions(["--streaming"])) as pipeline:
        _build(pipeline)


def test_beams_own_executor_still_hangs_on_it():
    """Why the fix exists: without it the executor thread dies and the run never ends. When a
    Beam upgrade makes this fail, the fix can go."""
    code = "import test_side_input_fix as t; t._run_without_the_fix(); print('finished')"
    process = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=Path(__file__).parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline, seen = time.monotonic() + 60, []
    try:
        for line in process.stderr:
            seen.append(line)
            if CRASH in line or time.monotonic() > deadline:
                break
    finally:
        process.kill()
        process.wait()
    assert any(CRASH in line for line in seen), "".join(seen)[-2000:]
