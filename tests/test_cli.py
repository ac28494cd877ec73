"""The command line: Beam's warnings only with --verbose (a typo'd flag always); every user
error one line and exit code 2 (a store of another format too); `run --help` with storyline's
flags in groups."""

from __future__ import annotations

import logging
import shutil

import pytest
from conftest import SEEDS

from pipeline import cli
from transforms.store import COMMIT_POINT, STORE_FORMAT, commit_versions, open_snapshot


@pytest.mark.parametrize("verbose, level", [(False, logging.ERROR), (True, logging.WARNING)])
def test_beam_logs_at_error_unless_verbose_and_its_level_comes_back(verbose, level):
    beam = logging.getLogger("apache_beam")
    before = beam.level
    with cli._beam_log_level(verbose):
        assert logging.getLogger("apache_beam.runners.worker").getEffectiveLevel() == level
        options = logging.getLogger("apache_beam.options.pipeline_options")
        assert options.getEffectiveLevel() == logging.WARNING
    assert beam.level == before


def _seeds_run(*flags: str):
    """argv of a run on seeds/ into a new store, with `flags`."""
    return lambda tmp, store: ["run", "--input", str(SEEDS), "--output", f"{tmp}/o", *flags]


# (argv from (tmp_path, a store), a fragment of the one error line)
_USER_ERRORS = {
    "run: no input matches": (
        lambda tmp, store: ["run", "--input", f"{tmp}/none/*", "--output", f"{tmp}/out"],
        "no input matches",
    ),
    "run: no --input": (lambda tmp, store: ["run", "--output", f"{tmp}/out"], "--input and"),
    "run: output not a store": (
        lambda tmp, store: ["run", "--input", str(SEEDS), "--output", str(tmp / "full")],
        "not empty and not a storyline store",
    ),
    "run: store without --append": (
        lambda tmp, store: ["run", "--input", str(SEEDS), "--output", store],
        "pass --append",
    ),
    "run: value does not parse": (_seeds_run("--num-perm=x"), "--num-perm: invalid int value"),
    "run: unknown flag": (_seeds_run("--dedup-treshold", "0.5"), "unknown flag --dedup-treshold"),
    "run: abbreviated flag": (_seeds_run("--dedup-thresh", "0.5"), "unknown flag --dedup-thresh"),
    "run: value out of range": (
        _seeds_run("--dedup-threshold", "7"),
        "--dedup-threshold must be between 0 and 1, not 7",
    ),
    "run: Beam's value does not parse": (
        _seeds_run("--direct_num_workers=two"),
        "--direct_num_workers: invalid int value",
    ),
    "query: no store": (lambda tmp, store: ["query", f"{tmp}/none"], "no such output"),
    "query: unknown table": (
        lambda tmp, store: ["query", store, "SELECT * FROM nowhere"],
        "nowhere does not exist",
    ),
    "query: SQL error": (lambda tmp, store: ["query", store, "SELEC 1"], "syntax error"),
    "query: bad --format": (
        lambda tmp, store: ["query", store, "SELECT 1", "--format", "xml"],
        "invalid choice: 'xml'",
    ),
    "query: parquet to stdout": (
        lambda tmp, store: ["query", store, "SELECT 1", "--format", "parquet"],
        "needs --to FILE",
    ),
    "report: no store": (
        lambda tmp, store: ["report", f"{tmp}/none", "--html", f"{tmp}/r.html"],
        "no such output",
    ),
    "report: no --html": (lambda tmp, store: ["report", store], "required: --html"),
    "report: bad --detail": (
        lambda tmp, store: ["report", store, "--html", f"{tmp}/r.html", "--detail", "-1"],
        "--detail must be >= 0",
    ),
    "report: page cannot be written": (
        lambda tmp, store: ["report", store, "--html", f"{tmp}/no/dir/r.html"],
        "cannot write",
    ),
    "compact: no store": (lambda tmp, store: ["compact", f"{tmp}/none"], "no storyline store"),
    "compact: bad retention": (
        lambda tmp, store: ["compact", store, "--retention-hours", "soon"],
        "--retention-hours: invalid int value",
    ),
    "compact: negative retention": (
        lambda tmp, store: ["compact", store, "--retention-hours", "-1"],
        "--retention-hours must be 0 or more",
    ),
    "unknown command": (lambda tmp, store: ["frobnicate"], "unknown command 'frobnicate'"),
}


@pytest.mark.parametrize("case", sorted(_USER_ERRORS))
def test_a_user_error_is_one_line_and_exit_code_2(case, tmp_path, seeds_run, capsys):
    argv, fragment = _USER_ERRORS[case]
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("someone's file\n")
    before = sorted(p.name for p in seeds_run.iterdir())
    assert cli.main(argv(tmp_path, str(seeds_run))) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("storyline: error: ") and captured.err.count("\n") == 1
    assert fragment in captured.err
    assert captured.out == ""
    assert sorted(p.name for p in seeds_run.iterdir()) == before  # the store untouched


def test_run_help_groups_storylines_flags_and_points_to_beams(capsys):
    assert cli.main(["run", "--help"]) == 0
    out = capsys.readouterr().out
    titles = [line.rstrip(":") for line in out.splitlines() if line and not line[0].isspace()]
    assert titles[1:] == ["options", "input and output", "store", "display", "tuning",
                          "streaming (with Beam's --streaming)", "beam flags"]  # fmt: skip
    assert "--help-beam" in out and "--job_name" not in out
    assert cli.main(["run", "--help-beam"]) == 0
    beams = capsys.readouterr().out
    assert "--job_name" in beams and "--direct_num_workers" in beams and "--num-perm" not in beams


def test_a_store_of_another_format_is_not_appended_to(tmp_path, seeds_run, capsys):
    assert open_snapshot(str(seeds_run)).format == STORE_FORMAT
    older = tmp_path / "older"
    shutil.copytree(seeds_run, older)
    snapshot = open_snapshot(str(older))
    versions = {t: v for t, v in snapshot.versions.items() if t != COMMIT_POINT}
    commit_versions(str(older), "an-older-storyline", versions, store_format=STORE_FORMAT - 1)
    before = open_snapshot(str(older)).version

    argv = ["run", "--input", str(SEEDS), "--output", str(older), "--append"]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"holds store format {STORE_FORMAT - 1}, this storyline writes format" in err
    assert open_snapshot(str(older)).version == before  # nothing committed
