"""Throughput and quality benchmark: storyline against the bare library loop and datatrove.

`python bench/throughput.py --docs N [--pages real|light] [--corpus DIR] [--skip-datatrove]`
makes (or reuses) a corpus with ground truth (`make_corpus.py`; real pages' chrome unless
`--pages light`), then runs, each as a child process measured for wall time and the peak RSS of
its whole process tree:

  (a) bare    the bare library loop (`bare_loop.py`): trafilatura / text cleaner + MinHash + LSH
  (b) inmem   storyline run, DirectRunner, --direct_num_workers=1 --direct_running_mode=in_memory
  (c) mp2     storyline run, --direct_num_workers=2 --direct_running_mode=multi_processing
  (d) datatrove  Trafilatura + the 4-stage MinHash dedup, one task, in its own virtualenv
  (e) default storyline run with no runner flags (one worker process per core: (c) on 2 cores)
  (f) datatrove-cores  (d) with tasks = workers = this machine's cores: the same hardware as (e)

and prints docs/s, peak RSS, the ratios to (a) and to datatrove ((f) when it ran, else (d)),
and duplicate-pair, rewrite and story-pair precision/recall against the corpus' truth.jsonl.
bench/README.md and docs/performance.md explain each figure.
`--repeat K` runs the set K times (every other time in reverse order) and adds the median and
range of each run's wall time and x bare ratio: on a shared machine one run is not enough to
tell 0.75x from 0.85x.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import textwrap
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (  # noqa: E402
    REPO_ROOT,
    Measured,
    Predicted,
    load_truth,
    read_storyline_output,
    run_measured,
    score,
    spread,
)

PYTHON = sys.executable
CORES = os.cpu_count() or 1
DEFAULT_WORK = Path(os.environ.get("TMPDIR", "/tmp")) / "storyline-bench"
DEFAULT_DATATROVE_VENV = Path.home() / ".cache" / "storyline-bench" / "datatrove-venv"
# lxml_html_clean: datatrove pins trafilatura < 1.12, whose justext import needs it on lxml >= 5.2
DATATROVE_PACKAGES = ("datatrove[processing]", "orjson", "spacy", "lxml_html_clean")
STORYLINE_RUNS = {
    "inmem": ["--direct_num_workers=1", "--direct_running_mode=in_memory"],
    "mp2": ["--direct_num_workers=2", "--direct_running_mode=multi_processing"],
    "default": [],
}
LABELS = {
    "bare": "(a) bare loop",
    "inmem": "(b) storyline in_memory x1",
    "mp2": "(c) storyline multi_proc x2",
    "datatrove": "(d) datatrove 1 task",
    "datatrove-cores": f"(f) datatrove {CORES} tasks x {CORES} workers",
    "default": "(e) storyline default",
}


@dataclass
class RunResult:
    name: str
    measured: Measured | None = None
    documents: int = 0
    scores: dict = field(default_factory=dict)
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.measured is not None and self.measured.returncode == 0

    @property
    def docs_per_s(self) -> float:
        return self.documents / self.measured.wall_s if self.ok else 0.0


# --- corpus -----------------------------------------------------------------------------------
def ensure_corpus(corpus: Path, docs: int, seed: int, pages: str) -> None:
    """Reuses a corpus with exactly `docs` truth lines; otherwise (re)generates it.

    A corpus made with another seed or page kind (its corpus.json says) stops the run rather than
    being measured under the wrong name; one made before corpus.json existed is reused unchecked.
    """
    truth = corpus / "truth.jsonl"
    if truth.exists():
        with open(truth, encoding="utf-8") as handle:
            if sum(1 for _ in handle) == docs:
                _check_corpus_made_as(corpus, seed, pages)
                return
        shutil.rmtree(corpus)
    command = [PYTHON, str(REPO_ROOT / "bench" / "make_corpus.py"), "--docs", str(docs)]
    options = ["--out", str(corpus), "--seed", str(seed), "--pages", pages]
    subprocess.run([*command, *options], check=True)


def _check_corpus_made_as(corpus: Path, seed: int, pages: str) -> None:
    made_path = corpus / "corpus.json"
    if not made_path.exists():
        print(f"reusing corpus {corpus} (no corpus.json: its seed and page kind are unchecked)")
        return
    made = json.loads(made_path.read_text(encoding="utf-8"))
    if (made.get("seed"), made.get("pages")) != (seed, pages):
        raise SystemExit(
            f"{corpus} was made with --seed {made.get('seed')} --pages {made.get('pages')}, "
            f"not --seed {seed} --pages {pages}: pass those, or another --corpus"
        )
    print(f"reusing corpus {corpus} (seed {seed}, {pages} pages)")


# --- the runs ---------------------------------------------------------------------------------
def run_bare(corpus: Path, work: Path, truth: dict) -> RunResult:
    out = work / "bare.json"
    command = [PYTHON, str(REPO_ROOT / "bench" / "bare_loop.py"), "--corpus", str(corpus)]
    measured = run_measured([*command, "--out", str(out)], work / "bare.log")
    result = RunResult("bare", measured, len(truth))
    if result.ok:
        clusters = json.loads(out.read_text(encoding="utf-8"))["clusters"]
        rows = [Predicted(k, c) for k, c in clusters.items()]
        result.scores = score(truth, rows, dedup_only=True)
    return result


def run_storyline(name: str, corpus: Path, work: Path, truth: dict) -> RunResult:
    output = work / f"out-{name}"
    # A glob, not the directory: docs/ holds only sub-directories, and `expand_pattern` then
    # passes the bare directory through as if it were a file (IsADirectoryError reject).
    command = [PYTHON, "-m", "pipeline", "run", "--input", str(corpus / "docs" / "**")]
    command += ["--output", str(output), "--overwrite", *STORYLINE_RUNS[name]]
    log = work / f"{name}.log"
    measured = run_measured(command, log)
    result = RunResult(name, measured, len(truth))
    if not result.ok:
        result.note = f"exit {measured.returncode}, see {log}"
        return result
    rows, unmapped = read_storyline_output(output, corpus, truth)
    result.scores = score(truth, rows)
    if unmapped:
        result.note = f"{unmapped} output rows map to no truth doc"
    return result


DATATROVE_JOB = textwrap.dedent(
    '''
    """Run inside datatrove's venv: Trafilatura + 4-stage MinHash dedup on CORES tasks and
    worker processes (the input comes in CORES shards per kind, so every task has its files)."""
    import json, sys
    from pathlib import Path

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.dedup import (
        MinhashDedupBuckets, MinhashDedupCluster, MinhashDedupFilter, MinhashDedupSignature,
    )
    from datatrove.pipeline.dedup.minhash import MinhashConfig
    from datatrove.pipeline.extractors import Trafilatura
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    def main():
        source, work, cores = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
        # datatrove's own banding family (14 buckets x 9 hashes; storyline's is 20 x 6 of 128),
        # word 5-grams, seed 1
        config = MinhashConfig(n_grams=5, num_buckets=14, hashes_per_bucket=9, seed=1)
        logs = str(work / "logs")

        def run(name, steps, tasks=cores):
            LocalPipelineExecutor(
                steps, tasks=tasks, workers=cores, logging_dir=f"{logs}/{name}"
            ).run()

        # HTML through datatrove's Trafilatura; text pages and feed records as they are (datatrove
        # has no cleaner for text renderings, and trafilatura returns nothing for plain text)
        run("extract", [
            JsonlReader(str(source), glob_pattern="html-*.jsonl"),
            Trafilatura(timeout=5),
            JsonlWriter(str(work / "extracted"), output_filename="${rank}-html.jsonl",
                        compression=None),
        ])
        run("copy-text", [
            JsonlReader(str(source), glob_pattern="text-*.jsonl"),
            JsonlWriter(str(work / "extracted"), output_filename="${rank}-text.jsonl",
                        compression=None),
        ])
        run("signature", [
            JsonlReader(str(work / "extracted")),
            MinhashDedupSignature(output_folder=str(work / "sigs"), config=config),
        ])
        run("buckets", [
            MinhashDedupBuckets(str(work / "sigs"), str(work / "buckets"), config=config),
        ], tasks=config.num_buckets)  # datatrove requires one task per bucket
        run("cluster", [
            MinhashDedupCluster(str(work / "buckets"), str(work / "remove"), config=config,
                                save_cluster_id=True),
        ], tasks=1)  # one task by datatrove's design
        run("filter", [
            JsonlReader(str(work / "extracted")),
            MinhashDedupFilter(
                str(work / "remove"), load_cluster_ids=True,
                exclusion_writer=JsonlWriter(str(work / "removed"), compression=None),
            ),
            JsonlWriter(str(work / "kept"), compression=None),
        ])
        clusters = {}
        for folder in ("kept", "removed"):
            for path in sorted((work / folder).glob("*.jsonl")):
                for line in open(path, encoding="utf-8"):
                    record = json.loads(line)
                    cluster = record["metadata"].get("minhash_cluster_id", -1)
                    clusters[record["id"]] = f"c{cluster}" if cluster != -1 else record["id"]
        (work / "clusters.json").write_text(json.dumps(clusters))


    if __name__ == "__main__":  # datatrove's workers are spawned processes that import this
        main()
    '''
)


def ensure_datatrove(venv: Path, log: Path) -> str | None:
    """Creates datatrove's own virtualenv once; returns why it failed, or None."""
    python = venv / "bin" / "python"
    if python.exists() and _imports_datatrove(python):
        return None
    print(f"installing datatrove into {venv} (once) ...", flush=True)
    venv.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out:
        steps = (
            ["python3", "-m", "venv", str(venv)],
            [str(venv / "bin" / "pip"), "install", *DATATROVE_PACKAGES],
        )
        for step in steps:
            code = subprocess.run(step, stdout=out, stderr=subprocess.STDOUT).returncode
            if code:
                tail = log.read_text(errors="replace").strip().splitlines()[-3:]
                return f"`{' '.join(step[:3])} ...` failed ({code}): {' | '.join(tail)}"
    return None if _imports_datatrove(python) else f"datatrove does not import, see {log}"


def _imports_datatrove(python: Path) -> bool:
    check = [str(python), "-c", "import datatrove.pipeline.dedup, trafilatura"]
    return subprocess.run(check, capture_output=True).returncode == 0


def datatrove_input(corpus: Path, folder: Path, shards: int) -> None:
    """The corpus as JSONL, `text` holding the raw page: html-K.jsonl (pages with markup, for
    Trafilatura) and text-K.jsonl (text renderings, plain texts, feed records' text), dealt
    round-robin into `shards` files each, since datatrove gives each task whole files."""
    from bench._common import HTML_SIGNS, iter_corpus

    with ExitStack() as stack:
        pages, texts = (
            [
                stack.enter_context(open(folder / f"{kind}-{k}.jsonl", "w", encoding="utf-8"))
                for k in range(shards)
            ]
            for kind in ("html", "text")
        )
        counts = {"html": 0, "text": 0}
        for key, raw in iter_corpus(corpus / "docs"):
            if isinstance(raw, dict):
                kind, text = "text", raw.get("text", "")
            else:
                kind = "html" if HTML_SIGNS.search(raw[:4096]) else "text"
                text = raw.decode("utf-8", errors="replace")
            handles = pages if kind == "html" else texts
            handles[counts[kind] % shards].write(json.dumps({"id": key, "text": text}) + "\n")
            counts[kind] += 1


def run_datatrove(
    corpus: Path, work: Path, truth: dict, venv: Path, name: str = "datatrove"
) -> RunResult:
    """datatrove on one core (`datatrove`) or on all of them (`datatrove-cores`)."""
    cores = CORES if name == "datatrove-cores" else 1
    result = RunResult(name, documents=len(truth))
    failure = ensure_datatrove(venv, work / "datatrove-install.log")
    if failure:
        result.note = f"datatrove unavailable: {failure}"
        return result
    job_dir = work / name
    shutil.rmtree(job_dir, ignore_errors=True)
    job_dir.mkdir(parents=True)
    source = job_dir / "input"
    source.mkdir()
    datatrove_input(corpus, source, cores)  # not timed: a format conversion storyline does not need
    (job_dir / "job.py").write_text(DATATROVE_JOB, encoding="utf-8")
    python = str(venv / "bin" / "python")
    command = [python, str(job_dir / "job.py"), str(source), str(job_dir), str(cores)]
    log = work / f"{name}.log"
    result.measured = run_measured(command, log, cwd=job_dir)
    if not result.ok:
        result.note = f"exit {result.measured.returncode}, see {log}"
        return result
    clusters = json.loads((job_dir / "clusters.json").read_text(encoding="utf-8"))
    rows = [Predicted(k, c) for k, c in clusters.items()]
    result.scores = score(truth, rows, dedup_only=True)
    return result


# --- report -----------------------------------------------------------------------------------
def _pr(scores: dict, kind: str) -> str:
    part = scores.get(kind)
    return f"{part['precision']:.3f}/{part['recall']:.3f}" if part else "-"


def format_table(results: list[RunResult]) -> str:
    by_name = {r.name: r for r in results}
    bare = by_name.get("bare")
    # at equal cores when that run is in the set, else against the one-task run
    datatrove = by_name.get("datatrove-cores") or by_name.get("datatrove")
    header = (
        f"{'run':34s} {'wall s':>8s} {'docs/s':>8s} {'tree MB':>8s} {'proc MB':>8s} "
        f"{'x bare':>7s} {'x dtrove':>8s} {'dup P/R':>12s} {'rewrite P/R':>12s} "
        f"{'story P/R':>12s} {'missing':>7s}"
    )
    lines = [header, "-" * len(header)]
    for r in results:
        if not r.ok:
            lines.append(f"{LABELS[r.name]:34s} {'failed or skipped':>8s}  {r.note}")
            continue
        m = r.measured
        vs_bare = f"{r.docs_per_s / bare.docs_per_s:.3f}" if bare and bare.ok else "-"
        vs_dt = f"{r.docs_per_s / datatrove.docs_per_s:.3f}" if datatrove and datatrove.ok else "-"
        lines.append(
            f"{LABELS[r.name]:34s} {m.wall_s:8.1f} {r.docs_per_s:8.1f} "
            f"{m.peak_tree_rss_mb:8.0f} {m.peak_proc_rss_mb:8.0f} {vs_bare:>7s} {vs_dt:>8s} "
            f"{_pr(r.scores, 'dup'):>12s} {_pr(r.scores, 'rewrite'):>12s} "
            f"{_pr(r.scores, 'story'):>12s} {r.scores.get('missing', 0):7d}"
            + (f"  {r.note}" if r.note else "")
        )
    return "\n".join(lines)


def format_spread(repetitions: list[list[RunResult]]) -> str:
    """Median and range over repetitions of each run's wall time and of its x bare ratio, the
    ratio taken against the bare loop of the same repetition."""
    names = [r.name for r in repetitions[0]]
    header = f"{'run':34s} {'wall s median (min-max)':>26s} {'x bare median (min-max)':>26s}"
    lines = [header, "-" * len(header)]
    for name in names:
        runs = [next(r for r in results if r.name == name) for results in repetitions]
        walls = [r.measured.wall_s for r in runs if r.ok]
        ratios = []
        for results, run in zip(repetitions, runs, strict=True):
            bare = next((r for r in results if r.name == "bare"), None)
            if run.ok and bare is not None and bare.ok:
                ratios.append(run.docs_per_s / bare.docs_per_s)
        wall = spread(walls, "{:.1f}")
        ratio = spread(ratios, "{:.3f}")
        counted = "" if len(walls) == len(runs) else f"  (n={len(walls)} of {len(runs)})"
        lines.append(f"{LABELS[name]:34s} {wall:>26s} {ratio:>26s}{counted}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, required=True)
    parser.add_argument(
        "--corpus", type=Path, help="corpus dir (default: WORK/corpus-N-sSEED-PAGES)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="outputs and logs")
    parser.add_argument("--skip-datatrove", action="store_true")
    parser.add_argument("--datatrove-venv", type=Path, default=DEFAULT_DATATROVE_VENV)
    parser.add_argument(
        "--runs",
        default="bare,inmem,mp2,datatrove,datatrove-cores,default",
        help="comma-separated subset of: bare, inmem, mp2, datatrove, datatrove-cores, default",
    )
    parser.add_argument(
        "--pages",
        choices=("real", "light"),
        default="real",
        help="page chrome of a generated corpus: the 181 real pages' (the reference) or small "
        "hand-written templates (a stress test of per-document overhead)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run the set this many times, every other time in reverse order (an even number "
        "balances the order), and print the spread of each run's wall time and x bare ratio "
        "(taken within each repetition); with more than one, each has its own rep-N directory",
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    name = f"{args.docs}-s{args.seed}-{args.pages}"
    corpus = (args.corpus or args.work / f"corpus-{name}").resolve()
    work = (args.work / f"runs-{name}").resolve()
    work.mkdir(parents=True, exist_ok=True)
    ensure_corpus(corpus, args.docs, args.seed, args.pages)
    truth = load_truth(corpus)
    wanted = [name for name in args.runs.split(",") if name]
    if args.skip_datatrove:
        wanted = [name for name in wanted if not name.startswith("datatrove")]
    repetitions = []
    for repetition in range(args.repeat):
        # every other repetition runs in reverse order: a drift in the machine's speed (a
        # neighbour, a warm page cache) then favours neither side of a ratio
        order = wanted if repetition % 2 == 0 else wanted[::-1]
        # its own logs and outputs: a failed run's note points at a log no later run overwrites
        run_dir = work / f"rep-{repetition + 1}" if args.repeat > 1 else work
        run_dir.mkdir(exist_ok=True)
        results = []
        for name in order:
            print(f"running {LABELS[name]} ...", flush=True)
            results.append(run_one(name, corpus, run_dir, truth, args.datatrove_venv))
            if not results[-1].ok:
                print(f"  {results[-1].note}", flush=True)
        repetitions.append(sorted(results, key=lambda r: wanted.index(r.name)))
    print(f"\n{len(truth)} documents, corpus {corpus}, logs and outputs in {work}")
    print("RSS: /proc sampled every 0.2 s; tree MB = peak sum over the process tree, "
          "proc MB = largest single process")  # fmt: skip
    for number, results in enumerate(repetitions, start=1):
        if args.repeat > 1:
            print(f"\nrepetition {number} of {args.repeat}")
        print(format_table(results))
    if args.repeat > 1:
        print(f"\n{format_spread(repetitions)}")
    if args.json:
        payload = [
            {
                "run": r.name,
                "repetition": number,
                "measured": r.measured.__dict__ if r.measured else None,
                "docs_per_s": r.docs_per_s,
                "scores": r.scores,
                "note": r.note,
            }
            for number, results in enumerate(repetitions, start=1)
            for r in results
        ]
        args.json.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    every = [r for results in repetitions for r in results]
    return 0 if all(r.ok or r.name.startswith("datatrove") for r in every) else 1


def run_one(name: str, corpus: Path, work: Path, truth: dict, datatrove_venv: Path) -> RunResult:
    if name == "bare":
        return run_bare(corpus, work, truth)
    if name.startswith("datatrove"):
        return run_datatrove(corpus, work, truth, datatrove_venv, name)
    return run_storyline(name, corpus, work, truth)


if __name__ == "__main__":
    raise SystemExit(main())
