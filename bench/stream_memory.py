"""What a streaming job's dedup memory (Beam state, `transforms/band_memory.py`) costs.

`python bench/stream_memory.py --corpus DIR [--windows 6] [--repeat 2]` runs the graph of one
streaming job (fixed windows of a minute, `OnTimeWindows`, `build_pipeline`) on the corpus's
files, timestamped over `--windows` windows, with and without `job_memory`, on Beam's local
runner with one worker, alternating the two; prints each run's wall time. The runner runs the
windows stage after stage (a bounded job), so the memory's lookups find nothing committed and
its commit wait is 0: this measures the memory's state traffic, not what it finds.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import apache_beam as beam  # noqa: E402
from apache_beam.options.pipeline_options import PipelineOptions  # noqa: E402
from apache_beam.transforms import window  # noqa: E402

from pipeline.run import build_pipeline  # noqa: E402
from schemas.records import InputFile  # noqa: E402
from transforms.config import StorylineConfig  # noqa: E402
from transforms.store import plan_run  # noqa: E402
from transforms.watch import OnTimeWindows  # noqa: E402

WINDOW = 60


def run_once(items: list[InputFile], windows: int, memory: bool) -> float:
    store = Path(tempfile.mkdtemp(prefix="stream-memory-"))
    started = time.monotonic()
    try:
        with beam.Pipeline(options=PipelineOptions(["--direct_num_workers=1"])) as pipeline:
            stamped = [
                window.TimestampedValue(item, windows * index // len(items) * WINDOW + 1)
                for index, item in enumerate(items)
            ]
            files = pipeline | beam.Create(stamped) | OnTimeWindows(window_seconds=WINDOW)
            plan = plan_run(str(store), "bench", streaming=True)
            config = StorylineConfig(dedup_horizon=3 * 24 * 3600)
            build_pipeline(pipeline, [], plan, config, files, job_memory=memory, commit_wait=0)
        return time.monotonic() - started
    finally:
        shutil.rmtree(store, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="a bench/make_corpus.py dir")
    parser.add_argument("--windows", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    docs = args.corpus / "docs"
    paths = sorted(path for path in docs.rglob("*") if path.is_file())
    items = [InputFile(str(p), p.relative_to(docs).as_posix(), p.stat().st_size) for p in paths]
    for repetition in range(args.repeat):
        order = (False, True) if repetition % 2 == 0 else (True, False)
        for memory in order:
            seconds = run_once(items, args.windows, memory)
            label = "with memory" if memory else "without"
            print(f"{len(items)} files, {args.windows} windows, {label}: {seconds:.1f} s")


if __name__ == "__main__":
    main()
