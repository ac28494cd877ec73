"""Which engine `storyline run` picks when the user names none."""

import os

import pytest
from apache_beam.options.pipeline_options import DirectOptions, PipelineOptions
from apache_beam.runners.worker import data_plane

from pipeline import bundle_sizing, data_plane_fix
from pipeline.cli import _default_runner

pytestmark = pytest.mark.usefixtures("beams_own_runner")  # runs install storyline's classes


def _direct(flags: list[str]) -> tuple[DirectOptions, object]:
    options = PipelineOptions(flags)
    runner = _default_runner(options, flags)
    return options.view_as(DirectOptions), runner


def test_no_runner_flags_means_one_worker_process_per_core(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    direct, runner = _direct([])
    assert type(runner).__name__ == "FnApiRunner"
    assert (direct.direct_num_workers, direct.direct_running_mode) == (4, "multi_processing")


def test_one_core_means_one_in_memory_worker(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    direct, _runner = _direct([])
    assert (direct.direct_num_workers, direct.direct_running_mode) == (1, "in_memory")


def test_in_memory_mode_alone_means_one_worker(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    direct, _runner = _direct(["--direct_running_mode=in_memory"])
    assert (direct.direct_num_workers, direct.direct_running_mode) == (1, "in_memory")


def test_a_worker_count_alone_means_multi_processing():
    direct, _runner = _direct(["--direct_num_workers=3"])
    assert (direct.direct_num_workers, direct.direct_running_mode) == (3, "multi_processing")


def test_explicit_worker_flags_win():
    flags = ["--direct_num_workers=2", "--direct_running_mode=multi_processing"]
    direct, _runner = _direct(flags)
    assert (direct.direct_num_workers, direct.direct_running_mode) == (2, "multi_processing")


def test_a_named_runner_is_left_to_beam():
    _direct_options, runner = _direct(["--runner=DataflowRunner"])
    assert runner is None


@pytest.mark.parametrize("flags", [[], ["--direct_running_mode=multi_processing"]])
def test_multi_processing_runs_get_the_fix_sized_bundles_and_the_arena_cap(flags, monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    _direct(flags)
    assert data_plane_fix.installed() and bundle_sizing.installed()
    assert os.environ["MALLOC_ARENA_MAX"] == "2"
    created = data_plane.ClosableOutputStream.create(None, None, 1000)
    assert isinstance(created, data_plane_fix.LockedTimeBasedStream)
    created.close()


@pytest.mark.parametrize("mode", ["in_memory", "multi_threading"])
def test_other_modes_keep_beams_stream_and_bundles(mode):
    _direct([f"--direct_running_mode={mode}"])
    assert not data_plane_fix.installed()
    assert not bundle_sizing.installed()
