"""Live progress of a local run, from the counters Beam's runner collects while the run goes on.

The local FnApiRunner runs the whole pipeline inside `pipeline.run()`: its result, and so
`result.metrics()`, exists only once the run is over. What does move during the run is the
runner's own bookkeeping: while a bundle runs, its `ProgressRequester` asks the worker for the
bundle's counters so far every `POLL_SECONDS` (Beam's `progress_request_frequency`; an
in-process worker is read directly), and when the bundle ends its response carries the
final ones. `install()` swaps in a requester and a
bundle manager that hand both to the `RunCounters` of the run (`counting`), and `show_progress`
draws them from its own thread: a rich progress bar on a terminal, a plain line every
`LINE_SECONDS` elsewhere.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TextIO

from apache_beam.metrics import monitoring_infos
from apache_beam.runners.portability.fn_api_runner import fn_runner, worker_handlers
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
)

POLL_SECONDS = 1.0  # a running bundle's counters are asked for this often (one small request)
REDRAW_SECONDS = 0.5  # the terminal display reads the counters this often
LINE_SECONDS = 10.0  # a plain progress line this often when stderr is not a terminal

# the pipeline's top-level steps (`pipeline.run.build_pipeline`) a stage is named after, in
# the design card's order
_STEPS = {
    "Match": "read",
    "Read": "read",
    "SkipIngested": "read",
    "Clean": "clean",
    "Normalize": "normalize",
    "Sign": "sign",
    "Dedupe": "dedupe",
    "Candidates": "candidates",
    "EarlierTexts": "rewrites",
    "FindRewrites": "rewrites",
    "GroupStories": "stories",
    "Assemble": "assemble",
    "Write": "write",
    "Files": "write",
    "WriteMerges": "write",
    "State": "write",
    "Commit": "commit",
}
_ORDER = list(dict.fromkeys(_STEPS.values()))

FILES = ("read", "files")
UNITS = ("read", "units")
ARTICLES = ("write", "article_rows")


@dataclass(frozen=True)
class Snapshot:
    """What the run has done so far: the stage running now and the counters' sums."""

    stage: str
    counts: dict[tuple[str, str], int]
    seconds: float

    def count(self, key: tuple[str, str]) -> int:
        return self.counts.get(key, 0)

    @property
    def docs_per_second(self) -> float:
        return self.count(UNITS) / self.seconds if self.seconds > 0 else 0.0


class RunCounters:
    """User counters of one run: finished bundles' final values plus running bundles' latest."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._finished: Counter[tuple[str, str]] = Counter()
        self._running: dict[str, dict[tuple[str, str], int]] = {}
        self._done: set[str] = set()
        self._stage = "start"
        self._started = time.monotonic()

    def stage_started(self, stage: str) -> None:
        with self._lock:
            self._stage = stage

    def bundle_progress(self, bundle: str, infos: Iterable) -> None:
        counts = user_counters(infos)
        if not counts:  # a bundle not started yet, or already done: nothing to add
            return
        with self._lock:
            if bundle not in self._done:  # a late answer for a bundle already counted
                self._running[bundle] = counts

    def bundle_finished(self, bundle: str, infos: Iterable) -> None:
        counts = user_counters(infos)
        with self._lock:
            self._running.pop(bundle, None)
            self._done.add(bundle)
            self._finished.update(counts)

    def snapshot(self) -> Snapshot:
        with self._lock:
            counts = Counter(self._finished)
            for running in self._running.values():
                counts.update(running)
            return Snapshot(self._stage, dict(counts), time.monotonic() - self._started)


def user_counters(infos: Iterable) -> dict[tuple[str, str], int]:
    """Sums of the user counters (`Metrics.counter`) in monitoring infos, by (namespace, name)."""
    counts: Counter[tuple[str, str]] = Counter()
    for info in infos:
        if info.urn == monitoring_infos.USER_COUNTER_URN:
            key = (
                info.labels[monitoring_infos.NAMESPACE_LABEL],
                info.labels[monitoring_infos.NAME_LABEL],
            )
            counts[key] += monitoring_infos.extract_counter_value(info)
    return dict(counts)


def stage_name(transform_names: Iterable[str]) -> str:
    """A fused stage by the first pipeline step it runs (`read`, `clean`, `dedupe`, ...): the
    steps after it in the same stage only consume what it yields. `beam` for a stage of
    Beam's own (an impulse, a flatten of nothing of ours)."""
    steps = {_STEPS.get(name.split("/")[0]) for name in transform_names}
    return next((step for step in _ORDER if step in steps), "beam")


_sink: RunCounters | None = None
_local = threading.local()  # the stage and bundle id of the bundle this thread runs


class _ReportingRequester(fn_runner.ProgressRequester):
    """Beam's progress requester, whose answers (a running bundle's counters so far) go to the
    run's `RunCounters`; it tells the manager below the bundle's id."""

    def __init__(self, worker_handler, instruction_id, frequency, callback=None):
        sink = _sink
        if sink is not None:
            _local.bundle = instruction_id

            def callback(progress, sink=sink):
                sink.bundle_progress(instruction_id, progress.monitoring_infos)

        super().__init__(worker_handler, instruction_id, frequency, callback)


class _ReportingBundleManager(fn_runner.BundleManager):
    """Beam's bundle manager, which also names the stage and hands a finished bundle's
    counters to `RunCounters`. A worker in this process (one in-memory worker) runs the
    bundle inside the request that starts it, before Beam's requester starts: its running
    bundles are read directly (`_InProcessPoller`)."""

    def process_bundle(self, *args, **kwargs):
        sink = _sink
        if sink is None:
            return super().process_bundle(*args, **kwargs)
        transforms = self.bundle_context_manager.stage.transforms
        sink.stage_started(stage_name(transform.unique_name for transform in transforms))
        _local.bundle = None
        in_process = [
            handler
            for handler in self.bundle_context_manager.worker_handlers
            if isinstance(handler, worker_handlers.EmbeddedWorkerHandler)
        ]
        with _InProcessPoller(sink, in_process, self._progress_frequency):
            result = super().process_bundle(*args, **kwargs)
        if _local.bundle is not None:
            sink.bundle_finished(_local.bundle, result[0].process_bundle.monitoring_infos)
        return result


class _InProcessPoller:
    """Reads the counters of the bundles that in-process workers are running, as often as the
    runner asks other workers (none if it does not), as a worker's own progress handler does
    on its thread."""

    def __init__(self, sink: RunCounters, handlers: list, seconds: float | None) -> None:
        self._sink = sink
        self._handlers = handlers if seconds else []
        self._seconds = seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, name="storyline-poll", daemon=True)

    def __enter__(self) -> None:
        if self._handlers:
            self._thread.start()

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        if self._handlers:
            self._thread.join()

    def _poll(self) -> None:
        while not self._stop.wait(self._seconds):
            for handler in self._handlers:
                active = handler.bundle_processor_cache.active_bundle_processors
                for bundle, (_descriptor, processor) in list(active.items()):
                    self._sink.bundle_progress(bundle, processor.monitoring_infos())


def install() -> None:
    """Report bundles' counters while a run goes on (process-wide, as the runner has no
    per-pipeline hook; without `counting` the classes behave as Beam's). Idempotent."""
    fn_runner.ProgressRequester = _ReportingRequester
    fn_runner.BundleManager = _ReportingBundleManager


def installed() -> bool:
    return fn_runner.BundleManager is _ReportingBundleManager


@contextlib.contextmanager
def counting() -> Iterator[RunCounters]:
    """The counters of the run started inside the block."""
    global _sink
    install()
    _sink = RunCounters()
    try:
        yield _sink
    finally:
        _sink = None


def progress_line(snapshot: Snapshot, total_files: int | None) -> str:
    """One plain progress line, as printed when stderr is not a terminal."""
    files = snapshot.count(FILES)
    of = f"/{total_files}" if total_files else ""
    return (
        f"progress: stage {snapshot.stage} · {files}{of} files · {snapshot.count(UNITS)} units · "
        f"{snapshot.count(ARTICLES)} articles written · {snapshot.docs_per_second:.1f} docs/s · "
        f"{snapshot.seconds:.0f} s"
    )


@contextlib.contextmanager
def show_progress(
    counters: RunCounters,
    total_files: int | None,
    stream: TextIO,
    line_seconds: float = LINE_SECONDS,
) -> Iterator[None]:
    """Draw the run's progress while the block runs: a live bar on a terminal, otherwise a
    plain line every `line_seconds`."""
    console = Console(file=stream)
    stop = threading.Event()
    if console.is_terminal:
        draw, every = _live(console, counters, total_files), REDRAW_SECONDS
    else:
        draw, every = _lines(stream, counters, total_files), line_seconds

    def loop() -> None:
        while not stop.wait(every):
            next(draw)

    next(draw)  # set up
    thread = threading.Thread(target=loop, name="storyline-progress", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        draw.close()


def _live(console: Console, counters: RunCounters, total_files: int | None) -> Iterator[None]:
    """A rich progress bar over the files read, with the stage, units, docs/s and time."""
    bar = Progress(
        TextColumn("[bold]{task.description:<15}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files · {task.fields[units]} units · {task.fields[articles]} written"),
        TextColumn("· {task.fields[rate]:.1f} docs/s · {task.fields[elapsed]}"),
        console=console,
        redirect_stdout=False,
        redirect_stderr=False,
    )
    task = bar.add_task(
        "start", total=total_files or None, units=0, articles=0, rate=0.0, elapsed="0:00"
    )
    with bar:
        try:
            while True:
                snapshot = counters.snapshot()
                bar.update(
                    task,
                    description=snapshot.stage,
                    completed=snapshot.count(FILES),
                    units=snapshot.count(UNITS),
                    articles=snapshot.count(ARTICLES),
                    rate=snapshot.docs_per_second,
                    elapsed=_clock(snapshot.seconds),
                )
                yield
        except GeneratorExit:
            snapshot = counters.snapshot()
            bar.update(task, description="done", elapsed=_clock(snapshot.seconds))


def _clock(seconds: float) -> str:
    """Elapsed time as the display shows it: `m:ss`, `h:mm:ss` past an hour (the bar's own
    elapsed column stops when the files are all read, long before the run ends)."""
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _lines(stream: TextIO, counters: RunCounters, total_files: int | None) -> Iterator[None]:
    yield  # nothing at the start: the first line after `every` seconds
    while True:
        print(progress_line(counters.snapshot(), total_files), file=stream, flush=True)
        yield
