"""JSONL files: one JSON object per line, each line one unit.

Accepted fields (others are ignored):
  * `html` (string): the page's HTML -> kind "html"; or
  * `text` (string): a plain-text rendering -> kind "text" (`html` wins when both are given);
  * `url` (string, optional): the page's address; wins over what the page says;
  * `published` (ISO 8601 string, optional, e.g. "2024-05-01T09:30:00Z"; naive = UTC): wins over
    the page's own date; an unparseable value is ignored (the page's date is used);
  * `title` (string, optional): wins over the page's title.
Lines are UTF-8. `source` is f"{path}#L{n}" with n the 1-based line number. Blank lines are
not units. A line that is not a JSON object, has neither `html` nor `text` as a string, or
has a non-string `url`/`title`/`published` -> `parse_error` for that line only; an empty
`html`/`text` -> `empty`; a line longer than --max-bytes -> `too_large` (skipped without
holding it in memory); a gzip cut mid-file -> `truncated` for the line being read, then stop
(bytes after a gzip member that are not gzip: `parse_error`, the same way).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from schemas.records import RawUnit, Reject
from transforms.formats import parse_timestamp
from transforms.rejects import EMPTY, PARSE_ERROR, TOO_LARGE, RejectError, clip_detail

_SKIP_CHUNK = 1 << 20
_OPTIONAL = ("url", "title", "published")


def units_from_jsonl(path: str, content, max_bytes: int) -> Iterator[RawUnit | Reject]:
    number = 0
    while True:
        number += 1
        source = f"{path}#L{number}"
        try:
            line = content.readline(max_bytes + 1)
            if len(line) > max_bytes and not line.endswith(b"\n"):
                _skip_line(content)
                error = content.error  # a bomb (or a cut) inside the long line ends the file
                detail = str(error) if error else f"line exceeds --max-bytes={max_bytes}"
                yield Reject(source, "read", error.reason if error else TOO_LARGE, detail)
                if error:
                    return
                continue
        except RejectError as error:  # the gunzip guard: a cut or exploding stream
            yield Reject(source, "read", error.reason, clip_detail(error))
            return
        if content.error is not None and not line.endswith(b"\n"):  # the stream was cut here
            yield Reject(source, "read", content.error.reason, clip_detail(content.error))
            return
        if not line:
            return
        if not line.strip():
            continue
        try:
            yield unit_from_line(line, source)
        except RejectError as error:
            yield Reject(source, "read", error.reason, clip_detail(error))


def unit_from_line(line: bytes, source: str) -> RawUnit:
    """One JSONL line -> a unit; raises RejectError (parse_error or empty) otherwise."""
    try:
        record = json.loads(line)
    except (ValueError, RecursionError) as error:
        raise RejectError(f"not JSON: {error}", PARSE_ERROR) from error
    if not isinstance(record, dict):
        raise RejectError(f"a JSON {type(record).__name__}, not an object", PARSE_ERROR)
    for name in _OPTIONAL:
        if record.get(name) is not None and not isinstance(record[name], str):
            raise RejectError(f"field {name!r} must be a string", PARSE_ERROR)
    kind, body = record_body(record)
    if not isinstance(body, str):
        raise RejectError("object has neither an 'html' nor a 'text' string", PARSE_ERROR)
    if not body.strip():
        raise RejectError(f"field {kind!r} is empty", EMPTY)
    return RawUnit(
        source=source,
        kind=kind,
        payload=body.encode("utf-8", errors="replace"),  # lone surrogates from \ud800 escapes
        url=(record.get("url") or "").strip() or None,
        title=(record.get("title") or "").strip() or None,
        published=parse_timestamp(record.get("published")),
        charset="utf-8",
    )


def record_body(record: dict) -> tuple[str, object]:
    """(kind, body) of a JSONL record: `html` wins, else `text`; the body is whatever the
    field holds (the caller checks it is a string)."""
    kind = "html" if isinstance(record.get("html"), str) else "text"
    return kind, record.get(kind)


def _skip_line(content) -> None:
    """Discard the rest of an over-long line, a chunk at a time."""
    while True:
        chunk = content.readline(_SKIP_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return
