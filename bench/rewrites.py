"""Rewrite benchmark: the hand-written fixtures and the seeds, through the real pipeline.

`python bench/rewrites.py [--threshold T] [--work DIR]`

1. Writes every case of `tests/fixtures_rewrites.py` as one JSONL line per text (the source
   dated first, the others a day later), runs `storyline run` on them in one store (all
   cases together, so a text can also be tagged from the wrong case), and scores the rows:
   recall of heavy and light rewrites, precision of every tag (a tag on a source or an
   independent write-up is a false positive), F1, and attribution (tags pointing at their own
   case's source; and at it or at another rewrite of it).
2. Prints each text's alignment score against its source (`transforms.alignment`, the
   detector's score without the pipeline around it): the margin between the lowest rewrite
   and the highest independent write-up.
3. Runs the seeds and checks their contract: 003 a rewrite of 002, 000 and 001 one cluster,
   one story.

Exits 1 when the seeds contract fails. docs/rewrites.md has the figures and their history.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "tests"))

import duckdb  # noqa: E402
from fixtures_rewrites import CASES  # noqa: E402

from transforms.alignment import align, sentence_profile  # noqa: E402

DERIVED_KINDS = ("heavy", "light")
KINDS = ("source", *DERIVED_KINDS, "independent")


def fixture_lines(slot: int | None = None) -> list[dict]:
    """One JSONL record per fixture text; its url names case, kind and number. With `slot`,
    each case's source and only its slot-th other text (none when it has fewer)."""
    lines = []
    for day, case in enumerate(CASES, start=1):
        lines.append(_line(case.name, "source", 0, case.source, day, 6))
        others = [
            (kind, number, text)
            for kind in (*DERIVED_KINDS, "independent")
            for number, text in enumerate(getattr(case, kind))
        ]
        if slot is not None:
            others = others[slot : slot + 1]
        for kind, number, text in others:
            lines.append(_line(case.name, kind, number, text, day + 1, 8 + number))
    return lines


def slots() -> int:
    return max(len(case.heavy) + len(case.light) + len(case.independent) for case in CASES)


def _line(case: str, kind: str, number: int, text: str, day: int, hour: int) -> dict:
    title = text.split(".")[0][:80]
    return {
        "url": f"https://example.org/{case}/{kind}-{number}",
        "title": title,
        "published": f"2025-03-{day:02d}T{hour:02d}:00:00Z",
        "text": text,
    }


def run_pipeline(inputs: str, output: Path, threshold: float | None) -> None:
    command = [sys.executable, "-m", "pipeline", "run", "--input", inputs]
    command += ["--output", str(output), "--overwrite"]
    if threshold is not None:
        command.append(f"--rewrite-threshold={threshold}")
    subprocess.run(command, cwd=REPO_ROOT, check=True, capture_output=True)


def read_rows(output: Path) -> list[dict]:
    relation = duckdb.sql(
        f"SELECT doc_id, url, source, relation, cluster_id, story_id, rewrite_of, "
        f"rewrite_score, rewrite_evidence "
        f"FROM read_parquet('{output}/articles/**/*.parquet', hive_partitioning = true)"
    )
    return [dict(zip(relation.columns, values, strict=True)) for values in relation.fetchall()]


def score_fixtures(rows: list[dict]) -> dict:
    """P/R/F1 of rewrite tags against the fixtures' roles, and attribution."""
    role = {}
    for row in rows:
        case, kind_number = row["url"].rsplit("/", 2)[-2:]
        role[row["doc_id"]] = (case, kind_number.rsplit("-", 1)[0])
    tagged = [row for row in rows if row["relation"] == "rewrite"]
    derived = [row for row in rows if role[row["doc_id"]][1] in DERIVED_KINDS]
    true_tags = [row for row in tagged if role[row["doc_id"]][1] in DERIVED_KINDS]
    same_case = [
        row
        for row in true_tags
        if role.get(row["rewrite_of"], ("", ""))[0] == role[row["doc_id"]][0]
    ]
    right_source = [row for row in same_case if role[row["rewrite_of"]][1] == "source"]
    precision = len(true_tags) / len(tagged) if tagged else 1.0
    recall = len(true_tags) / len(derived) if derived else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    by_kind = {}
    for kind in KINDS:
        members = [row for row in rows if role[row["doc_id"]][1] == kind]
        by_kind[kind] = {
            "texts": len(members),
            "tagged": sum(row["relation"] == "rewrite" for row in members),
            "duplicates": sum(row["relation"] == "duplicate" for row in members),
        }
    false_positives = [
        f"{role[row['doc_id']][0]}/{role[row['doc_id']][1]} -> {role[row['rewrite_of']]}"
        for row in tagged
        if row not in true_tags
    ]
    return {
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "attributed": f"{len(right_source)}/{len(true_tags)}",
        "same_case": f"{len(same_case)}/{len(true_tags)}",
        "by_kind": by_kind,
        "false_positives": false_positives,
        "evidence_in_text": all(
            row["rewrite_evidence"] and len(row["rewrite_evidence"]) >= 3 for row in tagged
        ),
        "stories": len({row["story_id"] for row in rows}),
    }


def alignment_margin() -> dict[str, list[tuple[str, float]]]:
    """Each text's alignment score against its own source, by kind, lowest first."""
    scores: dict[str, list[tuple[str, float]]] = {
        kind: [] for kind in (*DERIVED_KINDS, "independent")
    }
    for case in CASES:
        source = sentence_profile("source", case.source, "en")
        for kind in scores:
            for number, text in enumerate(getattr(case, kind)):
                result = align(sentence_profile("derived", text, "en"), source)
                scores[kind].append((f"{case.name}/{kind}-{number}", round(result.score, 2)))
    return {kind: sorted(values, key=lambda item: item[1]) for kind, values in scores.items()}


def check_seeds(work: Path, threshold: float | None) -> dict:
    output = work / "seeds-out"
    run_pipeline(str(REPO_ROOT / "seeds" / "*.txt"), output, threshold)
    rows = {Path(row["source"]).name[:3]: row for row in read_rows(output)}
    checks = {
        "003 rewrite of 002": rows["003"]["rewrite_of"] == rows["002"]["doc_id"],
        "000/001 one cluster": rows["000"]["cluster_id"] == rows["001"]["cluster_id"],
        "one story": len({row["story_id"] for row in rows.values()}) == 1,
        "only 003 tagged": [k for k, row in sorted(rows.items()) if row["relation"] == "rewrite"]
        == ["003"],
    }
    return {"checks": checks, "score_003": rows["003"]["rewrite_score"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threshold", type=float, help="--rewrite-threshold to run with")
    parser.add_argument("--work", type=Path, help="keep inputs and stores here (default: temp)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--pairs",
        action="store_true",
        help="also run each text alone with its source (one run per slot, as a text-reuse "
        "corpus is scored: no other rewrite of the source to lean on)",
    )
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="storyline-rewrites-"))
    work.mkdir(parents=True, exist_ok=True)
    inputs = work / "fixtures.jsonl"
    inputs.write_text("".join(json.dumps(line) + "\n" for line in fixture_lines()), "utf-8")
    run_pipeline(str(inputs), work / "fixtures-out", args.threshold)
    fixtures = score_fixtures(read_rows(work / "fixtures-out"))
    pairs = None
    if args.pairs:
        rows = []
        for slot in range(slots()):
            inputs = work / f"pairs-{slot}.jsonl"
            lines = fixture_lines(slot)
            inputs.write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")
            run_pipeline(str(inputs), work / f"pairs-{slot}-out", args.threshold)
            rows += [
                row
                for row in read_rows(work / f"pairs-{slot}-out")
                if slot == 0 or not row["url"].endswith("/source-0")
            ]
        pairs = score_fixtures(rows)
    margin = alignment_margin()
    seeds = check_seeds(work, args.threshold)
    print(f"fixtures: {len(CASES)} cases, {fixtures['stories']} stories in the output")
    for kind, counts in fixtures["by_kind"].items():
        print(f"  {kind:12s} {counts['tagged']:3d} of {counts['texts']:3d} tagged rewrites"
              f" ({counts['duplicates']} duplicates)")  # fmt: skip
    print(f"  precision {fixtures['precision']:.3f} recall {fixtures['recall']:.3f} "
          f"F1 {fixtures['f1']:.3f}; tags pointing at their source {fixtures['attributed']}, "
          f"at their source or a rewrite of it {fixtures['same_case']}; "
          f"evidence >= 3 passages on every tag: {fixtures['evidence_in_text']}")  # fmt: skip
    for false_positive in fixtures["false_positives"]:
        print(f"  false positive: {false_positive}")
    if pairs:
        tagged = {kind: pairs["by_kind"][kind]["tagged"] for kind in KINDS}
        print(f"each text alone with its source: precision {pairs['precision']:.3f} "
              f"recall {pairs['recall']:.3f} F1 {pairs['f1']:.3f}; tagged {tagged}")  # fmt: skip
        for false_positive in pairs["false_positives"]:
            print(f"  false positive: {false_positive}")
    print("alignment score against the source (lowest first):")
    for kind, values in margin.items():
        print(f"  {kind:12s} " + " ".join(f"{score:.2f}" for _name, score in values))
    lowest_derived = min(score for kind in DERIVED_KINDS for _name, score in margin[kind])
    highest_independent = max(score for _name, score in margin["independent"])
    print(f"  margin: lowest rewrite {lowest_derived:.2f}, "
          f"highest independent write-up {highest_independent:.2f}")  # fmt: skip
    print(f"seeds: 003 score {seeds['score_003']}; " + ", ".join(
        f"{name}: {'yes' if ok else 'NO'}" for name, ok in seeds["checks"].items()))  # fmt: skip
    if args.json:
        payload = {"fixtures": fixtures, "pairs": pairs, "alignment": margin, "seeds": seeds}
        args.json.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if all(seeds["checks"].values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
