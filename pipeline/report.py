"""`storyline report OUT --html FILE`: one self-contained HTML page to review a run by eye.

Self-contained: inline CSS, no JavaScript, no fetches; stories fold with <details>, lineage
graphs are inline SVG. Every string from the data goes through `html.escape`, so a title like
`<script>` is shown as text.

At scale (10,000 stories) the page stays usable and small by a detail cap, not pagination
(pagination would mean several files or JavaScript): stories are sorted by size and the
first `--detail N` (default 100) get a collapsed <details> section -- articles with relation
and scores, a lineage graph, each text (folded) with the rewrite evidence <mark>ed. Every other
story is one row of a compact table (headline, first/last published, counts, sites). Only the
detailed stories' articles are read (text included), and a detailed story shows at most
MAX_ARTICLES articles, so the file grows by ~300 bytes per extra story.

Lineage graph: an arc diagram, articles as nodes in publication order, an arc from each
canonical article to its duplicates (below, class="edge duplicate") and from each rewrite
source to its rewrite (above, class="edge rewrite").
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import duckdb
from deltalake import DeltaTable

from pipeline.query import parse_and_open, read_partitions
from pipeline.summary import read_summary
from pipeline.usage import OneLineParser, UsageError
from transforms.store import COMMIT_POINT, open_snapshot, table_uri

DEFAULT_DETAIL = 100
MAX_ARTICLES = 200  # per detailed story; the rest of a huge story is counted, not shown
_GAP, _PAD, _RADIUS = 120, 60, 14  # graph geometry (px)


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "—"


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _short(text: str | None, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# ---------------------------------------------------------------- data


def _dicts(cursor: duckdb.DuckDBPyConnection) -> list[dict]:
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def load_stories(con: duckdb.DuckDBPyConnection) -> list[dict]:
    return _dicts(
        con.execute(
            "SELECT * FROM stories ORDER BY article_count DESC, unique_count DESC, "
            "first_published NULLS LAST, story_id"
        )
    )


def load_articles(con: duckdb.DuckDBPyConnection, output: str, story_ids: Sequence[str]) -> dict:
    """story_id -> its articles in publication order; reads only these stories' partitions."""
    if not story_ids:
        return {}
    try:
        rows = _dicts(read_partitions(con, output, list(story_ids)))
    except duckdb.Error:  # a story without its partition: slower, but lists what exists
        rows = _dicts(
            con.execute("SELECT * FROM articles WHERE story_id IN (SELECT unnest(?))", [story_ids])
        )
    order = {story_id: i for i, story_id in enumerate(story_ids)}
    undated = datetime.max.replace(tzinfo=UTC)
    rows.sort(key=lambda r: (order[r["story_id"]], r["published"] or undated, r["doc_id"]))
    by_story: dict[str, list[dict]] = {}
    for row in rows:
        by_story.setdefault(row["story_id"], []).append(row)
    return by_story


def load_totals(con: duckdb.DuckDBPyConnection) -> dict:
    return _dicts(
        con.execute(
            "SELECT (SELECT count(*) FROM stories) AS stories, count(*) AS articles, "
            "count(*) FILTER (WHERE is_canonical) AS unique_articles, "
            "count(*) FILTER (WHERE relation = 'duplicate') AS duplicates, "
            "count(*) FILTER (WHERE relation = 'rewrite') AS rewrites, "
            "(SELECT count(*) FROM rejects) AS rejects FROM articles"
        )
    )[0]


def load_rejects(con: duckdb.DuckDBPyConnection) -> list[dict]:
    return _dicts(
        con.execute(
            "SELECT stage, reason, count(*) AS rejects FROM rejects "
            "GROUP BY ALL ORDER BY rejects DESC, stage, reason"
        )
    )


# ---------------------------------------------------------------- pieces


def marked(text: str, passages: Iterable[str]) -> tuple[str, list[str]]:
    """Escaped `text` with every verbatim occurrence of a passage in <mark>; + passages not found.

    Spans are found on the raw text and merged, then each segment is escaped on its own, so a
    mark never splits an entity and no data ever reaches the page unescaped.
    """
    spans, missing = [], []
    for passage in passages or ():
        passage = passage.strip()
        if not passage:
            continue
        start, found = text.find(passage), False
        while start >= 0:
            spans.append((start, start + len(passage)))
            found = True
            start = text.find(passage, start + len(passage))
        if not found:
            missing.append(passage)
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, cursor = [], 0
    for start, end in merged:
        out.append(esc(text[cursor:start]))
        out.append(f'<mark class="evidence">{esc(text[start:end])}</mark>')
        cursor = end
    out.append(esc(text[cursor:]))
    return "".join(out), missing


def _site(article: dict) -> str:
    if article.get("site"):
        return article["site"]
    url = article.get("url") or ""
    if "://" in url:
        return url.split("://", 1)[1].split("/", 1)[0]
    return posixpath.basename(article.get("source") or "") or "?"


def _label(article: dict) -> str:
    return article.get("title") or _short(article.get("text"), 80) or article["doc_id"]


def lineage_svg(articles: Sequence[dict], numbers: dict[str, int]) -> str:
    """Arc diagram: nodes in order; duplicate arcs below the line, rewrite arcs above."""
    index = {article["doc_id"]: i for i, article in enumerate(articles)}
    edges = []
    for article in articles:
        for kind, parent in (
            ("duplicate", article["duplicate_of"]),
            ("rewrite", article["rewrite_of"]),
        ):
            if parent and parent in index and parent != article["doc_id"]:
                edges.append((kind, parent, article["doc_id"]))

    def apex(parent: str, child: str) -> float:  # arc height grows with the distance spanned
        return min(18 + abs(index[parent] - index[child]) * _GAP * 0.3, 140)

    up = max([apex(a, b) for kind, a, b in edges if kind == "rewrite"], default=0)
    down = max([apex(a, b) for kind, a, b in edges if kind == "duplicate"], default=0)
    width = 2 * _PAD + max(len(articles) - 1, 0) * _GAP
    baseline = 8 + max(up, _RADIUS)
    labels = baseline + max(down, _RADIUS) + 16
    height = labels + 8
    parts = [
        f'<svg class="lineage" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
        f'aria-label="lineage graph: {len(articles)} articles, {len(edges)} links">'
    ]
    for kind, parent, child in edges:
        x1, x2 = _PAD + index[parent] * _GAP, _PAD + index[child] * _GAP
        lift = apex(parent, child) * (2 if kind == "duplicate" else -2)  # control = 2 x apex
        parts.append(
            f'<path class="edge {kind}" data-from="{esc(parent)}" data-to="{esc(child)}" '
            f'd="M {x1} {baseline} Q {(x1 + x2) / 2} {baseline + lift} {x2} {baseline}" '
            f'marker-end="url(#arrow-{kind})"><title>#{numbers[child]} is a {kind} of '
            f"#{numbers[parent]}</title></path>"
        )
    for i, article in enumerate(articles):
        x, number = _PAD + i * _GAP, numbers[article["doc_id"]]
        parts.append(
            f'<g class="node {esc(article["relation"])}" data-doc-id="{esc(article["doc_id"])}">'
            f"<title>#{number} {esc(_label(article))}</title>"
            f'<circle cx="{x}" cy="{baseline}" r="{_RADIUS}"/>'
            f'<text x="{x}" y="{baseline + 4}" class="num">{number}</text>'
            f'<text x="{x}" y="{labels}" class="site">'
            f"{esc(_short(_site(article), 17))}</text></g>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _relation(article: dict, numbers: dict[str, int], copies: dict[str, int]) -> str:
    relation = article["relation"]
    if relation == "duplicate" and article["duplicate_of"] in numbers:
        parent = article["duplicate_of"]
        return f'duplicate of <a href="#a-{esc(parent)}">#{numbers[parent]}</a>'
    if relation == "rewrite" and article["rewrite_of"] in numbers:
        parent = article["rewrite_of"]
        text = f'rewrite of <a href="#a-{esc(parent)}">#{numbers[parent]}</a>'
    elif relation == "original":
        text = "canonical"
    else:
        text = esc(relation)
    if copies.get(article["doc_id"]):
        n = copies[article["doc_id"]]
        text += f" · {n} duplicate{'s' if n > 1 else ''}"
    return text


def story_details(story: dict, articles: list[dict], open_: bool) -> str:
    shown = articles[:MAX_ARTICLES]
    numbers = {article["doc_id"]: i + 1 for i, article in enumerate(shown)}
    copies: dict[str, int] = {}
    for article in shown:
        if article["relation"] == "duplicate" and article["duplicate_of"]:
            copies[article["duplicate_of"]] = copies.get(article["duplicate_of"], 0) + 1
    rows, texts = [], []
    for article in shown:
        doc_id, number = article["doc_id"], numbers[article["doc_id"]]
        rows.append(
            f'<tr class="article {esc(article["relation"])}" id="a-{esc(doc_id)}" '
            f'data-doc-id="{esc(doc_id)}"><td>#{number}</td>'
            f"<td>{_link(article)}</td><td>{esc(_site(article))}</td>"
            f"<td>{esc(_when(article['published']))}</td>"
            f"<td>{_relation(article, numbers, copies)}</td>"
            f'<td class="n">{_score(article["duplicate_score"])}</td>'
            f'<td class="n">{_score(article["rewrite_score"])}</td>'
            f'<td class="n">{article["word_count"]}</td></tr>'
        )
        texts.append(_article_text(article, number, open_ and article["relation"] == "rewrite"))
    more = len(articles) - len(shown)
    extra = f'<p class="note">and {more} more articles not shown</p>' if more > 0 else ""
    return (
        f'<details class="story" id="story-{esc(story["story_id"])}" '
        f'data-story-id="{esc(story["story_id"])}"{" open" if open_ else ""}>'
        f"<summary>{_story_heading(story)}</summary>"
        f'<div class="graph">{lineage_svg(shown, numbers)}</div>'
        '<table class="articles"><thead><tr><th></th><th>title</th><th>site</th>'
        "<th>published</th><th>relation</th><th>dup score</th><th>rewrite score</th>"
        f"<th>words</th></tr></thead><tbody>{''.join(rows)}</tbody></table>{extra}"
        f"{''.join(texts)}</details>"
    )


def _link(article: dict) -> str:
    label = esc(_label(article))
    if not article.get("title"):
        label = f"<i>{label}</i>"
    url = article.get("url") or ""
    if url.startswith(("http://", "https://")):
        return f'<a href="{esc(url)}" rel="noreferrer">{label}</a>'
    return label


def _article_text(article: dict, number: int, open_: bool) -> str:
    body, missing = marked(article["text"], article["rewrite_evidence"] or ())
    evidence = article["rewrite_evidence"] or []
    note = (
        f'<p class="note">{len(evidence) - len(missing)} of {len(evidence)} evidence passages '
        "marked in the text</p>"
        if evidence
        else ""
    )
    if missing:
        items = "".join(f"<li>{esc(passage)}</li>" for passage in missing)
        note += f'<p class="note">not found verbatim:</p><ol class="evidence">{items}</ol>'
    return (
        f'<details class="text"{" open" if open_ else ""}><summary>#{number} text '
        f"({article['word_count']} words) · {esc(article['doc_id'])} · "
        f"{esc(article['source'])}</summary>{note}"
        f'<div class="body">{body}</div></details>'
    )


def _story_heading(story: dict) -> str:
    sites = ", ".join(story.get("sites") or []) or "—"
    return (
        f'<span class="headline">{esc(story["headline"] or "(no headline)")}</span> '
        f'<span class="meta">{esc(_when(story["first_published"]))} → '
        f"{esc(_when(story['last_published']))} · {story['article_count']} articles · "
        f"{story['unique_count']} unique · sites: {esc(sites)}</span>"
    )


def compact_rows(stories: Sequence[dict], start: int) -> str:
    rows = []
    for number, story in enumerate(stories, start=start):
        rows.append(
            f'<tr class="story compact" data-story-id="{esc(story["story_id"])}">'
            f"<td>{number}</td><td>{esc(story['headline'] or '(no headline)')}</td>"
            f"<td>{esc(_when(story['first_published']))}</td>"
            f"<td>{esc(_when(story['last_published']))}</td>"
            f'<td class="n">{story["article_count"]}</td><td class="n">{story["unique_count"]}</td>'
            f"<td>{esc(', '.join(story.get('sites') or []) or '—')}</td></tr>"
        )
    return (
        '<table class="compact"><thead><tr><th>#</th><th>headline</th><th>first</th>'
        "<th>last</th><th>articles</th><th>unique</th><th>sites</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#1d232a;max-width:1200px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:24px 0 8px}
.totals span{display:inline-block;margin-right:18px}.totals b{font-size:18px}
table{border-collapse:collapse;margin:8px 0}th,td{padding:3px 8px;text-align:left;
border-bottom:1px solid #e3e6ea;vertical-align:top}th{font-weight:600;background:#f4f6f8}
td.n{text-align:right;font-variant-numeric:tabular-nums}
details.story{border:1px solid #d5dae0;border-radius:6px;margin:8px 0;padding:4px 12px}
details.story>summary{cursor:pointer;padding:4px 0}.headline{font-weight:600}
.meta,.note{color:#5b6570;font-size:12.5px}
tr.duplicate td{color:#6b7580}tr.rewrite td:nth-child(5){color:#b35c00}
details.text{margin:6px 0}details.text>summary{cursor:pointer;color:#36506b}
.body{white-space:pre-wrap;border-left:3px solid #e3e6ea;padding:4px 12px;max-width:78ch}
mark{background:#ffe08a;padding:0 1px}
.graph{overflow-x:auto}svg.lineage{display:block;margin:6px 0}
svg .node circle{fill:#3d7bd9;stroke:#fff;stroke-width:2}
svg .node.duplicate circle{fill:#9aa4ae}svg .node.rewrite circle{fill:#e08a1e}
svg text{font:10.5px system-ui,sans-serif;text-anchor:middle;fill:#3b444d}
svg text.num{fill:#fff;font-weight:700}
svg .edge{fill:none;stroke-width:2}svg .edge.duplicate{stroke:#9aa4ae;stroke-dasharray:5 3}
svg .edge.rewrite{stroke:#e08a1e}.legend i{display:inline-block;width:22px;height:0;
margin:0 4px 3px 12px;border-top:2px solid #e08a1e}.legend i.dup{border-top:2px dashed #9aa4ae}
"""

_MARKERS = (
    '<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>'
    + "".join(
        f'<marker id="arrow-{kind}" viewBox="0 0 10 10" refX="{10 + _RADIUS * 0.7:.0f}" '
        f'refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        f'<path d="M0 0 L10 5 L0 10 z" fill="{color}"/></marker>'
        for kind, color in (("duplicate", "#9aa4ae"), ("rewrite", "#e08a1e"))
    )
    + "</defs></svg>"
)


def store_line(output: str) -> str:
    """Which store, as of which run and commit: `STORE · run R · S s · committed T UTC
    (version V)`; the seconds the run took when the store's run_summary.json is that run's."""
    snapshot = open_snapshot(output)
    when = ""
    history = DeltaTable(table_uri(output, COMMIT_POINT)).history(1)
    if history and history[0].get("timestamp"):
        moment = datetime.fromtimestamp(history[0]["timestamp"] / 1000, tz=UTC)
        when = f" · committed {moment:%Y-%m-%d %H:%M} UTC"
    run = f" · run {snapshot.run[:8]}" if snapshot.run else ""
    summary = read_summary(output)
    if run and summary and summary.get("attempt") == snapshot.run and "seconds" in summary:
        run += f" · {summary['seconds']:.1f} s"
    return f"{output}{run}{when} (version {snapshot.version})"


def render(output: str, con: duckdb.DuckDBPyConnection, detail: int) -> tuple[str, int]:
    """The page, and how many stories it lists."""
    stories = load_stories(con)
    detailed, rest = stories[:detail], stories[detail:]
    articles = load_articles(con, output, [story["story_id"] for story in detailed])
    totals = load_totals(con)
    rejects = load_rejects(con)
    sections = [
        story_details(story, articles.get(story["story_id"], []), open_=i == 0)
        for i, story in enumerate(detailed)
    ]
    totals_html = "".join(
        f"<span><b>{value}</b> {esc(name.replace('_', ' '))}</span>"
        for name, value in totals.items()
    )
    reject_html = (
        "<table><thead><tr><th>stage</th><th>reason</th><th>rejects</th></tr></thead><tbody>"
        + "".join(
            f"<tr><td>{esc(r['stage'])}</td><td>{esc(r['reason'])}</td>"
            f'<td class="n">{r["rejects"]}</td></tr>'
            for r in rejects
        )
        + "</tbody></table>"
        if rejects
        else '<p class="note">none</p>'
    )
    more = (
        f'<h2 id="more">Other stories ({len(rest)}), compact</h2>{compact_rows(rest, detail + 1)}'
        if rest
        else ""
    )
    page = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>storyline report · {esc(output)}</title><style>{CSS}</style></head><body>"
        f'{_MARKERS}<h1>storyline report</h1><p class="meta">{esc(store_line(output))}</p>'
        f'<p class="totals">{totals_html}</p>'
        f"<h2>Stories by size ({len(detailed)} in detail of {len(stories)})</h2>"
        '<p class="legend note">lineage: nodes are articles in publication order '
        '<i class="dup"></i>duplicate (canonical → copy) <i></i>rewrite (source → rewrite); '
        "evidence passages of a rewrite are <mark>marked</mark> in its "
        f"text</p>{''.join(sections)}{more}<h2>Rejects by reason</h2>{reject_html}"
        "</body></html>\n"
    )
    return page, len(stories)


def _parser() -> OneLineParser:
    parser = OneLineParser(
        prog="storyline report",
        description="Write one self-contained HTML page to review a storyline output by eye.",
    )
    parser.add_argument("output", help="output directory or URI (gs://bucket/out)")
    parser.add_argument("--html", required=True, metavar="FILE", help="page to write")
    parser.add_argument(
        "--detail", type=int, default=DEFAULT_DETAIL, metavar="N",
        help=f"largest N stories shown in full (default {DEFAULT_DETAIL}); others compactly",
    )  # fmt: skip
    return parser


def _check_detail(args) -> None:
    if args.detail < 0:
        raise UsageError("--detail must be >= 0")


def report_command(flags: list[str]) -> int:
    opened = parse_and_open(_parser(), flags, _check_detail)
    if isinstance(opened, int):
        return opened
    args, con = opened
    with con:
        page, stories = render(args.output, con, args.detail)
    try:
        Path(args.html).write_text(page, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot write {args.html}: {error.strerror}") from None
    noun = "story" if stories == 1 else "stories"
    print(f"wrote {args.html}: {stories} {noun}, {min(stories, args.detail)} in detail")
    return 0
