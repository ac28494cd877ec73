"""Fuzz the whole pipeline with malformed inputs of every kind, good ones mixed in.

Why: the read/clean contract is "bad input never crashes a run nor disappears". This writes
N malformed files of each kind (random bytes, cut and corrupt gzip, gzip bombs, mangled and
deeply nested HTML, NUL floods, cut and bit-flipped WARCs, JSONL with bad lines, empty and
oversized files, hostile names) plus good pages, runs `storyline run` on them in a
subprocess, and reports crashes (must be 0), rejects by reason, the dead-letter count
(unexpected exceptions that were caught) and whether every good unit became an article.

Run from the repo root: `.venv/bin/python bench/fuzz.py N [--keep]`. Exit status 1 if
the run crashed, did not reconcile, or lost a good unit.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import random
import subprocess
import sys
import tempfile
import zlib
from collections import Counter
from pathlib import Path

import duckdb
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

REPO_ROOT = Path(__file__).resolve().parent.parent
MAX_BYTES = 1_000_000  # the run's --max-bytes: small, so oversized inputs stay small on disk
_WORDS = (
    "council", "city", "river", "budget", "school", "mayor", "station", "harbour", "report",
    "union", "market", "bridge", "approved", "rejected", "announced", "delayed", "reviewed",
)  # fmt: skip


def prose(rng: random.Random) -> list[str]:
    """Four stopword-rich paragraphs, different for every call."""

    def sentence() -> str:
        a, b, c, d = rng.sample(_WORDS, 4)
        day, people = rng.randint(1, 28), rng.randint(2, 9999)
        return (
            f"The {a} of the {b} said on {day} May that the {c} would be {d} by the end of "
            f"the year, and that {people} people agreed."
        )

    return [" ".join(sentence() for _ in range(4)) for _ in range(4)]


# Words of other scripts (joiner: how the script separates words; stop: its full stop), with
# the hard cases: right-to-left text with a bidi mark, Persian ZWNJ, Devanagari virama and ZWJ,
# Arabic harakat, decomposed Latin accents, Thai and Burmese marks, Han and kana without spaces.
_SCRIPTS = {
    "ar": (
        " ",
        ".",
        [
            "المدينة",
            "المجلس",
            "النهر",
            "الميزانية",
            "المدرسة",
            "وافق",
            "أعلن",
            "الجسر",
            "السوق",
            "مُحَمَّد",
            "\u200fالتقرير",
        ],
    ),
    "fa": (" ", ".", ["می\u200cخواهد", "شهرداری", "رودخانه", "بودجه", "مدرسه", "گزارش"]),
    "hi": (" ", "।", ["नगर", "परिषद", "नदी", "बजट", "विद्यालय", "घोषणा", "क्\u200dष", "पुल"]),
    "lv": (" ", ".", ["pilsēta", "padome", "upe", "budz\u030cets", "skola", "tilts", "tirgus"]),
    "zh": ("", "。", ["市政府", "议会", "河流", "预算", "学校", "宣布", "桥梁", "市场", "报告"]),
    "ja": ("", "。", ["市役所は", "議会で", "川の", "予算を", "学校が", "発表した", "橋と"]),
    "ko": (" ", ".", ["시청은", "의회가", "강의", "예산을", "학교에서", "발표했다", "다리와"]),
    "th": ("", " ", ["เทศบาล", "สภา", "แม่น้ำ", "งบประมาณ", "โรงเรียน", "ประกาศ", "สะพาน"]),
    "my": ("", "။", ["မြို့တော်", "ကောင်စီ", "မြစ်", "ဘတ်ဂျက်", "ကျောင်း", "ကြေညာ", "တံတား"]),
}


def foreign_prose(rng: random.Random, language: str) -> list[str]:
    """Four paragraphs in another script, long enough for --min-words in any counting."""
    joiner, stop, words = _SCRIPTS[language]

    def sentence() -> str:
        return joiner.join(rng.choice(words) for _ in range(12)) + stop

    return [" ".join(sentence() for _ in range(5)) for _ in range(4)]


def foreign_html_page(rng: random.Random, language: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in foreign_prose(rng, language))
    direction = ' dir="rtl"' if language in ("ar", "fa") else ""
    return (
        f'<html lang="{language}"{direction}><head><meta charset="utf-8"><title>{language}'
        f"</title></head><body><article>{body}</article></body></html>"
    )


def html_page(rng: random.Random) -> str:
    body = "".join(f"<p>{p}</p>" for p in prose(rng))
    title = " ".join(rng.sample(_WORDS, 5)).capitalize()
    return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>"  # noqa: E501


def text_page(rng: random.Random) -> str:
    return " ".join(rng.sample(_WORDS, 5)).capitalize() + "\n\n" + "\n\n".join(prose(rng)) + "\n"


def warc(rng: random.Random, pages: int, gzipped: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzipped)
    writer.write_record(writer.create_warcinfo_record("fuzz.warc", {"software": "fuzz"}))
    for index in range(pages):
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        body = io.BytesIO(html_page(rng).encode())
        uri = f"http://fuzz.example/{index}"
        writer.write_record(writer.create_warc_record(uri, "response", body, http_headers=http))
    return buffer.getvalue()


def mangle(rng: random.Random, text: str) -> str:
    pieces = ["<div>" * 5000, "<table><tr><td>" * 2000, "\x00" * 50, "<!--", "<script>", "<",
              "&#xD800;", "<meta charset='utf-16'>", "</p></div></body></html>" * 20]  # fmt: skip
    for _ in range(rng.randint(1, 8)):
        at = rng.randint(0, len(text))
        if rng.random() < 0.5:
            text = text[:at] + rng.choice(pieces) + text[at:]
        else:
            text = text[:at] + text[at + rng.randint(0, 300) :]
    return text


def flip(rng: random.Random, data: bytes, flips: int = 5) -> bytes:
    data = bytearray(data)
    for _ in range(flips):
        at = rng.randrange(len(data))
        data[at] ^= 1 << rng.randrange(8)
    return bytes(data)


def gzip_bomb(expanded: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = b"\0" * (1 << 20)
    return b"".join(packer.compress(zeros) for _ in range(expanded >> 20)) + packer.flush()


BOMB = gzip_bomb(64 << 20)


def write_inputs(root: Path, n: int, seed: int = 7) -> set[str]:
    """N malformed files of every kind plus good ones; returns the sources expected as articles."""
    rng = random.Random(seed)
    good: set[str] = set()

    def put(name: str, data: bytes | str) -> str:
        """Writes the file; returns its source (relative to the input folder, `root`)."""
        path = root / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return name

    for i in range(n):
        # malformed
        put(f"random-{i}.bin", rng.randbytes(rng.randint(1, 20_000)))
        page = gzip.compress(html_page(rng).encode())
        put(f"cut-{i}.html.gz", page[: rng.randint(1, len(page) - 9)])
        put(f"corrupt-{i}.gz", flip(rng, page))
        put(f"bomb-{i}.html.gz", BOMB[: len(BOMB) - rng.randint(0, 1) * 100])  # whole or cut
        put(f"mangled-{i}.html", mangle(rng, html_page(rng)))
        put(f"deep-{i}.html", "<div>" * 100_000 + html_page(rng) + "</div>" * rng.randint(0, 9))
        put(f"nul-{i}.txt", b"\0" * rng.randint(1, 50_000))
        put(f"empty-{i}.txt", " \n" * rng.randint(0, 3))
        put(f"toolarge-{i}.txt", text_page(rng) * (MAX_BYTES // 500))
        whole = warc(rng, 3, gzipped=rng.random() < 0.5)
        put(f"cut-{i}.warc", whole[: rng.randint(1, len(whole) - 1)])
        put(f"flipped-{i}.warc.gz", flip(rng, warc(rng, 2, gzipped=True), flips=3))
        lines = [rng.choice(["{bad", "[]", '{"html": 5}', '{"text": ""}', "null", "{}"])]
        put(f"bad-{i}.jsonl", "\n".join(lines + [json.dumps({"text": "short"})]) + "\n")
        put(f"..{i}.. ü name.txt", mangle(rng, text_page(rng)))  # hostile name, mangled body
        put(f"garbage-tail-{i}.warc", warc(rng, 0, gzipped=False) + rng.randbytes(500))
        # good
        good.add(put(f"good-{i}.txt", text_page(rng)))
        good.add(put(f"good-{i}.html", html_page(rng)))
        good.add(put(f"good-{i}.html.gz", gzip.compress(html_page(rng).encode())))
        good.add(put(f"latin1-{i}.html", html_page(rng).replace("the", "thé").encode("latin-1")))
        archive = put(f"good-{i}.warc.gz", warc(rng, 2, gzipped=True))
        good |= {f"{archive}#record=1", f"{archive}#record=2"}
        rows = [json.dumps({"html": html_page(rng)}), "{oops", json.dumps({"text": text_page(rng)})]
        mixed = put(f"mixed-{i}.jsonl", "\n".join(rows) + "\n")
        good |= {f"{mixed}#L1", f"{mixed}#L3"}
        for language in _SCRIPTS:  # every script, as a page and as a text rendering
            good.add(put(f"{language}-{i}.html", foreign_html_page(rng, language)))
            good.add(put(f"{language}-{i}.txt", "\n\n".join(foreign_prose(rng, language))))
    return good


def run(inputs: Path, output: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "pipeline", "run", "--input", str(inputs),
               "--output", str(output), f"--max-bytes={MAX_BYTES}"]  # fmt: skip
    return subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="malformed files of each kind")
    parser.add_argument("--seed", type=int, default=7, help="seed of the generated inputs")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="storyline-fuzz-"))
    inputs, output = workdir / "in", workdir / "out"
    inputs.mkdir()
    good = write_inputs(inputs, args.n, args.seed)
    files = sum(1 for _ in inputs.iterdir())
    done = run(inputs, output)
    crashed = done.returncode != 0 or "Traceback" in done.stderr
    print(f"inputs: {files} files in {inputs}, {len(good)} good units")
    print(f"crashes: {int(crashed)}  (exit status {done.returncode})")
    if crashed:
        print(done.stdout[-3000:], done.stderr[-3000:], sep="\n")
        return 1
    summary = json.loads((output / "run_summary.json").read_text())
    rejects = duckdb.sql(
        f"SELECT reason, source, detail FROM read_parquet('{output}/rejects/*.parquet')"
    ).fetchall()
    articles_sql = f"SELECT source FROM read_parquet('{output}/articles/**/*.parquet')"
    articles = {row[0] for row in duckdb.sql(articles_sql).fetchall()}
    dead_letters = [r for r in rejects if r[2].startswith("unexpected")]
    check = "reconciled" if summary["reconciled"] else "NOT reconciled"
    print(
        f"units: {summary['units_read']} = articles {summary['articles']} + rejects "
        f"{summary['rejects']}: {check}"
    )
    print(f"warc records skipped: {summary.get('warc_records_skipped', 0)}")
    print("rejects by reason:")
    for reason, count in sorted(Counter(r[0] for r in rejects).items()):
        print(f"  {reason:<12} {count}")
    print(f"caught unexpected exceptions (dead letter): {len(dead_letters)}")
    for _, source, detail in dead_letters[:5]:
        print(f"  {source}: {detail[:150]}")
    missing = sorted(good - articles)
    verdict = "yes" if not missing else "NO"
    print(f"every good unit an article: {verdict} ({len(good) - len(missing)}/{len(good)})")
    for source in missing[:10]:
        print(f"  missing: {source}")
    if not args.keep:
        subprocess.run(["rm", "-rf", str(workdir)], check=False)
    return 0 if summary["reconciled"] and not missing else 1


if __name__ == "__main__":
    sys.exit(main())
