"""Streaming benchmark: how long a dropped file takes to be queryable in the store.

`python bench/stream_latency.py [--docs 1000] [--files 120] [--rate 2] [--window-seconds 10]
[--work DIR] [--json FILE]` starts `storyline run --streaming` on an empty inbox, then copies
`--files` files of a generated corpus (`bench/make_corpus.py`, made once and reused) into the
inbox at `--rate` files per second, and polls the store (`storyline query`'s reader, committed
rows only) every half second. A file's latency is from its copy to the first poll that sees its
`files` row; the table prints the median, 95th percentile and maximum, the files committed,
and the windows. Issue #21's target: each new article deduplicated, tagged and grouped within
a minute. There is no bare-loop or datatrove row: neither has a streaming form.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import REPO_ROOT  # noqa: E402
from bench.throughput import ensure_corpus  # noqa: E402
from pipeline.query import open_output  # noqa: E402

DEFAULT_WORK = Path(os.environ.get("TMPDIR", "/tmp")) / "storyline-bench" / "stream"


def committed_paths(store: Path) -> set[str]:
    if not (store / "articles" / "_delta_log").is_dir():
        return set()
    with open_output(str(store)) as con:
        return {row[0] for row in con.execute("SELECT path FROM files").fetchall()}


def measure(files: list[Path], work: Path, rate: float, window: int) -> dict:
    inbox, store = work / "inbox", work / "store"
    shutil.rmtree(work, ignore_errors=True)
    inbox.mkdir(parents=True)
    stop_after = len(files) / rate + 4 * window + 30
    command = [sys.executable, "-m", "pipeline", "run", "--streaming", "--quiet",
               "--input", f"{inbox}/*", "--output", str(store),
               "--window-seconds", str(window), "--stop-after", str(int(stop_after))]  # fmt: skip
    process = subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True)
    dropped: dict[str, float] = {}
    seen: dict[str, float] = {}
    started = time.monotonic()
    next_poll = started
    for index, source in enumerate(files):
        due = started + index / rate
        while time.monotonic() < due:
            if time.monotonic() >= next_poll:
                now = time.monotonic()
                for path in committed_paths(store) - seen.keys():
                    seen[path] = now
                next_poll = now + 0.5
            time.sleep(0.05)
        name = f"{index:05d}-{source.name}"
        shutil.copy(source, inbox / name)
        dropped[name] = time.monotonic()
    while len(seen) < len(dropped) and process.poll() is None:
        now = time.monotonic()
        for path in committed_paths(store) - seen.keys():
            seen[path] = now
        time.sleep(0.5)
    out, _ = process.communicate()
    latencies = sorted(seen[name] - dropped[name] for name in dropped if name in seen)
    return {
        "files": len(files),
        "committed": len(latencies),
        "rate_per_s": rate,
        "window_seconds": window,
        "median_s": round(statistics.median(latencies), 1) if latencies else None,
        "p95_s": round(latencies[int(0.95 * (len(latencies) - 1))], 1) if latencies else None,
        "max_s": round(latencies[-1], 1) if latencies else None,
        "summary": out.strip().splitlines()[:1],
        "returncode": process.returncode,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000, help="corpus size to draw files from")
    parser.add_argument("--files", type=int, default=120)
    parser.add_argument("--rate", type=float, default=2.0, help="files dropped per second")
    parser.add_argument("--window-seconds", type=int, default=10)
    parser.add_argument("--corpus", type=Path, help="corpus dir (default: WORK/corpus-N-s1-real)")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    corpus = (args.corpus or args.work / f"corpus-{args.docs}-s1-real").resolve()
    ensure_corpus(corpus, args.docs, 1, "real")
    files = sorted(path for path in (corpus / "docs").rglob("*") if path.is_file())
    result = measure(files[: args.files], args.work / "run", args.rate, args.window_seconds)
    print(f"{'files':>6} {'committed':>9} {'rate/s':>6} {'window':>6} "
          f"{'median s':>8} {'p95 s':>6} {'max s':>6}")  # fmt: skip
    print(f"{result['files']:>6} {result['committed']:>9} {result['rate_per_s']:>6} "
          f"{result['window_seconds']:>6} {result['median_s']:>8} {result['p95_s']:>6} "
          f"{result['max_s']:>6}")  # fmt: skip
    print(*result["summary"])
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
