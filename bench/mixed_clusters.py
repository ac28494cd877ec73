"""Predicted duplicate clusters that mix different articles, worst first: the false pairs.

`python bench/mixed_clusters.py --corpus DIR --output OUT [--top 5]` reads a storyline output
against the corpus' `truth.jsonl` and prints, for every predicted cluster holding documents of
more than one truth cluster, its false pairs, how many truth clusters it mixes, and its first
members with their kind. False pairs grow with the square of a cluster's size, so one bad
cluster can decide duplicate precision.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import Truth, load_truth, pair_count, read_storyline_output  # noqa: E402


def mixed_clusters(
    truth: dict[str, Truth], corpus: Path, output: Path
) -> list[tuple[int, str, Counter, list[str]]]:
    """(false pairs, cluster id, truth clusters it holds, member docs), most false pairs first."""
    rows, _unmapped = read_storyline_output(output, corpus, truth)
    members: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        members[row.cluster].append(row.doc)
    mixed = []
    for cluster, docs in members.items():
        truth_clusters = Counter(truth[doc].cluster for doc in docs)
        if len(truth_clusters) > 1:
            false_pairs = pair_count([len(docs)]) - pair_count(truth_clusters.values())
            mixed.append((false_pairs, cluster, truth_clusters, docs))
    return sorted(mixed, key=lambda item: -item[0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--top", type=int, default=5)
    args = parser.parse_args(argv)
    truth = load_truth(args.corpus)
    mixed = mixed_clusters(truth, args.corpus, args.output)
    print(f"{len(mixed)} mixed clusters, {sum(item[0] for item in mixed)} false pairs")
    for false_pairs, cluster, truth_clusters, docs in mixed[: args.top]:
        kinds = Counter(truth[doc].kind for doc in docs)
        print(
            f"{false_pairs:8d} false pairs  cluster {cluster}  {len(docs)} docs from "
            f"{len(truth_clusters)} truth clusters  kinds {dict(kinds)}"
        )
        for doc in docs[:3]:
            print(f"           {doc}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
