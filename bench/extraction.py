"""Benchmark the pipeline's cleaners on the ScrapingHub article-extraction benchmark.

Why: the text-rendering cleaner is heuristic; this scores it (and the HTML cleaner, plain
trafilatura and a keep-everything baseline) with the benchmark's own shingle metric so changes
to the heuristics can be measured rather than eyeballed.

Run from the repo root: `.venv/bin/python bench/extraction.py [--data DIR] [--limit N]`.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

DEFAULT_DATA = REPO_ROOT.parent / "shared" / "extraction" / "scrapinghub-aeb"
SHINGLE_N = 4  # the benchmark's shingle size (word 4-grams)
_TOKEN = re.compile(r"\w+")

TpFpFn = tuple[float, float, float]


def shingles(text: str, n: int = SHINGLE_N) -> Counter[tuple[str, ...]]:
    """Multiset of word n-grams; a text shorter than n is one shingle (as upstream)."""
    tokens = _TOKEN.findall(text or "")
    grams = [tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1))]
    return Counter(gram for gram in grams if gram)


def tp_fp_fn(truth: str, pred: str) -> TpFpFn:
    """Shingle multiset overlap, normalised to sum to 1 so long pages do not dominate."""
    true_sh, pred_sh = shingles(truth), shingles(pred)
    tp = float(sum((true_sh & pred_sh).values()))
    fp = float(sum(pred_sh.values())) - tp
    fn = float(sum(true_sh.values())) - tp
    total = tp + fp + fn
    if total > 0:
        return tp / total, fp / total, fn / total
    return tp, fp, fn


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def metrics(counts: list[TpFpFn]) -> dict[str, float]:
    """Mean precision / recall over pages (upstream filters) and their harmonic mean."""
    precisions = [_precision(*c) for c in counts if c[0] + c[1] > 0]
    recalls = [_recall(*c) for c in counts if c[0] + c[2] > 0]
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def load_html(data: Path, page_id: str) -> str:
    with gzip.open(data / "html" / f"{page_id}.html.gz", "rt", encoding="utf-8") as handle:
        return handle.read()


def load_rendering(data: Path, page_id: str) -> str:
    return (data / "text-rendering" / f"{page_id}.txt").read_text(encoding="utf-8")


def run_system(
    name: str,
    ids: list[str],
    truth: dict[str, dict],
    predict: Callable[[str], str],
) -> dict[str, float | str | list]:
    """Score one system; pages/s covers the extraction call only, not file loading."""
    counts: list[TpFpFn] = []
    elapsed = 0.0
    for page_id in ids:
        start = time.perf_counter()
        pred = predict(page_id) or ""
        elapsed += time.perf_counter() - start
        counts.append(tp_fp_fn(truth[page_id].get("articleBody", ""), pred))
    result: dict[str, float | str | list] = {"name": name, **metrics(counts)}
    result["pages_per_s"] = len(ids) / elapsed if elapsed else float("inf")
    result["counts"] = counts
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="benchmark directory")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pages")
    parser.add_argument(
        "--only",
        choices=["trafilatura", "html", "text", "whole"],
        action="append",
        help="run only these systems (repeatable)",
    )
    parser.add_argument("--worst", type=int, default=0, help="list the N worst text-cleaner pages")
    args = parser.parse_args(argv)

    import trafilatura

    from transforms.htmlpage import extract_html
    from transforms.textpage import clean_text_rendering

    data: Path = args.data
    truth: dict[str, dict] = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[: args.limit] if args.limit else sorted(truth)

    html_cache: dict[str, str] = {}
    text_cache: dict[str, str] = {}
    for page_id in ids:
        if not args.only or {"trafilatura", "html"} & set(args.only):
            html_cache[page_id] = load_html(data, page_id)
        text_cache[page_id] = load_rendering(data, page_id)

    def run_trafilatura(page_id: str) -> str:
        return trafilatura.extract(html_cache[page_id], include_comments=False) or ""

    def run_html(page_id: str) -> str:
        extracted = extract_html(html_cache[page_id], truth[page_id].get("url"))
        return extracted.text if extracted else ""

    def run_text(page_id: str) -> str:
        return clean_text_rendering(text_cache[page_id]).text

    def run_whole(page_id: str) -> str:
        return text_cache[page_id]

    systems = [
        ("trafilatura", "trafilatura.extract (HTML)", run_trafilatura),
        ("html", "htmlpage.extract_html (HTML)", run_html),
        ("text", "textpage.clean_text_rendering", run_text),
        ("whole", "text rendering kept whole", run_whole),
    ]
    results = [
        run_system(label, ids, truth, fn)
        for key, label, fn in systems
        if not args.only or key in args.only
    ]

    print(f"pages: {len(ids)}  data: {data}")
    print(f"{'system':<34} {'precision':>9} {'recall':>7} {'F1':>6} {'pages/s':>8}")
    for res in results:
        print(
            f"{res['name']:<34} {res['precision']:>9.3f} {res['recall']:>7.3f} "
            f"{res['f1']:>6.3f} {res['pages_per_s']:>8.1f}"
        )

    if args.worst:
        text_res = next((r for r in results if r["name"] == systems[2][1]), None)
        if text_res is not None:
            rows = []
            for page_id, (tp, fp, fn) in zip(ids, text_res["counts"], strict=True):
                rows.append((tp, _precision(tp, fp, fn), _recall(tp, fp, fn), page_id))
            rows.sort()
            print(f"\nworst {args.worst} pages for the text cleaner (tp, precision, recall, id):")
            for tp, prec, rec, page_id in rows[: args.worst]:
                print(f"  {tp:.3f} P={prec:.3f} R={rec:.3f} {page_id}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
