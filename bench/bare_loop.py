"""The bare library loop: what storyline's clean -> normalize -> sign -> dedupe costs without Beam.

One process, one plain `for` loop over the corpus: the pipeline's HTML cleaner for HTML
(`transforms/htmlpage.py`, trafilatura with its metadata), our text cleaner for text renderings,
`normalize_text`, a datasketch MinHash over word 5-gram xxhash32 values (the pipeline's
parameters from `StorylineConfig`), and a `datasketch.MinHashLSH` query-then-insert at the dedup
threshold. It is the floor the pipeline's throughput is compared against: everything storyline
adds on top (Beam, shuffles, rewrites, stories, Parquet) shows up as the ratio to it.

`python bench/bare_loop.py --corpus DIR --out RESULT.json` writes each document's cluster so the
benchmark can score it like a storyline run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import xxhash  # noqa: E402
from datasketch import MinHash, MinHashLSH  # noqa: E402

from bench._common import HTML_SIGNS, iter_corpus  # noqa: E402
from transforms.config import StorylineConfig  # noqa: E402
from transforms.decode import UndecodableError, decode_bytes  # noqa: E402
from transforms.htmlpage import extract_html  # noqa: E402
from transforms.jsonl import record_body  # noqa: E402
from transforms.rejects import RejectError  # noqa: E402
from transforms.segment import tokens, word_count  # noqa: E402
from transforms.textnorm import normalize_text  # noqa: E402
from transforms.textpage import clean_text_rendering  # noqa: E402


def extract(raw: bytes | dict) -> str | None:
    """Main text of one document, as the pipeline's clean stage would get it.

    A JSONL record goes through the same cleaner as a page file of its kind (`record_body`:
    `html` wins, else `text`, a plain-text rendering), as the pipeline cleans it.
    """
    if isinstance(raw, dict):
        kind, text = record_body(raw)
        if not isinstance(text, str):
            return None
    else:
        try:
            text = decode_bytes(raw)
        except UndecodableError:
            return None
        kind = "html" if HTML_SIGNS.search(raw[:4096]) else "text"
    if kind == "html":
        try:
            extracted = extract_html(text)
        except RejectError:
            return None
        return extracted.text if extracted is not None else None
    extracted = clean_text_rendering(text)
    return extracted.text if extracted is not None else None


def shingle_values(normalized: str, size: int) -> np.ndarray:
    token_list = tokens(normalized)
    grams = [" ".join(token_list[i : i + size]) for i in range(max(1, len(token_list) - size + 1))]
    return np.unique(np.fromiter((xxhash.xxh32_intdigest(g.encode()) for g in grams), np.uint32))


def run(corpus: Path, config: StorylineConfig) -> dict:
    """Clusters every document; returns counts, timings and {truth key: cluster root}."""
    template = MinHash(
        num_perm=config.num_perm, seed=config.seed, hashfunc=lambda v: v, scheme="affine32"
    )
    lsh = MinHashLSH(threshold=config.dedup_threshold, num_perm=config.num_perm)
    parent: dict[str, str] = {}
    signatures: dict[str, MinHash] = {}
    by_hash: dict[str, str] = {}
    documents = articles = 0
    started = time.perf_counter()
    for key, raw in iter_corpus(corpus / "docs"):
        documents += 1
        text = extract(raw)
        if not text or word_count(text) < config.min_words:
            continue
        articles += 1
        normalized = normalize_text(text)
        content_hash = hashlib.sha256(normalized.encode()).hexdigest()
        if content_hash in by_hash:  # exact copy: no need to sign it
            parent[key] = by_hash[content_hash]
            continue
        by_hash[content_hash] = key
        minhash = template.copy()
        minhash.update_batch(shingle_values(normalized, config.shingle_size))
        matches = [
            other
            for other in lsh.query(minhash)
            if signatures[other].jaccard(minhash) >= config.dedup_threshold
        ]
        parent[key] = key
        for other in matches:  # connected components, as the pipeline's dedupe builds them
            parent[_root(parent, other)] = key
        lsh.insert(key, minhash)
        signatures[key] = minhash
    clusters = {key: _root(parent, key) for key in parent}
    return {
        "documents": documents,
        "articles": articles,
        "seconds": time.perf_counter() - started,
        "clusters": clusters,
    }


def _root(parent: dict[str, str], key: str) -> str:
    while parent[key] != key:
        key = parent[key]
    return key


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--out", type=Path, help="write clusters and counts here (JSON)")
    args = parser.parse_args(argv)
    result = run(args.corpus, StorylineConfig())
    print(
        f"bare loop: {result['documents']} documents, {result['articles']} articles, "
        f"{len(set(result['clusters'].values()))} clusters in {result['seconds']:.1f}s"
    )
    if args.out:
        args.out.write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
