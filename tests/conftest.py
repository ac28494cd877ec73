"""Shared test helpers: a deterministic in-process runner and an in-process CLI run."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
from apache_beam.runners.portability.fn_api_runner import FnApiRunner
from apache_beam.testing.test_pipeline import TestPipeline

from pipeline import bundle_sizing, data_plane_fix
from pipeline.cli import main

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"

warnings.filterwarnings("ignore", message=".*apitools.*")


def test_pipeline() -> TestPipeline:
    """Beam's FnApiRunner in-process: no Prism download, same engine the DirectRunner uses."""
    return TestPipeline(runner=FnApiRunner())


test_pipeline.__test__ = False  # a factory, not a test


def run_cli(inputs: list[str], output: Path, *extra: str) -> dict:
    """Runs `storyline run` in-process on one worker and returns run_summary.json."""
    flags = ["run", "--output", str(output), "--direct_num_workers=1",
             "--direct_running_mode=in_memory", *extra]  # fmt: skip
    for pattern in inputs:
        flags += ["--input", pattern]
    assert main(flags) == 0
    return json.loads((output / "run_summary.json").read_text())


@pytest.fixture(scope="session")
def seeds_run(tmp_path_factory) -> Path:
    """One end-to-end run over seeds/, shared by the tests that only read its output."""
    output = tmp_path_factory.mktemp("seeds-run") / "out"
    run_cli([str(SEEDS / "*.txt")], output)
    return output


@pytest.fixture
def no_arena_setting(monkeypatch):
    """MALLOC_ARENA_MAX unset for the test and restored after it (local runs set it)."""
    monkeypatch.setenv("MALLOC_ARENA_MAX", "")
    monkeypatch.delenv("MALLOC_ARENA_MAX")


@pytest.fixture
def beams_own_runner(monkeypatch, no_arena_setting):
    """Beam's own data stream and bundle manager, and no arena setting, restored after the test:
    `_default_runner` swaps in storyline's for multi-processing runs, for the whole process."""
    from apache_beam.runners.portability.fn_api_runner import fn_runner
    from apache_beam.runners.worker import data_plane

    monkeypatch.setattr(
        data_plane, "TimeBasedBufferingClosableOutputStream", data_plane_fix._BEAM_STREAM
    )
    monkeypatch.setattr(fn_runner, "ParallelBundleManager", bundle_sizing._BEAM_MANAGER)
