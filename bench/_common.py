"""Shared by the benchmark scripts: ground truth, corpus iteration, scoring, process-tree RSS,
median and range."""

from __future__ import annotations

import json
import os
import re
import resource
import statistics
import subprocess
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
# transforms.read.sniff_kind's rule, copied: importing transforms.read imports Beam (~1 s),
# which would be charged to the bare loop's wall time
HTML_SIGNS = re.compile(
    rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<div[\s>]|<p>", re.I
)


# --- ground truth -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Truth:
    doc: str  # "site/000123-slug.html" or "feeds/feed-00001.jsonl#7"
    file: str
    line: int | None
    url: str
    story: str
    cluster: str
    rewrite_of: str | None
    kind: str


def load_truth(corpus: Path) -> dict[str, Truth]:
    with open(corpus / "truth.jsonl", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    return {
        row["doc"]: Truth(
            row["doc"],
            row["file"],
            row["line"],
            row["url"],
            row["story"],
            row["cluster"],
            row["rewrite_of"],
            row["kind"],
        )  # fmt: skip
        for row in rows
    }


def iter_corpus(docs_dir: Path) -> Iterator[tuple[str, bytes | dict]]:
    """(truth key, raw bytes) per page file, (truth key, record) per JSONL line; sorted order."""
    for path in sorted(p for p in docs_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(docs_dir).as_posix()
        if path.suffix == ".jsonl":
            with open(path, encoding="utf-8") as handle:
                for number, line in enumerate(handle, start=1):
                    if line.strip():
                        yield f"{rel}#{number}", json.loads(line)
        else:
            yield rel, path.read_bytes()


# --- scoring ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Predicted:
    """One output row mapped back to its truth key."""

    doc: str
    cluster: str
    story: str | None = None
    rewrite_of: str | None = None  # truth key of the source, when the row is tagged a rewrite


def pair_count(sizes: Iterable[int]) -> int:
    return sum(n * (n - 1) // 2 for n in sizes)


def pair_scores(truth_groups: dict[str, str], predicted_groups: dict[str, str]) -> dict:
    """Precision/recall over unordered pairs of docs that share a group.

    Truth pairs count over every truth doc (a doc missing from the output loses its pairs);
    predicted pairs only over docs that map to truth.
    """
    predicted = {doc: group for doc, group in predicted_groups.items() if doc in truth_groups}
    both = Counter((group, truth_groups[doc]) for doc, group in predicted.items())
    true_positive = pair_count(both.values())
    predicted_pairs = pair_count(Counter(predicted.values()).values())
    truth_pairs = pair_count(Counter(truth_groups.values()).values())
    return {
        "precision": true_positive / predicted_pairs if predicted_pairs else 1.0,
        "recall": true_positive / truth_pairs if truth_pairs else 1.0,
        "predicted_pairs": predicted_pairs,
        "truth_pairs": truth_pairs,
    }


def rewrite_scores(truth: dict[str, Truth], rows: list[Predicted]) -> dict:
    """Doc-level rewrite precision/recall.

    Only a cluster's canonical row carries `rewrite_of`, so every member of a predicted cluster
    inherits its canonical's tag. A (doc, source) pair is correct when the truth says the doc
    derives from the source's story original and `source` is any member of that original's
    duplicate cluster.
    """
    tag_of_cluster = {row.cluster: row.rewrite_of for row in rows if row.rewrite_of}
    predicted = {
        row.doc: tag_of_cluster[row.cluster] for row in rows if row.cluster in tag_of_cluster
    }
    expected = {key: t for key, t in truth.items() if t.rewrite_of}
    correct = 0
    for doc, source in predicted.items():
        wanted = expected.get(doc)
        if wanted and source in truth and truth[source].cluster == truth[wanted.rewrite_of].cluster:
            correct += 1
    return {
        "precision": correct / len(predicted) if predicted else 1.0,
        "recall": correct / len(expected) if expected else 1.0,
        "predicted": len(predicted),
        "expected": len(expected),
    }


def score(truth: dict[str, Truth], rows: list[Predicted], dedup_only: bool = False) -> dict:
    """Duplicate-pair, rewrite and story-pair scores of one run's mapped rows.

    `dedup_only`: the run does not tag rewrites or stories (bare loop, datatrove).
    """
    result = {
        "mapped": len(rows),
        "missing": len(set(truth) - {row.doc for row in rows}),
        "dup": pair_scores(
            {k: t.cluster for k, t in truth.items()}, {row.doc: row.cluster for row in rows}
        ),
    }
    if dedup_only:
        return result
    if any(row.story for row in rows):
        result["story"] = pair_scores(
            {k: t.story for k, t in truth.items()}, {row.doc: row.story or "" for row in rows}
        )
    if any(t.rewrite_of for t in truth.values()):
        result["rewrite"] = rewrite_scores(truth, rows)
    return result


def read_storyline_output(output: Path, corpus: Path, truth: dict[str, Truth]) -> tuple[list, int]:
    """Output rows mapped to truth keys, plus the number of rows that map to nothing.

    A row maps by its source path relative to the corpus' docs/ (one document per file), by a
    line suffix on the source ("feed.jsonl#L3", "#3", ":3") for JSONL records, or by URL.
    """
    import duckdb

    pattern = (output / "articles" / "**" / "*.parquet").as_posix()
    table = duckdb.sql(
        f"SELECT doc_id, source, url, cluster_id, story_id, rewrite_of "
        f"FROM read_parquet('{pattern}', hive_partitioning = true)"
    ).fetchall()
    docs_prefix = (corpus / "docs").resolve().as_posix() + "/"
    by_url = {t.url: key for key, t in truth.items() if t.line is not None}
    key_of_doc_id: dict[str, str] = {}
    unmapped = 0
    for doc_id, source, url, *_rest in table:
        key = _truth_key(source, url, docs_prefix, truth, by_url)
        if key is None:
            unmapped += 1
        else:
            key_of_doc_id[doc_id] = key
    rows = [
        Predicted(key_of_doc_id[doc_id], cluster, story, key_of_doc_id.get(rewrite_of))
        for doc_id, _source, _url, cluster, story, rewrite_of in table
        if doc_id in key_of_doc_id
    ]
    return rows, unmapped


def _truth_key(source, url, docs_prefix, truth, by_url) -> str | None:
    relative = source.removeprefix("file://")
    relative = relative[len(docs_prefix) :] if relative.startswith(docs_prefix) else relative
    if relative in truth:
        return relative
    for separator in ("#", ":", "@"):
        path, _, line = relative.rpartition(separator)
        line = line.removeprefix("L")  # the JSONL reader's sources are "feed.jsonl#L3"
        if path and line.isdigit() and f"{path}#{int(line)}" in truth:
            return f"{path}#{int(line)}"
    return by_url.get(url)


# --- measuring a child process tree ------------------------------------------------------------
@dataclass(frozen=True)
class Measured:
    returncode: int
    wall_s: float
    peak_tree_rss_mb: float  # highest sum of RSS over the whole process tree at one sample
    peak_proc_rss_mb: float  # largest single process RSS seen
    # user + system CPU of the process and the descendants it waited for: on a shared machine
    # it moves less than wall time when a neighbour takes the cores
    cpu_s: float = 0.0


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def process_rss(pid: int) -> int:
    """Resident bytes of one process, from /proc (0 once it has exited)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * _PAGE
    except OSError:
        return 0


def tree_rss(root: int) -> tuple[int, int]:
    """(sum, max) of resident bytes over `root` and all its descendants, from /proc."""
    children = _children_map()
    total = largest = 0
    stack = [root]
    while stack:
        pid = stack.pop()
        rss = process_rss(pid)
        total += rss
        largest = max(largest, rss)
        stack.extend(children.get(pid, ()))
    return total, largest


def run_measured(
    command: list[str], log: Path, cwd: Path = REPO_ROOT, interval: float = 0.2, env=None
) -> Measured:
    """Runs `command`, sampling the RSS of its process tree every `interval` seconds.

    Sums RSS over processes, so pages shared between forked workers count once per process:
    an upper bound on real memory use, and the figure that decides whether a box swaps.
    """
    start, cpu_before = time.perf_counter(), _children_cpu_s()
    with open(log, "wb") as out:
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env)
        peak_total = peak_single = 0
        while process.poll() is None:
            total, largest = tree_rss(process.pid)
            peak_total, peak_single = max(peak_total, total), max(peak_single, largest)
            time.sleep(interval)
    wall, cpu = time.perf_counter() - start, _children_cpu_s() - cpu_before
    mb = 1024 * 1024
    return Measured(process.returncode, wall, peak_total / mb, peak_single / mb, cpu)


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def spread(values: list[float], form: str) -> str:
    """'median (min-max)' of `values`, each formatted with `form`; '-' when there are none."""
    if not values:
        return "-"
    low, mid, high = min(values), statistics.median(values), max(values)
    return f"{form.format(mid)} ({form.format(low)}-{form.format(high)})"
