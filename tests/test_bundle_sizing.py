"""Sized bundles: a large stage input is cut into many bundles, and nothing is lost or doubled."""

from __future__ import annotations

import os

import apache_beam as beam
import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.runners.portability.fn_api_runner import FnApiRunner, execution
from apache_beam.testing.util import assert_that, equal_to

from pipeline import bundle_sizing, data_plane_fix
from pipeline.summary import counter_totals

MP = ["--direct_num_workers=2", "--direct_running_mode=multi_processing"]
KEYS = 1500  # x 2 values of 1 KB: ~3 MB of groups, dozens of 64 KB bundles
_TWO_VALUES_PER_KEY = [(f"k{i % KEYS}", b"x" * 1024) for i in range(2 * KEYS)]


@pytest.fixture
def sized(beams_own_runner, monkeypatch):
    """Sized bundles of 64 KB, with the data-plane fix, as a multi-processing run has them."""
    monkeypatch.setattr(bundle_sizing, "TARGET_BUNDLE_BYTES", 64 << 10)
    bundle_sizing.install()
    data_plane_fix.install()


def test_small_inputs_keep_one_bundle_per_worker():
    target = bundle_sizing.TARGET_BUNDLE_BYTES
    assert bundle_sizing.bundle_count([0], 2) == 2
    assert bundle_sizing.bundle_count([target, target], 2) == 2
    assert bundle_sizing.bundle_count([5 * target + 1], 2) == 6


def _list_buffer(*chunks: bytes) -> execution.ListBuffer:
    buffer = execution.ListBuffer(None)
    for chunk in chunks:
        buffer.append(chunk)
    return buffer


def test_list_buffers_are_sized_by_their_bytes():
    assert bundle_sizing.estimated_bytes(_list_buffer(b"a" * 10, b"b" * 2500)) == 2510


def test_a_materialized_input_is_cut_at_most_into_its_chunks(monkeypatch):
    """Finer would make Beam decode and re-encode the whole input into a second copy."""
    monkeypatch.setattr(bundle_sizing, "TARGET_BUNDLE_BYTES", 64 << 10)
    three_chunks = {"input": _list_buffer(*[b"x" * (1 << 20)] * 3)}
    assert bundle_sizing._parts_for(three_chunks, workers=2) == 3
    assert bundle_sizing._parts_for({"input": _list_buffer(b"x" * (1 << 20))}, workers=2) == 2


def _run_grouping(*flags: str) -> int:
    """A GroupByKey of KEYS x 2 values of 1 KB on two worker processes. Asserts that every group
    arrives whole and that both workers read groups; returns how many bundles read them."""

    class CountBundles(beam.DoFn):  # local, so the workers get it by value, not by import
        def __init__(self):
            self._bundles = beam.metrics.Metrics.counter("test", "bundles")

        def start_bundle(self):
            self._bundles.inc()

        def process(self, grouped):
            key, values = grouped
            yield key, len(list(values))
            yield beam.pvalue.TaggedOutput("pid", os.getpid())

    def two_workers(pids):
        assert len(set(pids)) == 2, f"groups were read by processes {set(pids)}"

    pipeline = beam.Pipeline(runner=FnApiRunner(), options=PipelineOptions([*MP, *flags]))
    grouped = (
        pipeline
        | beam.Create(_TWO_VALUES_PER_KEY)
        | beam.GroupByKey()
        | beam.ParDo(CountBundles()).with_outputs("pid", main="counts")
    )
    assert_that(grouped.counts, equal_to([(f"k{i}", 2) for i in range(KEYS)]))
    assert_that(grouped.pid, two_workers, label="BothWorkers")
    return counter_totals(pipeline.run())[("test", "bundles")]


@pytest.mark.usefixtures("sized")
def test_a_large_stage_input_runs_as_many_bundles_on_both_workers_without_loss():
    assert _run_grouping() > 20


@pytest.mark.usefixtures("beams_own_runner")
def test_beams_manager_runs_one_bundle_per_worker(monkeypatch):
    monkeypatch.setattr(bundle_sizing, "TARGET_BUNDLE_BYTES", 64 << 10)
    assert _run_grouping() == 2


@pytest.mark.usefixtures("sized")
def test_a_replayed_bundle_keeps_the_split_it_was_given():
    """Beam's --direct_runner_bundle_repeat splits a grouped input in a dry run first; the real
    run must read those same parts (Beam's manager would index them by its worker count)."""
    assert _run_grouping("--direct_runner_bundle_repeat=1") > 20


@pytest.mark.usefixtures("sized")
def test_an_error_in_one_bundle_fails_the_run():
    def fail_on_one_key(grouped):
        if grouped[0] == "k7":
            raise ValueError("bundle failed on k7")
        return grouped[0]

    pipeline = beam.Pipeline(runner=FnApiRunner(), options=PipelineOptions(MP))
    _ = pipeline | beam.Create(_TWO_VALUES_PER_KEY) | beam.GroupByKey() | beam.Map(fail_on_one_key)
    with pytest.raises(Exception, match="bundle failed on k7"):
        pipeline.run().wait_until_finish()
