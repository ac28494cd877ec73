"""End to end: `storyline run` over a folder of good and bad files of every kind.

Every unit must come out as one article row or one reject row with the expected reason,
the summary must reconcile, and nothing may be written outside --output.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import duckdb
from conftest import run_cli
from test_formats import html_page, text_page, warc_bytes


def _mixed_folder(root: Path) -> tuple[set[str], dict[str, str]]:
    """Writes the inputs; returns (sources expected as articles, {source: reject reason})."""
    root.mkdir()
    good: set[str] = set()
    bad: dict[str, str] = {}

    def put(name: str, data: bytes | str) -> str:
        """Writes the file; returns its name in the tables (relative to the input folder)."""
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return name

    good.add(put("plain page.txt", text_page(11)))
    good.add(put("sub/ünï ✓.html", html_page(12, title="Bürgermeister tritt zurück")))
    good.add(put("sub/zipped.html.gz", gzip.compress(html_page(13).encode())))
    good.add(put("latin1.htm", html_page(14, title="Café élu").encode("latin-1")))
    good.add(put("..not-a-parent..txt", text_page(15)))
    pages = [{"uri": f"http://w.example/{i}", "body": html_page(20 + i)} for i in range(3)]
    warc = put("crawl.warc.gz", warc_bytes([*pages, {"type": "request"}]))
    good |= {f"{warc}#record={i}" for i in (1, 2, 3)}
    lines = [json.dumps({"html": html_page(30), "url": "http://j.example/1"}), "{not json",
             json.dumps({"text": text_page(31)}), json.dumps({"html": ""})]  # fmt: skip
    jsonl = put("dump.jsonl", "\n".join(lines) + "\n")
    good |= {f"{jsonl}#L1", f"{jsonl}#L3"}
    bad[f"{jsonl}#L2"] = "parse_error"
    bad[f"{jsonl}#L4"] = "empty"
    bad[put("empty.txt", b"")] = "empty"
    bad[put("image.bin", bytes(range(256)) * 64)] = "binary"
    cut = gzip.compress(text_page(16).encode() * 10)
    bad[put("cut.txt.gz", cut[: len(cut) // 2])] = "truncated"
    bad[put("short.html", "<html><body><p>Three words here.</p></body></html>")] = "no_content"
    cut_warc = warc_bytes(pages, gzipped=False)
    cut_path = put("cut.warc", cut_warc[: len(cut_warc) * 3 // 4])
    good |= {f"{cut_path}#record=1", f"{cut_path}#record=2"}
    bad[f"{cut_path}#record=3"] = "truncated"
    return good, bad


def test_mixed_inputs_reconcile_and_reject_with_reasons(tmp_path):
    good, bad = _mixed_folder(tmp_path / "in")
    before = sorted(p for p in tmp_path.rglob("*"))
    output = tmp_path / "out"
    summary = run_cli([str(tmp_path / "in" / ".." / "in")], output)  # "..": made absolute

    assert summary["reconciled"] is True
    assert summary["units_read"] == summary["articles"] + summary["rejects"] == len(good) + len(bad)
    assert summary["files_read"] == 12
    assert summary["warc_records_skipped"] == 3  # two warcinfo records and a request
    rejects = duckdb.sql(
        f"SELECT source, stage, reason, detail FROM read_parquet('{output}/rejects/*.parquet')"
    ).fetchall()
    assert {source: reason for source, _, reason, _ in rejects} == bad
    assert len(rejects) == len(bad)
    articles = duckdb.sql(
        f"SELECT source, title FROM read_parquet('{output}/articles/**/*.parquet')"
    ).fetchall()
    assert {source for source, _ in articles} == good
    titles = {title for _, title in articles}
    assert {"Bürgermeister tritt zurück", "Café élu"} <= titles
    after = sorted(p for p in tmp_path.rglob("*") if output not in (p, *p.parents))
    assert after == before  # nothing written outside --output
