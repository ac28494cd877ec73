"""Dataflow readiness without Google: the portable job path, the wheel, the container recipe."""

import re
import tomllib
import zipfile

import duckdb
import pytest
from conftest import REPO, SEEDS
from wheelenv import build_wheel, dependencies_venv, install_wheel, worker_pool

from pipeline.cli import main

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
