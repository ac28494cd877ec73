"""Which format a file is, decided from its first bytes (after gunzip), not its name.

Rules, first match wins (leading BOM and whitespace ignored):
  * `WARC/`                         -> "warc"  (WARC 0.x/1.x, each member may be gzip)
  * `{`, or a .jsonl/.ndjson name   -> "jsonl" (a page never starts with `{`)
  * HTML markup in the first 4 KiB  -> "html"  (doctype, html/head/body/meta/div/p tags)
  * anything else                   -> "text"  (a plain-text rendering of a page)
Binary files fall through to "text" and are rejected as `binary` when cleaning decodes them.

Units cut from a container carry what the container knew (`RawUnit.charset`, `.fetched`).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from transforms.dates import parse_iso_date
from transforms.decode import WIDE_BOMS

SNIFF_BYTES = 64 * 1024  # read this much of every file before choosing a reader
_HTML_SIGNS = re.compile(
    rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<div[\s>]|<p>", re.I
)
_JSONL_NAMES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")


def sniff_format(head: bytes, path: str = "") -> str:
    """'warc' | 'jsonl' | 'html' | 'text' for a file whose (gunzipped) bytes start with `head`."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(b"WARC/"):
        return "warc"
    if start.startswith(b"{") or path.lower().endswith(_JSONL_NAMES):
        return "jsonl"
    return sniff_kind(head)


def sniff_kind(data: bytes) -> str:
    """'html' when markup shows in the first 4 KiB, else 'text' (UTF-16/32 decoded first)."""
    head = data[:4096]
    for bom, encoding in WIDE_BOMS:
        if head.startswith(bom):
            head = head.decode(encoding, errors="ignore").encode("utf-8")
            break
    return "html" if _HTML_SIGNS.search(head) else "text"


def parse_timestamp(value: object) -> datetime | None:
    """An ISO 8601 timestamp (`Z` or offset; naive means UTC) as an aware UTC datetime."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return parse_iso_date(text)  # "2024-01-02 10:00" and other near-ISO forms
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
