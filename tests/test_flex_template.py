"""The Flex Template's three descriptions of one run agree: the CLI's flags, `metadata.json`,
the Dockerfile; and the launcher's `--name=value` parameters reach `storyline run` intact."""

import datetime as dt
import json
import re

import duckdb
import pytest
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions
from conftest import REPO, SEEDS

from pipeline import flex
from pipeline.options import StorylineOptions

METADATA = REPO / "dataflow" / "metadata.json"
# a value each parameter's type accepts, by argparse dest (a new flag without one fails here)
_SAMPLES = {"inputs": "gs://b/raw/**", "output": "gs://b/store", "append": "true",
            "overwrite": "true", "shingle_size": "4", "num_perm": "64",
            "dedup_threshold": "0.75", "rewrite_threshold": "0.5", "story_threshold": "0.4",
            "seed": "7", "max_bytes": "1000", "min_words": "10", "dedup_horizon": "3600",
            "window_seconds": "45", "stop_after": "12.5", "allowed_lateness": "5",
            "input_subscription": "projects/p/subscriptions/gcs-new",
            "verbose": "true", "quiet": "true", "keep_non_articles": "true"}  # fmt: skip


def _parameters() -> dict[str, dict]:
    return {param["name"]: param for param in json.loads(METADATA.read_text())["parameters"]}


def _cli_flags() -> dict[str, str]:
    """storyline run's own flags as template parameter names (`--shingle-size` ->
    `shingle_size`; a flag's first spelling), with their argparse dest."""
    actions = set(flex.storyline_flags().values())
    return {action.option_strings[0][2:].replace("-", "_"): action.dest for action in actions}


def test_metadata_names_one_parameter_per_cli_flag():
    assert sorted(_parameters()) == sorted(_cli_flags())


def test_metadata_marks_only_input_and_output_required():
    required = {name for name, param in _parameters().items() if not param.get("isOptional")}
    assert required == {"input", "output"}
    assert all(param["label"] and param["helpText"] for param in _parameters().values())


def test_every_parameter_as_the_launcher_passes_it_sets_its_option():
    """Each `--name=value` the launcher would pass sets the option as the CLI flag does, to
    a value other than its default (not dropped as an unknown flag)."""
    params, flags = _parameters(), flex.storyline_flags()
    defaults = PipelineOptions([]).view_as(StorylineOptions)
    for name, dest in _cli_flags().items():
        value = _SAMPLES[dest]
        assert re.fullmatch(params[name]["regexes"][0], value)
        via_template = PipelineOptions(flex.launcher_flags([f"--{name}={value}"]))
        flag = "--" + name.replace("_", "-")
        switch = flags[flag].nargs == 0
        via_cli = PipelineOptions([flag] if switch else [flag, value])
        parsed = getattr(via_template.view_as(StorylineOptions), dest)
        assert parsed == getattr(via_cli.view_as(StorylineOptions), dest)
        assert parsed != getattr(defaults, dest)


def test_switches_take_true_or_false_and_beams_own_too():
    flags = flex.launcher_flags(["--append=true", "--overwrite=false", "--streaming=True"])
    options = PipelineOptions(flags)
    ours = options.view_as(StorylineOptions)
    assert (ours.append, ours.overwrite) == (True, False)
    assert options.view_as(StandardOptions).streaming
    with pytest.raises(ValueError, match="true or false"):
        flex.launcher_flags(["--append=maybe"])


def test_one_input_parameter_carries_several_patterns():
    flags = flex.launcher_flags(["--input=gs://b/a/**, gs://b/c/*.warc.gz,", "--output=gs://o"])
    assert PipelineOptions(flags).view_as(StorylineOptions).inputs == [
        "gs://b/a/**",
        "gs://b/c/*.warc.gz",
    ]


def test_input_patterns_name_the_launch_days_crawl_folders():
    flags = flex.launcher_flags(
        ["--input=gs://b/crawl/{today}/**,gs://b/crawl/{yesterday}/**"], today=dt.date(2027, 1, 1)
    )
    assert flags == ["--input=gs://b/crawl/2027-01-01/**", "--input=gs://b/crawl/2026-12-31/**"]


def test_beam_options_pass_through_untouched():
    flags = ["--sdk_container_image=r/i:1", "--sdk_location=container", "--temp_location=gs://t"]
    assert flex.launcher_flags(flags) == flags


def test_dockerfile_makes_the_launcher_run_the_launch_file():
    """(That its FROM is the SDK image of pyproject's Beam: test_dataflow_packaging.)"""
    dockerfile = (REPO / "Dockerfile").read_text()
    (py_file,) = re.findall(r"^ENV FLEX_TEMPLATE_PYTHON_PY_FILE=(\S+)$", dockerfile, re.M)
    workdir = re.search(r"^WORKDIR (\S+)$", dockerfile, re.M).group(1)
    relative = py_file.removeprefix(workdir.rstrip("/") + "/")
    assert (REPO / relative).is_file()
    assert re.search(rf"^COPY {relative.split('/')[0]} ", dockerfile, re.M)
    assert re.search(
        r"^COPY --from=\S+ /opt/google/dataflow/python_template_launcher ", dockerfile, re.M
    )


def test_the_launch_file_runs_the_seeds_without_waiting_or_summary(seeds_run, tmp_path):
    """The entry the launcher runs, here on the DirectRunner: the store is committed by the
    pipeline itself, and no summary is written (on Dataflow the launcher exits at submit)."""
    output = tmp_path / "flex"
    params = [f"--input={SEEDS / '*.txt'}", f"--output={output}", "--append=false",
              "--overwrite=false", "--runner=DirectRunner", "--direct_num_workers=1"]  # fmt: skip
    assert flex.main(params) == 0
    assert not (output / "run_summary.json").exists()
    query = """SELECT doc_id, cluster_id, story_id, relation, rewrite_of
               FROM read_parquet('{}/articles/**/*.parquet', hive_partitioning=true) ORDER BY 1"""
    assert (
        duckdb.sql(query.format(output)).fetchall()
        == duckdb.sql(query.format(seeds_run)).fetchall()
    )
