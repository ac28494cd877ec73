"""Score story grouping against a gold story corpus (ECB+ train/dev topics by default).

Why: story grouping is a judgement tuned on few examples; this runs the real CLI on real news
articles with gold stories and prints B-cubed and pairwise precision/recall/F1, overall and per
split, so a change to `transforms/terms.py` or `transforms/stories.py` is measured, not guessed.

Input: a JSONL of articles with `id`, `title`, `text`, `cluster` (the gold story), `split` and
optionally `url` (the ECB+ development set under `../shared/stories/ecbplus-dev/`). Each record
is written to its own file named by its `id`, so an output row maps back to its record by its
`source` (the file's path relative to the input root), whatever order the records come in.
Records the pipeline rejects (too short) are counted and left out of the scores.

Run from the repo root: `.venv/bin/python bench/stories.py [--data FILE] [--json FILE]
[-- extra storyline run flags]`.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from bench._common import pair_count, run_measured  # noqa: E402

DEFAULT_DATA = REPO_ROOT.parent / "shared" / "stories" / "ecbplus-dev" / "ecbplus_train_dev.jsonl"
_INPUT_FIELDS = ("title", "text", "url", "published")


def b_cubed(truth: Mapping[str, str], predicted: Mapping[str, str]) -> dict[str, float]:
    """B-cubed precision/recall/F1 (Bagga and Baldwin 1998) over the items of `predicted`.

    Per item: precision is the share of its predicted story that shares its gold story,
    recall the share of its gold story (among scored items) that it is grouped with.
    """
    items = [item for item in predicted if item in truth]
    if not items:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    both = Counter((predicted[item], truth[item]) for item in items)
    predicted_size = Counter(predicted[item] for item in items)
    truth_size = Counter(truth[item] for item in items)
    precision = recall = 0.0
    for item in items:
        overlap = both[predicted[item], truth[item]]
        precision += overlap / predicted_size[predicted[item]]
        recall += overlap / truth_size[truth[item]]
    return _with_f1(precision / len(items), recall / len(items))


def pairwise(truth: Mapping[str, str], predicted: Mapping[str, str]) -> dict[str, float]:
    """Precision/recall/F1 over unordered pairs of scored items that share a story."""
    items = [item for item in predicted if item in truth]
    true_positive = pair_count(Counter((predicted[i], truth[i]) for i in items).values())
    predicted_pairs = pair_count(Counter(predicted[i] for i in items).values())
    truth_pairs = pair_count(Counter(truth[i] for i in items).values())
    return _with_f1(
        true_positive / predicted_pairs if predicted_pairs else 1.0,
        true_positive / truth_pairs if truth_pairs else 1.0,
    )


def _with_f1(precision: float, recall: float) -> dict[str, float]:
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def load_records(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def write_inputs(records: Iterable[dict], folder: Path) -> None:
    """One single-line JSONL file per record, named by its id (the mapping key back)."""
    folder.mkdir(parents=True, exist_ok=True)
    for record in records:
        unit = {name: record[name] for name in _INPUT_FIELDS if record.get(name)}
        unit.setdefault("text", "")
        line = json.dumps(unit, ensure_ascii=False)
        (folder / f"{record['id']}.jsonl").write_text(line + "\n", encoding="utf-8")


def read_articles(store: Path) -> list[dict]:
    """Every article row of the store: record id (from its source), story, cluster, rewrite."""
    import duckdb

    pattern = (store / "articles" / "**" / "*.parquet").as_posix()
    rows = duckdb.sql(
        "SELECT source, doc_id, story_id, cluster_id, rewrite_of "
        f"FROM read_parquet('{pattern}', hive_partitioning = true)"
    ).fetchall()
    return [
        {
            "id": Path(source.split("#", 1)[0]).stem,
            "doc_id": doc_id,
            "story": story,
            "cluster": cluster,
            "rewrite_of": rewrite_of,
        }
        for source, doc_id, story, cluster, rewrite_of in rows
    ]


def inheritance_breaks(articles: list[dict]) -> int:
    """Rows whose story differs from their duplicate cluster's or their rewrite source's."""
    story_of_doc = {row["doc_id"]: row["story"] for row in articles}
    stories_of_cluster: dict[str, set[str]] = defaultdict(set)
    for row in articles:
        stories_of_cluster[row["cluster"]].add(row["story"])
    breaks = sum(len(stories_of_cluster[row["cluster"]]) > 1 for row in articles)
    return breaks + sum(
        row["rewrite_of"] is not None
        and story_of_doc.get(row["rewrite_of"], row["story"]) != row["story"]
        for row in articles
    )


def scores(records: list[dict], articles: list[dict]) -> dict:
    """B-cubed and pairwise scores for all records and per split."""
    predicted = {row["id"]: row["story"] for row in articles}
    result = {}
    splits = sorted({record.get("split") or "all" for record in records})
    for split in ["all", *[s for s in splits if s != "all"]]:
        chosen = [r for r in records if split == "all" or r.get("split") == split]
        truth = {r["id"]: r["cluster"] for r in chosen}
        kept = {item: story for item, story in predicted.items() if item in truth}
        result[split] = {
            "records": len(truth),
            "scored": len(kept),
            "gold_stories": len(set(truth[item] for item in kept)),
            "predicted_stories": len(set(kept.values())),
            "b_cubed": b_cubed(truth, kept),
            "pairwise": pairwise(truth, kept),
        }
    return result


def _print(result: dict, wall_s: float, cpu_s: float, breaks: int) -> None:
    print(
        f"{'split':6s} {'records':>7s} {'scored':>6s} {'gold':>5s} {'pred':>5s} "
        f"{'B3 P':>6s} {'B3 R':>6s} {'B3 F1':>6s} {'pair P':>6s} {'pair R':>6s} {'pair F1':>7s}"
    )
    for split, row in result.items():
        b3, pw = row["b_cubed"], row["pairwise"]
        print(
            f"{split:6s} {row['records']:7d} {row['scored']:6d} {row['gold_stories']:5d} "
            f"{row['predicted_stories']:5d} {b3['precision']:6.3f} {b3['recall']:6.3f} "
            f"{b3['f1']:6.3f} {pw['precision']:6.3f} {pw['recall']:6.3f} {pw['f1']:7.3f}"
        )
    print(f"run {wall_s:.1f} s wall, {cpu_s:.1f} s CPU (process tree)")
    print(f"rows whose story is not their duplicate cluster's or rewrite source's: {breaks}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--work", type=Path, help="keep inputs, store and log here")
    parser.add_argument("--json", type=Path, help="also write the scores as JSON")
    parser.add_argument("extra", nargs="*", help="flags passed to `storyline run` (after --)")
    args = parser.parse_args(argv)
    records = load_records(args.data)
    with tempfile.TemporaryDirectory(prefix="storyline-stories-") as temporary:
        work = args.work or Path(temporary)
        inputs, store = work / "input", work / "store"
        write_inputs(records, inputs)
        command = [sys.executable, "-m", "pipeline", "run", "--input", str(inputs)]
        command += ["--output", str(store), "--overwrite", *args.extra]
        work.mkdir(parents=True, exist_ok=True)
        measured = run_measured(command, work / "run.log")
        if measured.returncode != 0:
            print((work / "run.log").read_text(encoding="utf-8")[-3000:], file=sys.stderr)
            return 1
        articles = read_articles(store)
    result = scores(records, articles)
    breaks = inheritance_breaks(articles)
    _print(result, measured.wall_s, measured.cpu_s, breaks)
    if args.json:
        payload = {
            "scores": result,
            "wall_s": measured.wall_s,
            "cpu_s": measured.cpu_s,
            "inheritance_breaks": breaks,
        }
        args.json.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
