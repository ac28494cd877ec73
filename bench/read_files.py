"""Benchmark storyline's file reading against a plain `open().read()` loop over the same files.

Why: every input file is read through Beam's FileSystems, gzip sniffing and the --max-bytes
guards. This says what those layers cost per file next to the bare read, in the same run.

Run from the repo root:
`.venv/bin/python bench/read_files.py --corpus DIR [--limit N] [--repeat R]`
(DIR is a `bench/make_corpus.py` output; its `docs/` are read). The best of R passes is
printed: the first pass warms the page cache.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from transforms.config import StorylineConfig  # noqa: E402
from transforms.read import units_from_file  # noqa: E402


def _best_seconds(read_all: Callable[[], int], repeat: int) -> tuple[float, int]:
    best, count = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        count = read_all()
        best = min(best, time.perf_counter() - start)
    return best, count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=5000, help="files to read (sorted order)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    files = sorted(p for p in (args.corpus / "docs").rglob("*") if p.is_file())[: args.limit]
    sizes = {str(p): p.stat().st_size for p in files}
    max_bytes = StorylineConfig().max_bytes

    def bare() -> int:
        for path in sizes:
            with open(path, "rb") as handle:
                handle.read()
        return len(sizes)

    def storyline() -> int:
        return sum(
            1 for path, size in sizes.items() for _unit in units_from_file(path, size, max_bytes)
        )

    runs = {"bare open().read()": bare, "storyline: units": storyline}
    megabytes = sum(sizes.values()) / 1e6
    print(f"{len(files)} files, {megabytes:.1f} MB, best of {args.repeat}")
    print(f"{'read':38} {'us/file':>8} {'MB/s':>8} {'units':>7}")
    for name, read_all in runs.items():
        seconds, count = _best_seconds(read_all, args.repeat)
        per_file = seconds / len(files) * 1e6
        print(f"{name:38} {per_file:8.0f} {megabytes / seconds:8.0f} {count:7d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
