"""The report as a real browser renders it: headless Chromium's DOM and a screenshot.

Skipped, with a message, only when no Chromium binary is found (CI installs the Debian
`chromium` package; set CHROMIUM to point at another build).
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from pathlib import Path

import duckdb
import pytest
from test_report import HOSTILE, Elements, article, write_output

from pipeline.cli import main
from pipeline.report import marked

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def searched() -> list[str]:
    return [os.environ["CHROMIUM"]] if os.environ.get("CHROMIUM") else list(CANDIDATES)


@pytest.fixture(scope="module")
def chromium():
    binary = next((found for name in searched() if (found := shutil.which(name))), None)
    if binary is None:
        pytest.skip(f"no Chromium binary found (looked for {', '.join(searched())}); "
                    "install the `chromium` package")  # fmt: skip
    return binary


def run_chromium(binary: str, profile: Path, *flags: str) -> subprocess.CompletedProcess:
    """Headless, as root (no sandbox), with a fresh profile and no background network."""
    command = [
        binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", f"--user-data-dir={profile}", *flags,
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def write_report(output: Path, page: Path) -> str:
    assert main(["report", str(output), "--html", str(page)]) == 0
    return page.resolve().as_uri()


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", header[16:24])


def test_chromium_renders_the_seeds_story_and_its_lineage(chromium, seeds_run, tmp_path):
    url = write_report(seeds_run, tmp_path / "report.html")
    dom = Elements(run_chromium(chromium, tmp_path / "profile", "--dump-dom", url).stdout)
    assert len(dom.having("details", "story")) == 1
    assert len(dom.having("tr", "article")) == 4
    assert len(dom.having("g", "node")) == 4
    assert len(dom.having("path", "edge duplicate")) == 1
    assert len(dom.having("path", "edge rewrite")) == 1
    [(text, evidence)] = duckdb.sql(
        f"SELECT text, rewrite_evidence FROM read_parquet('{seeds_run}/articles/*/*.parquet') "
        "WHERE relation = 'rewrite'"
    ).fetchall()
    expected = marked(text, evidence)[0].count('<mark class="evidence">')
    assert expected >= 1 and len(dom.having("mark", "evidence")) == expected


def test_chromium_screenshot_of_the_seeds_report(chromium, seeds_run, tmp_path):
    url = write_report(seeds_run, tmp_path / "report.html")
    shot = tmp_path / "report.png"
    run_chromium(chromium, tmp_path / "profile", f"--screenshot={shot}",
                 "--window-size=1280,2000", "--hide-scrollbars", url)  # fmt: skip
    assert shot.exists()
    assert png_size(shot) == (1280, 2000)
    assert shot.stat().st_size > 30_000  # a blank 1280x2000 page compresses to a few KB


def test_chromium_runs_no_script_from_hostile_text(chromium, tmp_path):
    story = [article("a", title=HOSTILE, text=HOSTILE, site=HOSTILE)]
    url = write_report(write_output(tmp_path / "out", {"s": story}), tmp_path / "report.html")
    dom = Elements(run_chromium(chromium, tmp_path / "profile", "--dump-dom", url).stdout)
    assert not [tag for tag, _ in dom.tags if tag in ("script", "img")]
    assert len(dom.having("details", "story")) == 1
