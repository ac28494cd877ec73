"""Where a local run's memory goes: peak RSS of the runner and of its workers, stage by stage.

`python bench/stage_memory.py [storyline run flags]`, e.g.
`python bench/stage_memory.py --input '/tmp/sl10k/docs/**' --output /tmp/out
--direct_num_workers=2 --direct_running_mode=multi_processing`.

Runs `storyline run` in this process (so this process is Beam's FnApiRunner), samples /proc every
0.25 s, and charges each sample to the fused stage the runner is executing. It prints one line per
stage: seconds, peak RSS of the runner process, of its worker processes (all descendants, summed)
and of the whole tree. It is a diagnostic: it wraps `FnApiRunner._execute_bundle` (a private
method, the same in Beam 2.76 and 2.77) to know the current stage.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from apache_beam.runners.portability.fn_api_runner import fn_runner  # noqa: E402

from bench._common import process_rss, tree_rss  # noqa: E402
from pipeline.cli import main as storyline_main  # noqa: E402

MIB = 1024 * 1024


class StageSampler:
    """Peak (runner, workers, tree) RSS in MB and seconds, per stage name, in first-run order."""

    def __init__(self, interval: float = 0.25):
        self.interval = interval
        self.current = "(pipeline construction)"
        self.peaks: dict[str, list[float]] = {}
        self.seconds: dict[str, float] = {}
        self._stop = threading.Event()

    def wrap_runner(self) -> None:
        original = fn_runner.FnApiRunner._execute_bundle
        sampler = self

        def execute_bundle(runner, context, bundle_context_manager, bundle_input):
            sampler.current = bundle_context_manager.stage.name
            started = time.perf_counter()
            try:
                return original(runner, context, bundle_context_manager, bundle_input)
            finally:
                spent = time.perf_counter() - started
                sampler.seconds[sampler.current] = sampler.seconds.get(sampler.current, 0.0) + spent

        fn_runner.FnApiRunner._execute_bundle = execute_bundle

    def start(self) -> None:
        threading.Thread(target=self._sample, daemon=True).start()

    def stop(self) -> None:
        self._stop.set()

    def _sample(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            runner = process_rss(me) / MIB
            workers = tree_rss(me)[0] / MIB - runner
            peak = self.peaks.setdefault(self.current, [0.0, 0.0, 0.0])
            for i, value in enumerate((runner, workers, runner + workers)):
                peak[i] = max(peak[i], value)
            time.sleep(self.interval)

    def report(self) -> str:
        lines = [f"{'stage':72s} {'secs':>6s} {'runner':>7s} {'workers':>7s} {'tree':>7s}"]
        for stage, (runner, workers, tree) in self.peaks.items():
            seconds = self.seconds.get(stage, 0.0)
            figures = f"{seconds:6.1f} {runner:7.0f} {workers:7.0f} {tree:7.0f}"
            lines.append(f"{stage.lstrip('(')[:72]:72s} {figures}")
        return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    sampler = StageSampler()
    sampler.wrap_runner()
    sampler.start()
    try:
        code = storyline_main(["run", *(sys.argv[1:] if argv is None else argv)])
    finally:
        sampler.stop()
    print(sampler.report())
    return code


if __name__ == "__main__":
    raise SystemExit(main())
