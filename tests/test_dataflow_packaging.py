"""Dataflow readiness without Google: the portable job path, the wheel, the container recipe."""

import re
import tomllib
import zipfile

import apache_beam as beam
import duckdb
import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.transforms import window
from conftest import REPO, SEEDS
from wheelenv import build_wheel, dependencies_venv, install_wheel, worker_pool

from pipeline.cli import main
from pipeline.run import build_pipeline
from schemas.records import InputFile
from transforms.config import StorylineConfig
from transforms.store import plan_run
from transforms.watch import OnTimeWindows

_ARTICLES = """SELECT doc_id, cluster_id, story_id, relation, rewrite_of
               FROM read_parquet('{}/articles/**/*.parquet', hive_partitioning=true) ORDER BY 1"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    return build_wheel(tmp_path_factory.mktemp("wheel"))


def test_pipeline_runs_through_the_portable_runner_like_on_dataflow(seeds_run, tmp_path):
    """PortableRunner ships the Runner API proto and pickled DoFns to an SDK worker, as
    Dataflow does; the results must equal the DirectRunner's."""
    output = tmp_path / "portable"
    portable = ["--runner=PortableRunner", "--job_endpoint=embed", "--environment_type=LOOPBACK"]
    flags = ["run", "--input", str(SEEDS / "*.txt"), "--output", str(output), *portable]
    assert main(flags) == 0
    assert (
        duckdb.sql(_ARTICLES.format(output)).fetchall()
        == duckdb.sql(_ARTICLES.format(seeds_run)).fetchall()
    )


def test_the_streaming_jobs_memory_runs_through_the_portable_runner(tmp_path):
    """The graph of a streaming job (fixed windows, dedup memory in Beam state with timers)
    through the Runner API, as Dataflow receives it. The portable runner here runs it as a
    bounded job, stage after stage: no window has committed when the next looks up what it
    remembered, so with no wait for commits the copies are found but not joined, and no
    row names a duplicate as its cluster."""
    seeds = sorted(SEEDS.glob("*.txt"))[:2]  # 000 and 001: the same article
    again = tmp_path / "again.txt"
    again.write_bytes(seeds[0].read_bytes())  # 000 once more, in the next window
    files = [InputFile(str(path), path.name, path.stat().st_size) for path in [*seeds, again]]
    store = tmp_path / "store"
    portable = ["--runner=PortableRunner", "--job_endpoint=embed", "--environment_type=LOOPBACK"]
    with beam.Pipeline(options=PipelineOptions(portable)) as pipeline:
        arrivals = pipeline | beam.Create(
            [window.TimestampedValue(item, at)
             for item, at in zip(files, [10, 20, 70], strict=True)]
        )  # fmt: skip
        windowed = arrivals | OnTimeWindows(window_seconds=60)
        plan = plan_run(str(store), "test", streaming=True)
        config = StorylineConfig()
        build_pipeline(pipeline, [], plan, config, windowed, job_memory=True, commit_wait=0)
    rows = duckdb.sql(_ARTICLES.format(store)).fetchall()
    canonical = {row[0] for row in rows if row[3] == "original"}
    assert len(rows) == 3 and len(canonical) == 2  # 000 and 001 one cluster, again its own
    assert all(row[1] in canonical for row in rows)


def test_workers_of_the_wheel_alone_run_the_seeds(seeds_run, wheel, tmp_path):
    """Workers started by a Beam worker pool in a virtualenv of the wheel and the dependencies
    it declares (nothing from the checkout, no system site-packages), as Dataflow's workers
    run the container: the results must equal the DirectRunner's. The job is submitted from
    this process (PortableRunner, embedded job server) to the pool (EXTERNAL environment)."""
    venv = dependencies_venv(wheel)  # cached: see tests/wheelenv.py
    site = install_wheel(venv, wheel, tmp_path / "wheel-site")
    (tmp_path / "pool").mkdir()
    output = tmp_path / "store"
    with worker_pool(venv, site, tmp_path / "pool") as (port, log):
        external = [
            "--runner=PortableRunner",
            "--job_endpoint=embed",
            "--environment_type=EXTERNAL",
            f"--environment_config=localhost:{port}",
        ]
        flags = ["run", "--input", str(SEEDS / "*.txt"), "--output", str(output), *external]
        assert main(flags) == 0
    assert "Starting worker with command ['python'" in log.read_text()
    # the workers imported storyline's stages from the wheel's folder (compiled on import)
    for stage in ("dedupe", "stories", "store"):
        assert list((site / "transforms" / "__pycache__").glob(f"{stage}.*.pyc")), stage
    assert (
        duckdb.sql(_ARTICLES.format(output)).fetchall()
        == duckdb.sql(_ARTICLES.format(seeds_run)).fetchall()
    )


def test_wheel_ships_every_package_and_the_console_script(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for module in ("pipeline/cli.py", "pipeline/run.py", "transforms/dedupe.py",
                   "transforms/textpage.py", "schemas/arrow.py"):  # fmt: skip
        assert module in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "storyline = pipeline.cli:entry" in zipfile.ZipFile(wheel).read(entry_points).decode()
    assert not any(n.startswith(("tests/", "bench/", "seeds/")) for n in names)


def test_container_is_built_from_the_sdk_image_of_the_pinned_beam():
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    (beam_pin,) = [d for d in pyproject["project"]["dependencies"] if d.startswith("apache-beam")]
    minor = re.search(r">=(\d+\.\d+)", beam_pin).group(1)
    dockerfile = (REPO / "Dockerfile").read_text()
    image = re.search(r"^FROM apache/beam_python3\.\d+_sdk:(\S+)$", dockerfile, re.M)
    assert image and image.group(1).startswith(minor + ".")
    assert re.search(r"^RUN pip install .*\.\[gcp\]", dockerfile, re.M)
    assert "ENTRYPOINT" not in dockerfile  # keep the SDK harness boot entrypoint
