"""`storyline run`: parse flags, guard the output directory, run, print the summary."""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib.metadata
import logging
import os
import posixpath
import sys
import time
from collections.abc import Iterator

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.options.pipeline_options import (
    DirectOptions,
    GoogleCloudOptions,
    PipelineOptions,
    StandardOptions,
    _BeamArgumentParser,
)

from pipeline import bundle_sizing, data_plane_fix, malloc_tuning, progress
from pipeline.compact import compact_command
from pipeline.options import StorylineOptions
from pipeline.query import query_command
from pipeline.report import report_command
from pipeline.run import build_pipeline
from pipeline.streaming import run_stream
from pipeline.summary import collect_summary, files_summary, format_summary, write_summary
from pipeline.usage import PREFIX, OneLineParser, UsageError
from transforms.read import expand_pattern
from transforms.store import STORE_FORMAT, is_store, open_snapshot, plan_run, roll_back

OUTPUT_TABLES = (
    "articles",
    "stories",
    "rejects",
    "errors",
    "files",
    "story_merges",
    "state",
    "run_summary.json",
)
_USAGE = """usage: storyline run --input PATTERN [--input ...] --output STORE [--append] [options]
                     [beam flags]
       storyline query STORE [SQL] [--format csv|json|parquet [--to FILE]]
       storyline report STORE --html FILE [--detail N]
       storyline compact STORE [--retention-hours H]
       storyline --version

commands:
  run      read, clean, dedupe, tag rewrites, group stories, commit to the store (Delta Lake);
           --append adds to a store, against everything in it
  query    SQL over a store's committed tables (views articles, stories, rejects, errors,
           files, story_merges); no SQL: an overview
  report   one self-contained HTML page: stories, articles, evidence, lineage graphs
  compact  rewrite a store's small files into larger ones, then delete unused files
"""
_RUN_USAGE = "storyline run --input PATTERN [--input ...] --output STORE [options] [beam flags]"
# Beam's ~650 lines of flags would bury storyline's: named here, listed by --help-beam
_BEAM_FLAGS = """beam flags:
  Beam's own flags pass through: --runner (default: the local runner, one worker
  process per core), --direct_num_workers N, --streaming, and Dataflow's --project,
  --region, --temp_location, ...; `storyline run --help-beam` lists them all."""


def entry() -> None:
    """The console script: `main`, then leave without running native libraries' static
    destructors, one of which (a thread still joinable when the process ends) sometimes
    aborted a finished run ("terminate called without an active exception", exit 134)
    after its summary was written. Streams are flushed first; nothing else runs at exit."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main(argv: list[str] | None = None, *, foreign_flags: bool = False) -> int:
    """`foreign_flags`: a launcher (the Flex Template's) may pass flags storyline and Beam do
    not declare; Beam drops them with a warning. From a person, an unknown flag is an error."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(_USAGE)
        return 0 if argv else 2
    if argv[0] in ("-V", "--version"):
        print(f"storyline {importlib.metadata.version('storyline')}")
        return 0
    command, rest = argv[0], argv[1:]
    commands = {
        "run": lambda flags: run_command(flags, foreign_flags),
        "query": query_command,
        "report": report_command,
        "compact": compact_command,
    }
    try:
        if command not in commands:
            raise UsageError(f"unknown command {command!r} (commands: {', '.join(commands)})")
        return commands[command](rest)
    except UsageError as error:
        print(f"{PREFIX} {error}", file=sys.stderr)
        return 2


def run_command(flags: list[str], foreign_flags: bool = False) -> int:
    if "--help-beam" in flags:
        _beam_parser().print_help()
        return 0
    if "-h" in flags or "--help" in flags:
        parser = argparse.ArgumentParser(
            prog="storyline run",
            usage=_RUN_USAGE,
            epilog=_BEAM_FLAGS,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        StorylineOptions._add_argparse_args(parser)
        parser.print_help()
        return 0
    logging.getLogger().setLevel(logging.WARNING)
    options = PipelineOptions(flags)
    _check_values(options)
    if not foreign_flags:
        _check_known(flags)
    with _beam_log_level(options.view_as(StorylineOptions).verbose):
        return _run(options, flags)


def _check_known(flags: list[str]) -> None:
    """A flag neither storyline nor Beam declares (`--dedup-treshold`) is a usage error; Beam
    alone would drop it with a warning and run with the default."""
    parser = _beam_parser()
    StorylineOptions._add_argparse_args(parser)
    unknown = [flag for flag in parser.parse_known_args(flags)[1] if flag.startswith("-")]
    if unknown:
        raise UsageError(f"unknown flag {unknown[0]} (see storyline run --help, --help-beam)")


def _check_values(options: PipelineOptions) -> None:
    """A flag's value that does not parse (`--num-perm abc`, ours or Beam's) or that no run
    can use (`--dedup-threshold 7`) is a usage error, before anything runs."""

    def one_line_errors(parser: argparse.ArgumentParser) -> None:
        parser.error = OneLineParser.error.__get__(parser)

    options.get_all_options(add_extra_args_fn=one_line_errors)
    problem = options.view_as(StorylineOptions).value_problem()
    if problem:
        raise UsageError(problem)


def _beam_parser() -> argparse.ArgumentParser:
    """Beam's own flags, for `storyline run --help-beam`: every options class loaded but ours."""
    parser = _BeamArgumentParser(
        prog="storyline run", usage=_RUN_USAGE, add_help=False, allow_abbrev=False
    )
    for options_class in dict.fromkeys(PipelineOptions.__subclasses__()):
        if options_class is not StorylineOptions:
            options_class._add_argparse_args(parser)
    return parser


@contextlib.contextmanager
def _beam_log_level(verbose: bool) -> Iterator[None]:
    """Beam's loggers at WARNING with --verbose, else at ERROR (its warnings and its workers'
    relayed WARN lines are noise before the summary), but for its options' warnings (an
    unparseable flag is the user's typo); their own levels back afterwards."""
    levels = {"apache_beam": logging.WARNING if verbose else logging.ERROR}
    levels["apache_beam.options"] = logging.WARNING
    loggers = {logging.getLogger(name): level for name, level in levels.items()}
    before = {logger: logger.level for logger in loggers}
    for logger, level in loggers.items():
        logger.setLevel(level)
    try:
        yield
    finally:
        for logger, level in before.items():
            logger.setLevel(level)


def _run(options: PipelineOptions, flags: list[str]) -> int:
    started = time.monotonic()
    ours = options.view_as(StorylineOptions)
    streaming = options.view_as(StandardOptions).streaming
    if not ours.inputs and not (streaming and ours.input_subscription) or not ours.output:
        raise UsageError("--input and --output are required (see --help)")
    inputs = [expand_pattern(pattern) for pattern in ours.inputs or []]
    total_files = None
    if not streaming:  # a stream may start on an empty inbox
        inputs, total_files = _matching(inputs, ours.append)
        if not inputs:
            print(f"nothing to append: no input matches; {ours.output} is unchanged")
            return 0
    if options.view_as(GoogleCloudOptions).template_location:
        raise UsageError(
            "classic templates freeze the store's snapshot into the job; "
            "launch the Flex Template instead (docs/dataflow.md)"
        )
    _prepare_output(ours.output, ours.overwrite, ours.append or streaming)
    config = ours.to_config()
    if streaming:
        return run_stream(options, ours, inputs, config)
    plan = plan_run(ours.output, {"inputs": inputs, "config": repr(config)})
    roll_back(ours.output, plan.base)
    submit_only = _submit_only(options)
    show = not (ours.quiet or submit_only)
    runner = _default_runner(options, flags, show)
    pipeline = beam.Pipeline(runner=runner, options=options)
    build_pipeline(pipeline, inputs, plan, config)
    # What exists now (modules, the pipeline graph) lives as long as the run: frozen, the
    # collector's full passes stop walking it (0.86 -> 0.54 s of GC at 10,000 real pages).
    # A process that froze objects itself is left as it is.
    freeze = gc.get_freeze_count() == 0
    if freeze:
        gc.freeze()
    try:
        with _progress(show and runner is not None, total_files):
            result = pipeline.run()
            if not submit_only:
                result.wait_until_finish()
    finally:
        if freeze:
            gc.unfreeze()  # a caller's own process (tests, a notebook) gets all of it back
    if submit_only:
        print(f"submitted, not waiting: the job commits to {ours.output} in its last step")
        return 0
    summary = collect_summary(result)
    summary.update(files_summary(ours.output, summary, plan.attempt))
    seconds = round(time.monotonic() - started, 1)
    summary.update(store=ours.output, run=plan.run, attempt=plan.attempt, seconds=seconds)
    path = write_summary(ours.output, summary)
    print(format_summary(summary))
    print(f"summary written to {path}")
    return 0 if summary["reconciled"] and summary["files_reconciled"] else 1


@contextlib.contextmanager
def _progress(show: bool, total_files: int | None) -> Iterator[None]:
    """The run's progress on stderr while the local runner runs (`pipeline.progress`)."""
    if not show:
        yield
        return
    with progress.counting() as counters, progress.show_progress(counters, total_files, sys.stderr):
        yield


def _submit_only(options: PipelineOptions) -> bool:
    """Beam's --no_wait_until_finish (the Flex Template entry sets it: a launcher must exit
    after `run`): the job runs after this process ends, so there is nothing to wait for or
    summarize here; its last step still commits."""
    return bool(options.view_as(StandardOptions).no_wait_until_finish)


def _default_runner(options: PipelineOptions, flags: list[str], show: bool = False):
    """DirectRunner means Beam's FnApiRunner here, with one worker process per core by default.

    Beam's DirectRunner first tries Prism, which downloads a binary (impossible offline) before
    falling back to this same FnApiRunner; going straight to it is deterministic. Its
    multi-processing mode silently lost elements on large runs until `data_plane_fix` closed the
    race behind it, so multi-processing runs get the fix, and `bundle_sizing` (bundles of ~2 MB
    instead of one per worker and stage, so memory does not grow with the corpus); every local
    run gets `malloc_tuning` (two malloc arenas per process). `--direct_num_workers=1` (or
    `--direct_running_mode=in_memory`) runs in one process; explicit flags always win. With
    `show`, the runner asks running bundles for their counters (`pipeline.progress`).
    """
    runner = options.view_as(StandardOptions).runner
    if runner not in (None, "DirectRunner", "direct"):
        return None  # Beam resolves --runner itself
    malloc_tuning.tune_malloc()
    direct = options.view_as(DirectOptions)
    mode_given = any(flag.startswith("--direct_running_mode") for flag in flags)
    if not any(flag.startswith("--direct_num_workers") for flag in flags):
        in_memory = mode_given and direct.direct_running_mode == "in_memory"
        direct.direct_num_workers = 1 if in_memory else (os.cpu_count() or 1)
    if not mode_given:
        several = direct.direct_num_workers > 1
        direct.direct_running_mode = "multi_processing" if several else "in_memory"
    if direct.direct_running_mode == "multi_processing":
        data_plane_fix.install()
        bundle_sizing.install()
    from apache_beam.runners.portability.fn_api_runner import FnApiRunner

    return FnApiRunner(progress_request_frequency=progress.POLL_SECONDS if show else None)


def _matching(patterns: list[str], append: bool) -> tuple[list[str], int]:
    """The patterns that match files, and how many files they match. A plain run needs every
    one to match; a scheduled `--append` run skips a folder that is not there yet (today's,
    just after midnight)."""
    found = []
    files = 0
    for pattern in patterns:
        matched = FileSystems.match([pattern])[0].metadata_list
        files += len(matched)
        if matched:
            found.append(pattern)
        elif append:
            print(f"storyline run: no input matches {pattern!r}; skipped", file=sys.stderr)
        else:
            raise UsageError(f"no input matches {pattern!r}")
    return found, files


def _check_format(store: str) -> None:
    """A store whose state means something else (an older storyline's) cannot be appended to:
    its term vectors and columns would be compared with ours as if they were alike."""
    found = open_snapshot(store).format
    if found != STORE_FORMAT:
        raise UsageError(
            f"{store} holds store format {found}, this storyline writes format {STORE_FORMAT}; "
            "append to a new store, or rebuild this one from its inputs with --overwrite"
        )


def _prepare_output(output: str, overwrite: bool, append: bool) -> None:
    """A store with commits takes --append (or --overwrite: its tables are removed); other
    non-empty outputs are refused unless --overwrite. An output holding only storyline's
    tables without a commit is a first run that was killed: the run goes on into it."""
    if not FileSystems.exists(output):
        return
    existing = FileSystems.match([posixpath.join(output, "*")])[0].metadata_list
    names = {posixpath.basename(m.path.rstrip("/")) for m in existing}
    if is_store(output):
        if append and not overwrite:
            _check_format(output)
            return
    elif not names or names <= set(OUTPUT_TABLES) - {"run_summary.json"}:
        return
    if not overwrite:
        what = (
            "a storyline store; pass --append to add to it"
            if is_store(output)
            else ("not empty and not a storyline store")
        )
        raise UsageError(f"{output} is {what}, or --overwrite to replace its tables")
    ours = [posixpath.join(output, name) for name in OUTPUT_TABLES]
    FileSystems.delete([path for path in ours if FileSystems.exists(path)])
