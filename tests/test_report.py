"""`storyline report`: the seeds' story and lineage, escaping, and the detail cap at scale."""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pyarrow as pa

from pipeline.cli import main
from pipeline.report import marked
from schemas.arrow import ARTICLES_SCHEMA, STORIES_SCHEMA
from transforms.shards import write_table
from transforms.store import WrittenFile, commit_run, open_snapshot, plan_run

HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
T0 = datetime(2024, 11, 20, tzinfo=UTC)


def article(doc_id: str, **fields) -> dict:
    """One articles row of the contract's schema, every field defaulted."""
    row = {name: None for name in ARTICLES_SCHEMA.names}
    row.update(doc_id=doc_id, source=f"in/{doc_id}.html", text=f"Body of {doc_id}.", word_count=3,
               input_format="html", page_kind="article", content_hash=doc_id, cluster_id=doc_id,
               is_canonical=True, duplicate_score=1.0, relation="original")  # fmt: skip
    row.update(fields)
    return row


def write_output(out: Path, stories: dict[str, list[dict]], *, partitions_for: int | None = None):
    """A storyline output written with pyarrow; article partitions for the first `partitions_for`
    stories only when given (the stories table lists all): all a report of them reads."""
    story_rows, written = [], []
    for i, (story_id, articles) in enumerate(stories.items()):
        if partitions_for is None or i < partitions_for:
            path = f"story_id={story_id}/part-0.parquet"
            (out / "articles" / path).parent.mkdir(parents=True)
            table = pa.Table.from_pylist(articles, schema=ARTICLES_SCHEMA)
            size = write_table(str(out / "articles" / path), table)
            written.append(
                WrittenFile("articles", path, size, len(articles), (("story_id", story_id),))
            )
        dates = [a["published"] for a in articles if a["published"]]
        story_rows.append(
            {
                "story_id": story_id,
                "headline": articles[0]["title"],
                "article_count": len(articles),
                "unique_count": sum(a["is_canonical"] for a in articles),
                "sites": sorted({a["site"] for a in articles if a["site"]}),
                "first_published": min(dates, default=None),
                "last_published": max(dates, default=None),
            }
        )
    if story_rows:
        (out / "stories").mkdir(parents=True)
        table = pa.Table.from_pylist(story_rows, schema=STORIES_SCHEMA)
        size = write_table(str(out / "stories" / "part-0.parquet"), table)
        written.append(WrittenFile("stories", "part-0.parquet", size, len(story_rows)))
    out.mkdir(parents=True, exist_ok=True)
    commit_run(plan_run(str(out), "hand-written"), written)  # committed, as a run's are
    return out


class Elements(HTMLParser):
    """Start tags as (tag, attrs) -- what a browser's DOM would contain, counted by class."""

    def __init__(self, page: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def having(self, tag: str, classes: str) -> list[dict]:
        wanted = set(classes.split())
        return [
            a for t, a in self.tags if t == tag and wanted <= set((a.get("class") or "").split())
        ]


def report(output: Path, tmp_path: Path, *flags: str) -> str:
    page = tmp_path / "report.html"
    assert main(["report", str(output), "--html", str(page), *flags]) == 0
    return page.read_text(encoding="utf-8")


def _seed_doc_ids(output: Path) -> dict[str, dict]:
    rows = duckdb.sql(
        f"SELECT * FROM read_parquet('{output}/articles/**/*.parquet', hive_partitioning=true)"
    )
    found = [dict(zip(rows.columns, values, strict=True)) for values in rows.fetchall()]
    return {re.match(r"(\d{3})_", row["source"]).group(1): row for row in found}


def test_seeds_report_has_one_story_four_articles_one_duplicate_and_one_rewrite_link(
    seeds_run, tmp_path
):
    page = report(seeds_run, tmp_path)
    dom = Elements(page)
    seeds = _seed_doc_ids(seeds_run)
    assert len(dom.having("details", "story")) == 1
    assert len(dom.having("tr", "article")) == 4
    assert len(dom.having("g", "node")) == 4
    [duplicate] = dom.having("path", "edge duplicate")
    [rewrite] = dom.having("path", "edge rewrite")
    copy = next(row for row in seeds.values() if row["relation"] == "duplicate")
    assert copy["source"].endswith(("000_e6cf83233b6b6c1e.txt", "001_5d70e10b8c296698.txt"))
    assert (duplicate["data-from"], duplicate["data-to"]) == (copy["duplicate_of"], copy["doc_id"])
    assert (rewrite["data-from"], rewrite["data-to"]) == (
        seeds["002"]["doc_id"],
        seeds["003"]["doc_id"],
    )
    assert "duplicate of" in page and "rewrite of" in page and "canonical" in page


def test_seeds_report_marks_every_rewrite_evidence_passage(seeds_run, tmp_path):
    page = report(seeds_run, tmp_path)
    evidence = _seed_doc_ids(seeds_run)["003"]["rewrite_evidence"]
    marks = re.findall(r'<mark class="evidence">(.*?)</mark>', page, flags=re.S)
    assert evidence and marks
    text = "\n".join(marks).replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&")
    assert all(passage in text for passage in evidence)


def test_report_is_self_contained(seeds_run, tmp_path):
    page = report(seeds_run, tmp_path)
    dom = Elements(page)
    assert not [t for t, _ in dom.tags if t in ("script", "link", "iframe", "img", "object")]
    assert "@import" not in page and "url(http" not in page


def test_hostile_text_is_escaped_everywhere(tmp_path):
    story = [
        article("a<b>", title=HOSTILE, site=HOSTILE, url="javascript:alert(3)", text=HOSTILE,
                published=T0),
        article("b", title="plain", text=f"Copy: {HOSTILE}", relation="rewrite", rewrite_of="a<b>",
                rewrite_score=0.5, rewrite_evidence=[HOSTILE], published=T0 + timedelta(hours=1)),
    ]  # fmt: skip
    page = report(write_output(tmp_path / "out", {'x"><script>': story}), tmp_path)
    dom = Elements(page)
    assert not [t for t, _ in dom.tags if t in ("script", "img")]
    assert not [name for _, attrs in dom.tags for name in attrs if name.startswith("on")]
    assert "javascript:" not in page  # only http(s) urls become links
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<mark class="evidence">&lt;script&gt;' in page
    assert [a["data-story-id"] for a in dom.having("details", "story")] == ['x"><script>']


def test_marked_merges_overlaps_escapes_and_reports_missing():
    body, missing = marked("a <b> c d", ["<b> c", "c d", "absent", ""])
    assert body == 'a <mark class="evidence">&lt;b&gt; c d</mark>'
    assert missing == ["absent"]


def _sized_stories(count: int, largest: int) -> dict[str, list[dict]]:
    """`count` stories with ids s00000..; the first `largest` have 3 articles, the rest 1."""
    stories = {}
    for i in range(count):
        size = 3 if i < largest else 1
        stories[f"s{i:05d}"] = [
            article(f"d{i}-{j}", title=f"story {i} article {j}", site=f"site{j}.example",
                    text=f"text of story {i} article {j}", published=T0 + timedelta(minutes=i + j))
            for j in range(size)
        ]  # fmt: skip
    return stories


def test_detail_cap_shows_the_largest_stories_in_full_and_lists_the_rest(tmp_path):
    stories = _sized_stories(30, largest=5)
    shuffled = dict(sorted(stories.items(), key=lambda item: item[0][::-1]))  # size != file order
    page = report(write_output(tmp_path / "out", shuffled), tmp_path, "--detail", "5")
    dom = Elements(page)
    detailed = [a["data-story-id"] for a in dom.having("details", "story")]
    assert sorted(detailed) == [f"s{i:05d}" for i in range(5)]
    assert len(dom.having("tr", "story compact")) == 25
    assert len({a["data-story-id"] for _, a in dom.tags if "data-story-id" in a}) == 30
    assert "text of story 29 article 0" not in page  # compact stories carry no article text
    assert "text of story 0 article 2" in page


def test_ten_thousand_stories_stay_one_small_page(tmp_path):
    # Partitions only for the 100 largest: the report must not need the others.
    stories = _sized_stories(10_000, largest=100)
    output = write_output(tmp_path / "out", stories, partitions_for=100)
    started = time.monotonic()
    page = report(output, tmp_path)
    assert time.monotonic() - started < 30
    classes = Counter(a.get("class") for _, a in Elements(page).tags)
    assert classes["story"] == 100 and classes["story compact"] == 9_900
    assert len(page.encode()) < 6_000_000


def test_missing_output_is_one_line_and_exit_2(tmp_path, capsys):
    assert main(["report", str(tmp_path / "nope"), "--html", str(tmp_path / "r.html")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("storyline: error: ")
    assert not (tmp_path / "r.html").exists()


def test_html_flag_is_required(tmp_path, capsys):
    assert main(["report", str(tmp_path)]) == 2
    assert "--html" in capsys.readouterr().err


def test_the_page_says_which_store_run_and_commit_it_shows(seeds_run, tmp_path):
    page = report(seeds_run, tmp_path)
    (meta,) = re.findall(r'<p class="meta">([^<]*)</p>', page)
    run = open_snapshot(str(seeds_run)).run[:8]
    seconds = json.loads((seeds_run / "run_summary.json").read_text())["seconds"]
    assert re.fullmatch(
        rf"{re.escape(str(seeds_run))} · run {run} · {seconds:.1f} s · committed "
        r"\d{4}-\d\d-\d\d \d\d:\d\d UTC "
        r"\(version 0\)",
        meta,
    )
