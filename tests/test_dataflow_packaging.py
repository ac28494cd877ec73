"""Dataflow readiness without Google: the portable job path, the wheel, the container recipe."""

import re
import subprocess
import sys
import tomllib
import zipfile

import duckdb
from conftest import REPO, SEEDS

from pipeline.cli import main


def test_pipeline_runs_through_the_portable_runner_like_on_dataflow(seeds_run, tmp_path):
    """PortableRunner ships the Runner API proto and pickled DoFns to an SDK worker, as
    Dataflow does; the results must equal the DirectRunner's."""
    output = tmp_path / "portable"
    portable = ["--runner=PortableRunner", "--job_endpoint=embed", "--environment_type=LOOPBACK"]
    flags = ["run", "--input", str(SEEDS / "*.txt"), "--output", str(output), *portable]
    assert main(flags) == 0
    query = """SELECT doc_id, cluster_id, story_id, relation, rewrite_of
               FROM read_parquet('{}/articles/**/*.parquet', hive_partitioning=true) ORDER BY 1"""
    assert (
        duckdb.sql(query.format(output)).fetchall()
        == duckdb.sql(query.format(seeds_run)).fetchall()
    )


def test_wheel_ships_every_package_and_the_console_script(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
         "-w", str(tmp_path), str(REPO)],
        check=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("storyline-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for module in ("pipeline/cli.py", "pipeline/run.py", "transforms/dedupe.py",
                   "transforms/textpage.py", "schemas/arrow.py"):  # fmt: skip
        assert module in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "storyline = pipeline.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
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
