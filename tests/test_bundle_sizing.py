"""Sized bundles: a large stage input is cut into many bundles, and nothing is lost or doubled."""

from __future__ import annotations

import apache_beam as beam
import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.runners.portability.fn_api_runner import FnApiRunner, execution, fn_runner
from apache_beam.runners.worker import data_plane
from apache_beam.testing.util import assert_that, equal_to

from pipeline import bundle_sizing, data_plane_fix
from pipeline.cli import _default_runner

MP = ["--direct_num_workers=2", "--direct_running_mode=multi_processing"]


@pytest.fixture
def beams_manager(monkeypatch):
    """Beam's own bundle manager and data stream, restored after the test."""
    monkeypatch.setattr(fn_runner, "ParallelBundleManager", bundle_sizing._BEAM_MANAGER)
    monkeypatch.setattr(
        data_plane, "TimeBasedBufferingClosableOutputStream", data_plane_fix._BEAM_STREAM
    )


def test_small_inputs_keep_one_bundle_per_worker():
    target = bundle_sizing.TARGET_BUNDLE_BYTES
    assert bundle_sizing.bundle_count([0], 2) == 2
    assert bundle_sizing.bundle_count([target, target], 2) == 2
    assert bundle_sizing.bundle_count([5 * target + 1], 2) == 6


def test_list_buffers_are_sized_by_their_bytes():
    buffer = execution.ListBuffer(None)
    for chunk in (b"a" * 10, b"b" * 2500):
        buffer.append(chunk)
    assert bundle_sizing.estimated_bytes(buffer) == 2510


def _run_grouping(values_per_key: int, keys: int) -> int:
    """A GroupByKey of `keys` x `values_per_key` 1 KB values on two worker processes;
    asserts every group arrives whole, and returns how many bundles read the groups."""

    class CountBundles(beam.DoFn):  # local, so the workers get it by value, not by import
        def __init__(self):
            self._bundles = beam.metrics.Metrics.counter("test", "bundles")

        def start_bundle(self):
            self._bundles.inc()

        def process(self, grouped):
            key, values = grouped
            yield key, len(list(values))

    pipeline = beam.Pipeline(runner=FnApiRunner(), options=PipelineOptions(MP))
    grouped = (
        pipeline
        | beam.Create([(f"k{i % keys}", b"x" * 1024) for i in range(keys * values_per_key)])
        | beam.GroupByKey()
        | beam.ParDo(CountBundles())
    )
    assert_that(grouped, equal_to([(f"k{i}", values_per_key) for i in range(keys)]))
    result = pipeline.run()
    result.wait_until_finish()
    counters = result.metrics().query(beam.metrics.MetricsFilter().with_name("bundles"))
    return sum(counter.committed for counter in counters["counters"])


@pytest.mark.usefixtures("beams_manager")
def test_a_large_stage_input_runs_as_many_bundles_without_loss(monkeypatch):
    monkeypatch.setattr(bundle_sizing, "TARGET_BUNDLE_BYTES", 64 << 10)
    bundle_sizing.install()
    data_plane_fix.install()
    # 1,500 keys x 2 KB: ~3 MB of groups at 64 KB a bundle is dozens of bundles, not two.
    assert _run_grouping(values_per_key=2, keys=1500) > 20


@pytest.mark.usefixtures("beams_manager")
def test_beams_manager_runs_one_bundle_per_worker(monkeypatch):
    monkeypatch.setattr(bundle_sizing, "TARGET_BUNDLE_BYTES", 64 << 10)
    assert _run_grouping(values_per_key=2, keys=1500) == 2


@pytest.mark.usefixtures("beams_manager")
@pytest.mark.parametrize("mode", ["in_memory", "multi_threading"])
def test_only_multi_processing_runs_get_sized_bundles(mode, monkeypatch, no_arena_setting):
    flags = [f"--direct_running_mode={mode}"]
    _default_runner(PipelineOptions(flags), flags)
    assert not bundle_sizing.installed()
    _default_runner(PipelineOptions(MP), MP)
    assert bundle_sizing.installed()
