"""Benchmark storyline's cleaners against trafilatura on two article sets: text and metadata.

Why: cleaning and metadata choices must hold on pages they were not tuned on, and extraction is
the pipeline's most expensive step, so every row is scored for quality and timed per page.

Sets (read at run time from `../shared/extraction/`, never copied into the repo):
- `aeb`: the ScrapingHub article-extraction benchmark (181 pages, article body only). Scored
  with its own metric (word 4-gram shingles, see `shingles`) and with the token F1 below; its
  plain-text renderings also score the text-rendering cleaner.
- `wcxb`: the WCXB development pages whose page_type is "article" (711), against
  `main_content`, title, author and publish_date.

Token F1 (both sets): lowercased `\\w+` tokens (Unicode word characters), a bag per page;
precision = shared tokens / predicted tokens, recall = shared / true tokens, F1 per page; the
table shows the mean over pages of each (an empty prediction scores 0 on all three).
Metadata (WCXB): a page counts as right when the truth and the prediction are both absent, or
- title: the token F1 of the two titles is at least `TITLE_MIN_F1` (a site name appended
  with " | " or a dropped subtitle still matches; another headline does not);
- author: the first name listed has the same tokens once "by", honorifics and anything after
  a comma (credentials, roles) are dropped (`first_author`);
- date: the same calendar day (YYYY-MM-DD).

Run from the repo root:
`.venv/bin/python bench/extraction.py [--set aeb|wcxb|both] [--limit N] [--only SYSTEM ...]`;
`--sweep` instead scores trafilatura's two-pass policies (see `sweep`).
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
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

SHARED = REPO_ROOT.parent / "shared" / "extraction"
AEB_DIR = SHARED / "scrapinghub-aeb"
WCXB_DIR = SHARED / "wcxb-dev"
SHINGLE_N = 4  # the AEB benchmark's shingle size (word 4-grams)
TITLE_MIN_F1 = 0.8
_WORD = re.compile(r"\w+")
_AUTHOR_STOP = {"by", "written", "author", "dr", "mr", "mrs", "ms", "prof"}
_AUTHOR_SPLIT = re.compile(r";|\s+and\s+|\s*&\s*|\s*\|\s*")

TpFpFn = tuple[float, float, float]
Predictor = Callable[["Page"], "Prediction"]


# --- pages ------------------------------------------------------------------------------------
@dataclass
class Page:
    page_id: str
    html: str
    url: str | None
    text: str  # the true main text
    title: str | None = None
    author: str | None = None
    date: str | None = None
    rendering: str | None = None  # AEB: the page's plain-text rendering
    has_metadata: bool = False


@dataclass
class Prediction:
    text: str = ""
    title: str | None = None
    author: str | None = None
    date: str | None = None  # YYYY-MM-DD


def load_aeb(data: Path, limit: int | None) -> list[Page]:
    truth: dict[str, dict] = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[:limit] if limit else sorted(truth)
    pages = []
    for page_id in ids:
        with gzip.open(data / "html" / f"{page_id}.html.gz", "rt", encoding="utf-8") as handle:
            html = handle.read()
        rendering = (data / "text-rendering" / f"{page_id}.txt").read_text(encoding="utf-8")
        entry = truth[page_id]
        pages.append(Page(page_id, html, entry.get("url"), entry.get("articleBody", ""),
                          rendering=rendering))  # fmt: skip
    return pages


def load_wcxb(data: Path, limit: int | None) -> list[Page]:
    files = json.loads((data / "metadata.json").read_text(encoding="utf-8"))["files"]
    ids = sorted(page_id for page_id, meta in files.items() if meta["page_type"] == "article")
    ids = ids[:limit] if limit else ids
    pages = []
    for page_id in ids:
        record = json.loads((data / "ground-truth" / f"{page_id}.json").read_text("utf-8"))
        truth = record["ground_truth"]
        with gzip.open(data / "html" / f"{page_id}.html.gz", "rb") as handle:
            html = handle.read().decode("utf-8", errors="replace")
        pages.append(
            Page(page_id, html, record.get("url"), truth.get("main_content") or "",
                 truth.get("title") or None, truth.get("author") or None,
                 (truth.get("publish_date") or "")[:10] or None, has_metadata=True)
        )  # fmt: skip
    return pages


# --- scores -----------------------------------------------------------------------------------
def tokens(text: str | None) -> list[str]:
    return _WORD.findall((text or "").lower())


def token_prf(truth: str, pred: str) -> tuple[float, float, float]:
    """Bag-of-tokens precision, recall, F1 of one page (see the module docstring)."""
    true_bag, pred_bag = Counter(tokens(truth)), Counter(tokens(pred))
    shared = sum((true_bag & pred_bag).values())
    if not shared:
        return 0.0, 0.0, 0.0
    precision = shared / sum(pred_bag.values())
    recall = shared / sum(true_bag.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def shingles(text: str, n: int = SHINGLE_N) -> Counter[tuple[str, ...]]:
    """Multiset of word n-grams, case kept; a text shorter than n is one shingle (as upstream)."""
    words = _WORD.findall(text or "")
    grams = [tuple(words[i : i + n]) for i in range(max(1, len(words) - n + 1))]
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


def shingle_f1(counts: list[TpFpFn]) -> float:
    """The AEB metric: mean precision and mean recall over pages (as upstream filters them),
    then their harmonic mean."""
    precisions = [_ratio(tp, fp, fn, fp) for tp, fp, fn in counts if tp + fp > 0]
    recalls = [_ratio(tp, fp, fn, fn) for tp, fp, fn in counts if tp + fn > 0]
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _ratio(tp: float, fp: float, fn: float, miss: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + miss) if tp + miss else 0.0


def title_match(truth: str | None, pred: str | None) -> bool:
    if not truth or not pred:
        return not truth and not pred
    return token_prf(truth, pred)[2] >= TITLE_MIN_F1


def author_match(truth: str | None, pred: str | None) -> bool:
    return first_author(truth) == first_author(pred)


def first_author(value: str | None) -> tuple[str, ...]:
    """Tokens of the first name listed, without "by", honorifics or what follows a comma (a
    credential or a role: "Dr. Jane Doe, RN" -> ("jane", "doe"))."""
    first = _AUTHOR_SPLIT.split(value or "", maxsplit=1)[0].split(",", 1)[0]
    return tuple(token for token in tokens(first) if token not in _AUTHOR_STOP)


def date_match(truth: str | None, pred: str | None) -> bool:
    return (truth or None) == (pred or None)


# --- systems ----------------------------------------------------------------------------------
@dataclass
class Scores:
    name: str
    pages: int = 0
    seconds: float = 0.0
    prf: list[tuple[float, float, float]] = field(default_factory=list)
    counts: list[TpFpFn] = field(default_factory=list)
    title: int = 0
    author: int = 0
    date: int = 0
    metadata_pages: int = 0
    worst: list[tuple[float, str]] = field(default_factory=list)


def score_all(names: list[str], pages: list[Page], systems: list[Predictor]) -> list[Scores]:
    """Run every system on each page in turn, so load from other processes on the machine
    falls on all of them alike; the time covers the extraction call only. The first page is
    run once untimed by each system (imports, lazy tables)."""
    results = [Scores(name) for name in names]
    for predict in systems if pages else []:
        predict(pages[0])
    for page in pages:
        for result, predict in zip(results, systems, strict=True):
            start = time.perf_counter()
            pred = predict(page)
            result.seconds += time.perf_counter() - start
            _add(result, page, pred)
    return results


def _add(result: Scores, page: Page, pred: Prediction) -> None:
    result.pages += 1
    prf = token_prf(page.text, pred.text)
    result.prf.append(prf)
    result.worst.append((prf[2], page.page_id))
    result.counts.append(tp_fp_fn(page.text, pred.text))
    if page.has_metadata:
        result.metadata_pages += 1
        result.title += title_match(page.title, pred.title)
        result.author += author_match(page.author, pred.author)
        result.date += date_match(page.date, pred.date)


def _trafilatura(**modes) -> Callable[[Page], Prediction]:
    import trafilatura

    def predict(page: Page) -> Prediction:
        try:
            doc = trafilatura.bare_extraction(
                page.html, url=page.url, with_metadata=True, include_comments=False, **modes
            )
        except AssertionError:  # htmldate on mangled markup (storyline rejects these)
            doc = None
        if doc is None:
            return Prediction()
        return Prediction(doc.text or "", doc.title, doc.author, (doc.date or "")[:10] or None)

    return predict


def _storyline(page: Page) -> Prediction:
    from transforms.htmlpage import extract_html
    from transforms.rejects import RejectError

    try:
        extracted = extract_html(page.html, url=page.url)
    except RejectError:
        return Prediction()
    if extracted is None:
        return Prediction()
    published = extracted.published.date().isoformat() if extracted.published else None
    return Prediction(extracted.text, extracted.title, extracted.author, published)


def _text_cleaner(page: Page) -> Prediction:
    from transforms.textpage import clean_text_rendering

    if page.rendering is None:
        return Prediction()
    cleaned = clean_text_rendering(page.rendering)
    published = cleaned.published.date().isoformat() if cleaned.published else None
    return Prediction(cleaned.text, cleaned.title, cleaned.author, published)


SYSTEMS: dict[str, tuple[str, Callable[[], Callable[[Page], Prediction]]]] = {
    "storyline": ("storyline htmlpage.extract_html", lambda: _storyline),
    "default": ("trafilatura defaults", lambda: _trafilatura()),
    "fast": ("trafilatura fast=True", lambda: _trafilatura(fast=True)),
    "precision": ("trafilatura favor_precision", lambda: _trafilatura(favor_precision=True)),
    "recall": ("trafilatura favor_recall", lambda: _trafilatura(favor_recall=True)),
    "text": ("storyline textpage (text rendering)", lambda: _text_cleaner),
    "whole": ("text rendering kept whole", lambda: lambda page: Prediction(page.rendering or "")),
}
HTML_SYSTEMS = ["storyline", "default", "fast", "precision", "recall"]
TEXT_SYSTEMS = ["text", "whole"]


def sweep(set_name: str, pages: list[Page]) -> None:
    """Each trafilatura mode once per page (text and time kept), then the two-pass policies
    "mode A, then mode B when A's text is under N characters; the longer text wins" scored
    from those runs: how `transforms/htmlpage.py` chose its modes and `FULL_BELOW_CHARS`."""
    import trafilatura
    from trafilatura.utils import load_html

    modes = {"fast": {"fast": True}, "balanced": {}, "recall": {"favor_recall": True},
             "precision": {"favor_precision": True}}  # fmt: skip
    runs: list[dict[str, tuple[str, float]]] = []
    for flags in modes.values() if pages else []:  # untimed warm-up (lazy tables, stop lists)
        trafilatura.bare_extraction(load_html(pages[0].html), include_comments=False, **flags)
    for page in pages:
        tree = load_html(page.html)
        row = {}
        for mode, flags in modes.items():
            start = time.perf_counter()
            try:
                doc = trafilatura.bare_extraction(
                    tree, url=page.url, include_comments=False, **flags
                )
            except AssertionError:
                doc = None
            row[mode] = ((doc.text or "").strip() if doc else "", time.perf_counter() - start)
        runs.append(row)
    print(f"\n{set_name}: {len(pages)} pages, two-pass policies (token F1, ms/page, second pass)")
    policies = [(mode, None, 0) for mode in modes] + [
        (first, second, limit)
        for first, second in (("fast", "balanced"), ("recall", "balanced"), ("recall", "precision"))
        for limit in (1000, 2000, 4000)
    ]
    for first, second, limit in policies:
        f1s, cost, again = [], 0.0, 0
        for page, row in zip(pages, runs, strict=True):
            text, seconds = row[first]
            if second and len(text) < limit:
                again += 1
                seconds += row[second][1]
                text = max(text, row[second][0], key=len)
            f1s.append(token_prf(page.text, text)[2])
            cost += seconds
        label = f"{first}, {second} under {limit} chars" if second else first
        print(f"  {label:<36} {statistics.mean(f1s):.4f} {1000 * cost / len(pages):6.1f}"
              f" {again / len(pages):5.0%}")  # fmt: skip


def print_table(set_name: str, results: list[Scores], shingle_metric: bool) -> None:
    header = f"{'system':<38} {'P':>6} {'R':>6} {'F1':>6}"
    header += f" {'4gram F1':>8}" if shingle_metric else ""
    header += f" {'title':>7} {'author':>7} {'date':>7}" if results[0].metadata_pages else ""
    print(f"\n{set_name}: {results[0].pages} pages\n{header} {'ms/page':>8}")
    for res in results:
        columns = zip(*res.prf, strict=True)
        means = [statistics.mean(column) for column in columns] if res.prf else [0.0] * 3
        row = f"{res.name:<38} {means[0]:>6.3f} {means[1]:>6.3f} {means[2]:>6.3f}"
        row += f" {shingle_f1(res.counts):>8.3f}" if shingle_metric else ""
        if res.metadata_pages:
            row += f" {res.title:>3}/{res.metadata_pages:<3}".rjust(8)
            row += f" {res.author:>3}/{res.metadata_pages:<3}".rjust(8)
            row += f" {res.date:>3}/{res.metadata_pages:<3}".rjust(8)
        row += f" {1000 * res.seconds / max(res.pages, 1):>8.1f}"
        print(row)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=["aeb", "wcxb", "both"], default="both")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pages")
    parser.add_argument("--only", choices=sorted(SYSTEMS), action="append",
                        help="run only these systems (repeatable)")  # fmt: skip
    parser.add_argument("--worst", type=int, default=0, help="list each system's N worst pages")
    parser.add_argument("--sweep", action="store_true", help="score trafilatura two-pass policies")
    args = parser.parse_args(argv)

    sets = []
    if args.set in ("aeb", "both"):
        sets.append(("aeb", load_aeb(AEB_DIR, args.limit), HTML_SYSTEMS + TEXT_SYSTEMS))
    if args.set in ("wcxb", "both"):
        sets.append(("wcxb", load_wcxb(WCXB_DIR, args.limit), HTML_SYSTEMS))
    for set_name, pages, keys in sets:
        if args.sweep:
            sweep(set_name, pages)
            continue
        keys = [key for key in keys if not args.only or key in args.only]
        if not keys:
            continue
        names = [SYSTEMS[key][0] for key in keys]
        results = score_all(names, pages, [SYSTEMS[key][1]() for key in keys])
        print_table(set_name, results, shingle_metric=set_name == "aeb")
        for res in results if args.worst else []:
            worst = sorted(res.worst)[: args.worst]
            print(f"  worst for {res.name}: " + " ".join(f"{pid}:{f1:.2f}" for f1, pid in worst))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
