"""Benchmark the page-kind guess (`transforms.page_kind`) on WCXB's development pages.

Why: pages that are not articles (service, forum, listing, product, collection, documentation)
must become `not_article` rejects while articles are kept; this scores the guess as the clean
stage makes it (`clean_unit` on an HTML unit, with the page's URL as a WARC record carries it)
against each page's labelled kind. It prints the confusion per kind, article recall,
non-article recall, their mean (balanced accuracy), and the guess's own ms/page.

`--split` checks that the way the weights were chosen holds on sites it did not see: it refits
the votes (a class-weighted logistic regression on the same signals) on half the sites and
scores the other half, both ways round. WCXB is CC-BY-4.0, copyright Murrough Foley.

Run from the repo root: `.venv/bin/python bench/page_kinds.py [--data DIR] [--no-url] [--split]`.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
import zlib
from collections import Counter
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from schemas.records import Article, RawUnit  # noqa: E402
from transforms.clean import clean_unit  # noqa: E402
from transforms.decode import decode_bytes  # noqa: E402
from transforms.page_kind import (  # noqa: E402
    ARTICLE,
    ARTICLE_VOTES,
    KINDS,
    guess_page_kind,
    page_signals,
)

DEFAULT_DATA = REPO_ROOT.parent / "shared" / "extraction" / "wcxb-dev"
AEB_DATA = REPO_ROOT.parent / "shared" / "extraction" / "scrapinghub-aeb"
ARTICLES_WEIGHT = 5  # in the fit: a lost article costs more than a kept service page
KEEP_ARTICLES = 0.983  # the fit's cut keeps this share of its half's articles


def load_pages(data: Path, limit: int | None) -> list[dict]:
    files = json.loads((data / "metadata.json").read_text())["files"]
    pages = []
    for page_id in sorted(files)[:limit]:
        truth = json.loads((data / "ground-truth" / f"{page_id}.json").read_text())
        with gzip.open(data / "html" / f"{page_id}.html.gz", "rb") as handle:
            payload = handle.read()
        meta = files[page_id]
        pages.append(
            {"id": page_id, "kind": meta["page_type"], "domain": meta["domain"],
             "url": truth.get("url"), "payload": payload}
        )  # fmt: skip
    return pages


def guess(page: dict, with_url: bool) -> tuple[str, bool, dict[str, float], float]:
    """(kind, whether trafilatura found main text, the page's signals, CPU seconds the guess
    alone took). The kind is the clean stage's (`clean_unit`); a page without main text is a
    no_content reject in a run, and is guessed here from its markup and URL alone."""
    url = page["url"] if with_url else None
    unit = RawUnit(source=page["id"], kind="html", payload=page["payload"], url=url)
    result = clean_unit(unit, min_words=0, keep_non_articles=True)
    has_text = isinstance(result, Article)
    url, text = (result.url, result.text) if has_text else (url, "")
    html = decode_bytes(page["payload"])
    started = time.process_time()
    kind = guess_page_kind(html, url, text)
    seconds = time.process_time() - started
    assert not has_text or kind == result.page_kind
    return kind, has_text, page_signals(html, url, text), seconds


def recalls(truth: list[str], guessed: list[str]) -> tuple[float, float, float]:
    """Article recall, non-article recall, and their mean."""
    articles = [g == ARTICLE for t, g in zip(truth, guessed, strict=True) if t == ARTICLE]
    others = [g != ARTICLE for t, g in zip(truth, guessed, strict=True) if t != ARTICLE]
    article_recall = sum(articles) / max(len(articles), 1)
    other_recall = sum(others) / max(len(others), 1)
    return article_recall, other_recall, (article_recall + other_recall) / 2


def print_confusion(truth: list[str], guessed: list[str]) -> None:
    columns = list(KINDS)
    counts = Counter(zip(truth, guessed, strict=True))
    print(f"{'truth / guess':<15}" + "".join(f"{c[:10]:>11}" for c in columns) + "  recall")
    for kind in KINDS:
        row = [counts[(kind, c)] for c in columns]
        total = sum(row)
        right = counts[(kind, kind)] if kind == ARTICLE else total - counts[(kind, ARTICLE)]
        print(f"{kind:<15}" + "".join(f"{n:>11}" for n in row) + f"  {right / max(total, 1):.3f}")
    print("(recall of a non-article kind: told apart from articles, whatever kind is guessed)")


def fit_votes(signals: np.ndarray, is_article: np.ndarray, iterations: int = 3000) -> np.ndarray:
    """Logistic regression on standardised signals, classes balanced and articles weighted
    `ARTICLES_WEIGHT` times, light L2; returns the weights and bias in signal units."""
    mean, scale = signals.mean(0), signals.std(0) + 1e-9
    z = (signals - mean) / scale
    weights, bias = np.zeros(z.shape[1]), 0.0
    share = is_article.mean()
    class_weight = np.where(is_article == 1, ARTICLES_WEIGHT * 0.5 / share, 0.5 / (1 - share))
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-(z @ weights + bias)))
        gradient = (p - is_article) * class_weight
        weights -= 0.1 * (z.T @ gradient / len(z) + 0.003 * weights)
        bias -= 0.1 * gradient.mean()
    weights = weights / scale
    return np.append(weights, bias - weights @ mean)


def split_check(pages: list[dict], signals: list[dict[str, float]]) -> None:
    """Refit on the sites of one half (by a hash of the domain), cut where `KEEP_ARTICLES` of
    that half's articles are kept, and score the other half."""
    names = [name for name in ARTICLE_VOTES if name != "bias"]
    rows = list(range(len(signals)))
    x = np.array([[signals[i][n] for n in names] for i in rows])
    y = np.array([pages[i]["kind"] == ARTICLE for i in rows], dtype=float)
    half = np.array([zlib.crc32(pages[i]["domain"].encode()) % 2 for i in rows])
    print(f"\nsplit by site (refit on one half, cut at {KEEP_ARTICLES:.1%} of its articles):")
    for train in (0, 1):
        fitted = fit_votes(x[half == train], y[half == train])
        scores = x @ fitted[:-1] + fitted[-1]
        cut = np.quantile(scores[(half == train) & (y == 1)], 1 - KEEP_ARTICLES)
        for name, part in (("fit half", half == train), ("other half", half != train)):
            truth = [ARTICLE if v else "other" for v in y[part]]
            guessed = [ARTICLE if s >= cut else "other" for s in scores[part]]
            a, o, b = recalls(truth, guessed)
            print(
                f"  fit on half {train}, {name:<10} ({part.sum():>3} pages): article recall "
                f"{a:.3f}  non-article recall {o:.3f}  balanced {b:.3f}"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="WCXB directory")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument(
        "--no-url", action="store_true", help="no container URL: only what the page declares"
    )
    parser.add_argument("--split", action="store_true", help="refit on half the sites too")
    parser.add_argument(
        "--aeb", type=Path, default=AEB_DATA, help="article-only set for a second article recall"
    )
    args = parser.parse_args(argv)
    pages = load_pages(args.data, args.limit)
    truth, guessed, signals, seconds, no_text = [], [], [], 0.0, Counter()
    for page in pages:
        kind, has_text, page_signals_, took = guess(page, with_url=not args.no_url)
        truth.append(page["kind"])
        guessed.append(kind)
        signals.append(page_signals_)
        seconds += took
        no_text[page["kind"]] += not has_text
    print(f"{len(pages)} pages, {'no URL' if args.no_url else 'URL as a WARC record has it'}")
    print_confusion(truth, guessed)
    article_recall, other_recall, balanced = recalls(truth, guessed)
    print(f"article recall      {article_recall:.3f}")
    print(f"non-article recall  {other_recall:.3f}")
    print(f"balanced accuracy   {balanced:.3f}")
    print(f"guess               {1000 * seconds / len(pages):.1f} ms/page CPU (not the extraction)")
    print(f"no main text        {dict(+no_text)} (no_content rejects in a run, guessed here)")
    for half in (0, 1):
        part = [zlib.crc32(p["domain"].encode()) % 2 == half for p in pages]
        a, o, b = recalls(
            [t for t, keep in zip(truth, part, strict=True) if keep],
            [g for g, keep in zip(guessed, part, strict=True) if keep],
        )
        print(f"  sites of half {half}: article recall {a:.3f}  non-article {o:.3f}  "
              f"balanced {b:.3f}")  # fmt: skip
    if args.split:
        split_check(pages, signals)
    if args.aeb.is_dir() and not args.limit:
        aeb_check(args.aeb, with_url=not args.no_url)
    return 0


def aeb_check(data: Path, with_url: bool) -> None:
    """Article recall on the article-extraction benchmark: news articles only."""
    truth = json.loads((data / "ground-truth.json").read_text())
    kinds = Counter()
    for page_id, fields in sorted(truth.items()):
        with gzip.open(data / "html" / f"{page_id}.html.gz", "rb") as handle:
            page = {"id": page_id, "url": fields.get("url"), "payload": handle.read()}
        kinds[guess(page, with_url)[0]] += 1
    print(f"\nAEB ({sum(kinds.values())} news articles): article recall "
          f"{kinds[ARTICLE] / sum(kinds.values()):.3f}, guessed {dict(kinds)}")  # fmt: skip


if __name__ == "__main__":
    raise SystemExit(main())
