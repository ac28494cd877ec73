"""`storyline run --streaming`: the pipeline on an unbounded input, committing as it goes.

The graph is the batch one (`pipeline.run.build_pipeline`) fed by `transforms.watch.WatchFiles`;
every stage works per window, reads the store as earlier windows left it and commits its
window. On Dataflow that is one job: windows of --window-seconds fire as the watermark passes
them. Locally Beam's DirectRunner runs this graph on its FnApiRunner, which executes it stage
after stage, so no window would close before the watch ends (its streaming executor, which
TestStream tests use, cannot run `fileio.MatchContinuously`'s splittable DoFn); the stream
therefore runs as consecutive watches of --window-seconds, each a run that ends, commits and
hands over to the next. Files the store's `files`
table already holds (same path, same size) are not read again.
"""

from __future__ import annotations

import dataclasses
import sys
import time

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions

from pipeline.run import build_pipeline
from pipeline.summary import committed_summary, files_summary, format_summary, write_summary
from transforms.config import DEFAULT_HORIZON, StorylineConfig
from transforms.history import read_state_file
from transforms.store import open_snapshot, plan_run, roll_back
from transforms.watch import WatchFiles

SUMMED = (
    "files_read",
    "units_read",
    "articles",
    "duplicates_collapsed",
    "rewrites",
    "stories",
    "rejects",
    "already_ingested",
    "errors",
    "warc_records_skipped",
    "files",
    "files_unreconciled",
)


def run_stream(options: PipelineOptions, ours, inputs: list[str], config: StorylineConfig) -> int:
    if config.dedup_horizon is None:
        config = dataclasses.replace(config, dedup_horizon=DEFAULT_HORIZON)
    runner = options.view_as(StandardOptions).runner
    if runner not in (None, "DirectRunner", "direct"):
        return _one_job(options, ours, inputs, config)
    started = time.monotonic()
    deadline = None if ours.stop_after is None else started + ours.stop_after
    totals: dict = {}
    windows = 0
    try:
        while deadline is None or time.monotonic() < deadline:
            left = ours.window_seconds if deadline is None else deadline - time.monotonic()
            summary = _watch_once(options, ours, inputs, config, min(ours.window_seconds, left))
            windows += 1
            totals = _add(totals, summary)
            if not ours.quiet:  # the stream's progress, on stderr as a batch run's
                print(window_line(windows, summary, time.monotonic() - started), file=sys.stderr)
    except KeyboardInterrupt:
        print(f"stopped; {ours.output} holds every window committed before", file=sys.stderr)
        return 130
    totals["reconciled"] = totals.get("units_read", 0) == sum(
        totals.get(name, 0) for name in ("articles", "rejects", "already_ingested")
    )
    totals["files_reconciled"] = totals.get("files_unreconciled", 0) == 0
    totals.update(windows=windows, store=ours.output, seconds=round(time.monotonic() - started, 1))
    path = write_summary(ours.output, totals)
    print(format_summary(totals))
    print(f"summary written to {path}")
    return 0 if totals["reconciled"] and totals["files_reconciled"] else 1


def window_line(window: int, summary: dict, seconds: float) -> str:
    """A committed window, as a batch run's progress lines read."""
    return (
        f"progress: window {window} committed · {summary['units_read']} new units · "
        f"{summary['articles']} articles · {summary['rejects']} rejects · {seconds:.0f} s"
    )


def _add(totals: dict, summary: dict) -> dict:
    return {name: totals.get(name, 0) + summary.get(name, 0) for name in SUMMED}


def _watch_once(options, ours, inputs, config, seconds: float) -> dict:
    """One local watch of `seconds`: new files are read, processed and committed."""
    watch = WatchFiles(
        inputs,
        ours.window_seconds,
        stop_after=seconds,
        seen=_files_seen(ours.output),
        windowed=False,
    )
    pipeline, plan = _stream_pipeline(options, ours, inputs, config, watch)
    pipeline.run().wait_until_finish()
    summary = committed_summary(ours.output, plan.attempt)
    summary.update(files_summary(ours.output, summary, plan.attempt))
    return summary


def _stream_pipeline(options, ours, inputs, config, watch: WatchFiles, job_memory: bool = False):
    """(pipeline, plan): the run graph fed by `watch`, planned on the store as it is now."""
    plan = plan_run(ours.output, {"inputs": inputs, "config": repr(config)}, streaming=True)
    roll_back(ours.output, plan.base)
    pipeline = beam.Pipeline(options=options)
    files = pipeline | "Watch" >> watch
    build_pipeline(pipeline, inputs, plan, config, files, job_memory)
    return pipeline, plan


def _files_seen(store: str) -> frozenset[tuple[str, int]]:
    """(path, bytes) of every file the store's files table has a row for."""
    seen = set()
    for uri in open_snapshot(store).files("files"):
        table = read_state_file(uri, ["path", "bytes"])
        seen.update(zip(table.column(0).to_pylist(), table.column(1).to_pylist(), strict=True))
    return frozenset(seen)


def _one_job(options, ours, inputs, config) -> int:
    """A runner with real streaming (Dataflow): one job, windows fire as the watermark
    passes them, until the job is drained or cancelled."""
    watch = WatchFiles(
        inputs,
        ours.window_seconds,
        ours.allowed_lateness,
        ours.stop_after,
        ours.input_subscription,
    )
    pipeline, _plan = _stream_pipeline(options, ours, inputs, config, watch, job_memory=True)
    result = pipeline.run()
    print(f"streaming job started: {getattr(result, 'job_id', lambda: '?')()}")
    return 0
