"""Append benchmark: what `storyline run --append` costs as the store it appends to grows.

`python bench/append.py [--history 10000,100000] [--new 10000] [--pages light|real]
[--runs-per-size K] [--work DIR] [--json FILE] [--stages]` makes (or reuses) one history
corpus per size H and one corpus of N new documents with another seed (other stories: no new
document is a copy of a history document), builds one store per H with a plain `storyline run`
(kept in WORK and reused), then appends the new corpus K times per H, each time into a fresh
copy of that store, so every repetition appends to the same H documents. Each append is a
child process measured for wall time, CPU time and the peak RSS of its process tree
(`_common.run_measured`); the copying is not timed. Repetitions alternate the order of the
sizes, so a drift in the machine's speed favours none.

Issue #20's target: appending 10,000 documents to a store of 100,000 takes at most 1.5x the
time of appending them to a store of 10,000. Light pages by default: extraction is then cheap,
so the history's share of an append's cost is as large as it gets (the stricter test).
A store given as H/R (`--history 10000,10000/20`) is written by R runs (a plain run, then
appends) of corpora with seeds of their own, as frequent appends leave a store: R times the
files. `--stages` adds one more append per store under `stage_memory.py` and lists the stages
whose time grows most.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import REPO_ROOT, Measured, run_measured, spread  # noqa: E402
from bench.throughput import ensure_corpus  # noqa: E402

PYTHON = sys.executable
DEFAULT_WORK = Path(os.environ.get("TMPDIR", "/tmp")) / "storyline-bench" / "append"
TARGET_RATIO = 1.5  # issue #20: largest history against the smallest
SUMMARY_FIELDS = {  # run_summary.json field -> label of the summary line
    "articles": "articles",
    "duplicates_collapsed": "duplicates",
    "rewrites": "rewrites",
    "stories": "stories",
    "already_ingested": "already ingested",
    "reconciled": "reconciled",
}


@dataclass(frozen=True, order=True)
class History:
    """A store to append to: `docs` documents written by `runs` runs (`--history 10000/20`)."""

    docs: int
    runs: int = 1

    @classmethod
    def parse(cls, text: str) -> History:
        docs, _, runs = text.partition("/")
        return cls(int(docs), int(runs or 1))

    def __str__(self) -> str:
        return f"{self.docs}" + (f"/{self.runs}" if self.runs > 1 else "")

    def seeds(self, seed: int) -> list[int]:
        """One corpus seed per run: `seed`, or seed * 1000 + part when it takes several."""
        return [seed] if self.runs == 1 else [seed * 1000 + part for part in range(self.runs)]


@dataclass(frozen=True)
class StoreStats:
    """A store on disk: every file counted, data files per table."""

    mb: float
    files: int
    parquet_by_table: dict[str, int]

    @property
    def state_files(self) -> int:
        """Parquet files of the state tables: what an append scans."""
        return sum(n for table, n in self.parquet_by_table.items() if table.startswith("state/"))


@dataclass(frozen=True)
class Append:
    measured: Measured
    summary: dict  # the append's run_summary.json; empty when it wrote none
    log: Path

    @property
    def ok(self) -> bool:
        """It ran to its summary. A non-zero exit after that (an unreconciled summary, a crash
        at interpreter exit) is shown next to its summary line, and fails the benchmark."""
        return bool(self.summary)


@dataclass
class SizeResult:
    history: History
    path: Path  # the store built from the history corpus; appends go into copies of it
    store: StoreStats
    build: Measured
    appends: list[Append] = field(default_factory=list)
    stage_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def walls(self) -> list[float]:
        return [a.measured.wall_s for a in self.appends if a.ok]

    @property
    def median_wall(self) -> float | None:
        return statistics.median(self.walls) if self.walls else None

    @property
    def cpus(self) -> list[float]:
        return [a.measured.cpu_s for a in self.appends if a.ok]


# --- stores and appends -------------------------------------------------------------------------
def storyline_run(corpus: Path, store: Path, log: Path, *flags: str) -> Measured:
    # a glob, not the directory: see throughput.run_storyline
    command = [PYTHON, "-m", "pipeline", "run", "--input", str(corpus / "docs" / "**")]
    return run_measured([*command, "--output", str(store), *flags], log)


def build_store(corpora: list[Path], store: Path) -> Measured:
    """The history corpora into `store`: a plain run of the first, an append of each other one
    (wall and CPU times summed, peaks the largest). A store built before is reused (its build's
    figures are kept next to it)."""
    made = store.with_name(store.name + ".json")
    if made.exists() and store.exists():
        print(f"reusing store {store}", flush=True)
        return Measured(**json.loads(made.read_text(encoding="utf-8")))
    shutil.rmtree(store, ignore_errors=True)
    store.parent.mkdir(parents=True, exist_ok=True)
    print(f"building store {store} ({len(corpora)} run(s)) ...", flush=True)
    runs = []
    for number, corpus in enumerate(corpora, start=1):
        suffix = f"-{number}" if len(corpora) > 1 else ""
        log = store.with_name(f"{store.name}{suffix}.log")
        (store / "run_summary.json").unlink(missing_ok=True)
        runs.append(storyline_run(corpus, store, log, *(["--append"] if number > 1 else [])))
        if not (store / "run_summary.json").exists():
            raise SystemExit(f"building {store} failed (exit {runs[-1].returncode}), see {log}")
        if runs[-1].returncode != 0:
            print(f"  exit {runs[-1].returncode} after its summary, see {log}", flush=True)
    measured = Measured(
        max((m.returncode for m in runs), key=abs),
        sum(m.wall_s for m in runs),
        max(m.peak_tree_rss_mb for m in runs),
        max(m.peak_proc_rss_mb for m in runs),
        sum(m.cpu_s for m in runs),
    )
    made.write_text(json.dumps(asdict(measured)) + "\n", encoding="utf-8")
    return measured


def history_corpora(args: argparse.Namespace, history: History) -> list[Path]:
    """The corpora a store is built from (made if missing): one per run, of docs // runs
    documents each."""
    size = history.docs // history.runs
    corpora = []
    for seed in history.seeds(args.seed):
        corpora.append(corpus_dir(args.work, size, seed, args.pages))
        ensure_corpus(corpora[-1], size, seed, args.pages)
    return corpora


def store_stats(store: Path) -> StoreStats:
    size, files, parquet = 0, 0, Counter()
    for path in store.rglob("*"):
        if not path.is_file():
            continue
        size += path.stat().st_size
        files += 1
        if path.suffix == ".parquet":
            parquet[_table_of(path.relative_to(store))] += 1
    return StoreStats(size / (1024 * 1024), files, dict(sorted(parquet.items())))


def _table_of(relative: Path) -> str:
    parts = relative.parts
    return "/".join(parts[:2]) if parts[0] == "state" else parts[0]


def fresh_copy(base: Path, copy: Path) -> None:
    """`copy` becomes a copy of the store at `base`, without its last summary."""
    shutil.rmtree(copy, ignore_errors=True)
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(base, copy)
    (copy / "run_summary.json").unlink(missing_ok=True)


def append_once(new_corpus: Path, base: Path, copy: Path, log: Path) -> Append:
    fresh_copy(base, copy)
    measured = storyline_run(new_corpus, copy, log, "--append")
    written = copy / "run_summary.json"
    summary = json.loads(written.read_text(encoding="utf-8")) if written.exists() else {}
    return Append(measured, summary, log)


def stage_seconds(new_corpus: Path, base: Path, copy: Path, log: Path) -> dict[str, float]:
    """One more append, under `stage_memory.py`: seconds per fused stage (the names as it
    prints them, cut at 72 characters)."""
    fresh_copy(base, copy)
    command = [PYTHON, str(REPO_ROOT / "bench" / "stage_memory.py")]
    command += ["--input", str(new_corpus / "docs" / "**"), "--output", str(copy), "--append"]
    if run_measured(command, log).returncode != 0:
        print(f"  the stage_memory append failed, see {log}", flush=True)
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("stage ")), len(lines))
    seconds = {}
    for line in lines[start + 1 :]:
        figures = line[72:].split()
        if len(figures) == 4:
            seconds[line[:72].strip()] = float(figures[0])
    return seconds


def measure(args: argparse.Namespace, new_corpus: Path) -> list[SizeResult]:
    """Builds every size's store, then appends K times per size, every other round the sizes
    in reverse order."""
    results = []
    for history in args.history:
        runs = f"-r{history.runs}" if history.runs > 1 else ""
        store = args.work / "stores" / f"history-{history.docs}-s{args.seed}-{args.pages}{runs}"
        build = build_store(history_corpora(args, history), store)
        results.append(SizeResult(history, store, store_stats(store), build))
    for round_ in range(args.runs_per_size):
        for result in results if round_ % 2 == 0 else results[::-1]:
            print(f"appending {args.new} to {result.history} (run {round_ + 1}) ...", flush=True)
            run_dir = args.work / "appends" / result.path.name
            log = run_dir / f"run-{round_ + 1}.log"
            result.appends.append(append_once(new_corpus, result.path, run_dir / "store", log))
            if result.appends[-1].measured.returncode != 0:
                print(f"  exit {result.appends[-1].measured.returncode}, see {log}", flush=True)
    for result in results if args.stages else []:
        print(f"appending {args.new} to {result.history} under stage_memory ...", flush=True)
        run_dir = args.work / "appends" / result.path.name
        copy, log = run_dir / "store", run_dir / "stages.log"
        result.stage_seconds = stage_seconds(new_corpus, result.path, copy, log)
    return results


def corpus_dir(work: Path, docs: int, seed: int, pages: str) -> Path:
    return work / f"corpus-{docs}-s{seed}-{pages}"


# --- report -------------------------------------------------------------------------------------
def format_table(results: list[SizeResult]) -> str:
    smallest = results[0].median_wall
    header = (
        f"{'history/runs':>12s} {'store MB':>9s} {'files':>7s} {'state files':>11s} "
        f"{'build s':>8s} {'append s median (min-max)':>26s} {'cpu s median':>13s} "
        f"{'tree MB':>8s} {'proc MB':>8s} {'x first':>8s}"
    )
    lines = [header, "-" * len(header)]
    for r in results:
        ok = [a.measured for a in r.appends if a.ok]
        tree = f"{max(m.peak_tree_rss_mb for m in ok):8.0f}" if ok else f"{'-':>8s}"
        proc = f"{max(m.peak_proc_rss_mb for m in ok):8.0f}" if ok else f"{'-':>8s}"
        ratio = f"{r.median_wall / smallest:8.2f}" if ok and smallest else f"{'-':>8s}"
        cpu = f"{statistics.median(r.cpus):13.1f}" if ok else f"{'-':>13s}"
        counted = "" if len(ok) == len(r.appends) else f"  ({len(ok)} of {len(r.appends)} ok)"
        lines.append(
            f"{r.history!s:>12s} {r.store.mb:9.1f} {r.store.files:7d} {r.store.state_files:11d} "
            f"{r.build.wall_s:8.1f} {spread(r.walls, '{:.1f}'):>26s} {cpu} {tree} {proc} {ratio}"
            + counted
        )
    return "\n".join(lines)


def format_summaries(results: list[SizeResult]) -> str:
    lines = []
    for r in results:
        for number, append in enumerate(r.appends, start=1):
            counts = ", ".join(
                f"{label} {append.summary.get(name, '?')}" for name, label in SUMMARY_FIELDS.items()
            )
            code = append.measured.returncode
            status = f"  exit {code}, see {append.log}" if code else ""
            lines.append(f"history {r.history!s:>9s} append {number}: {counts}{status}")
    return "\n".join(lines)


def format_verdict(results: list[SizeResult]) -> str:
    """The largest store against the smallest, both written by one run each."""
    single = [r for r in results if r.history.runs == 1 and r.median_wall]
    if len(single) < 2:
        return "issue #20: needs two sizes, each built in one run, with a successful append"
    small, large = single[0], single[-1]
    ratio = large.median_wall / small.median_wall
    cpu = statistics.median(large.cpus) / statistics.median(small.cpus)
    met = "met" if ratio <= TARGET_RATIO else "NOT met"
    return (
        f"issue #20: appending to {large.history.docs} takes {ratio:.2f}x appending to "
        f"{small.history.docs} (median wall time, {cpu:.2f}x in CPU time; target <= "
        f"{TARGET_RATIO}x): {met}"
    )


def format_stage_growth(results: list[SizeResult], top: int = 12) -> str:
    """Seconds per stage of every store, the stages that grow most over the first one's first."""
    tables = [r.stage_seconds for r in results]
    stages = set().union(*tables)

    def growth(stage: str) -> float:
        return max(t.get(stage, 0.0) for t in tables) - tables[0].get(stage, 0.0)

    header = f"{'stage':72s}" + "".join(f" {r.history!s:>9s}" for r in results)
    lines = [f"seconds per stage (stage_memory.py), most growth first\n{header}"]
    for stage in sorted(stages, key=growth, reverse=True)[:top]:
        lines.append(f"{stage:72s}" + "".join(f" {t.get(stage, 0.0):9.1f}" for t in tables))
    lines.append(f"{'(all stages)':72s}" + "".join(f" {sum(t.values()):9.1f}" for t in tables))
    return "\n".join(lines)


def to_json(args: argparse.Namespace, results: list[SizeResult]) -> dict:
    return {
        "new_docs": args.new,
        "new_seed": args.new_seed,
        "history_seed": args.seed,
        "pages": args.pages,
        "sizes": [
            {
                "history": r.history.docs,
                "history_runs": r.history.runs,
                "path": str(r.path),
                "store": {**asdict(r.store), "state_files": r.store.state_files},
                "build": asdict(r.build),
                "appends": [
                    {"measured": asdict(a.measured), "summary": a.summary, "log": str(a.log)}
                    for a in r.appends
                ],
                "median_wall_s": r.median_wall,
                "ratio_to_smallest": (
                    r.median_wall / results[0].median_wall
                    if r.median_wall and results[0].median_wall
                    else None
                ),
                "stage_seconds": r.stage_seconds,
            }
            for r in results
        ],
    }


def format_intro(args: argparse.Namespace) -> str:
    return "\n".join((
        f"appended: {args.new} documents ({args.pages} pages) of seed {args.new_seed}; history "
        f"of seed {args.seed} (seeds {args.seed * 1000}+ for a store written in several runs): "
        "other stories, so no new document is a copy of a history one",
        f"stores, copies and logs in {args.work}",
        "cpu s: user + system of the append's process tree; RSS: /proc sampled every 0.2 s, "
        "tree MB = peak sum over the tree, proc MB = largest process (max over appends)",
        "x first: median wall time against the first store's",
    ))  # fmt: skip


def _histories(text: str) -> list[History]:
    return sorted(History.parse(part) for part in text.split(",") if part.strip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--history",
        type=_histories,
        default=[History(10000), History(100000)],
        help="stores, comma-separated: documents, or documents/runs to write them in that many "
        "runs (a plain run, then appends) of corpora with seeds of their own, as frequent "
        "appends leave a store (e.g. 10000,100000,10000/20)",
    )
    parser.add_argument("--new", type=int, default=10000, help="documents appended")
    parser.add_argument("--pages", choices=("real", "light"), default="light")
    parser.add_argument("--seed", type=int, default=1, help="seed of the history corpora")
    parser.add_argument("--new-seed", type=int, default=2, help="seed of the new corpus")
    parser.add_argument("--runs-per-size", type=int, default=1, help="appends per store size")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="corpora, stores, logs")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--stages", action="store_true", help="one more append per size, seconds per stage"
    )
    args = parser.parse_args(argv)
    if args.runs_per_size < 1 or not args.history or min(h.runs for h in args.history) < 1:
        parser.error("--runs-per-size and runs must be at least 1, --history name a store")
    if any(args.new_seed in h.seeds(args.seed) for h in args.history):
        parser.error("--new-seed must differ from the history's seeds: new documents are new")
    args.work = args.work.resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    new_corpus = corpus_dir(args.work, args.new, args.new_seed, args.pages)
    ensure_corpus(new_corpus, args.new, args.new_seed, args.pages)
    results = measure(args, new_corpus)
    print(f"\n{format_intro(args)}")
    print(format_table(results))
    print(f"\n{format_summaries(results)}\n\n{format_verdict(results)}")
    if args.stages:
        print(f"\n{format_stage_growth(results)}")
    if args.json:
        args.json.write_text(json.dumps(to_json(args, results), indent=2), encoding="utf-8")
    return 0 if all(a.measured.returncode == 0 for r in results for a in r.appends) else 1


if __name__ == "__main__":
    raise SystemExit(main())
