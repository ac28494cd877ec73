"""WARC files: each HTTP `response` record with a 2xx HTML payload is one unit.

Library: warcio (Webrecorder's, maintained, pure Python). fastwarc parses faster, but here
parsing is noise next to trafilatura's per-page cost, and warcio needs no native wheel on
the workers, has the writer the tests build their fixtures with, and reads the already
gunzipped stream `transforms.read` hands it (so the gzip-bomb guard covers WARCs too).

Per record, in file order (`source` = f"{path}#record={index}", index counting every record
from 0, skipped ones included, so it is the record's position in the file):
  * not `response`, no HTTP headers, non-2xx status, or a Content-Type that is not HTML
    (text/html, application/xhtml+xml; none given: sniffed) -> skipped, counted in
    `read/warc_records_skipped` (not a unit);
  * payload bigger than --max-bytes -> `too_large`; empty -> `empty`;
  * the file ends inside the record -> `truncated`, and reading stops (records before the
    cut are units as usual);
  * headers warcio cannot parse -> `parse_error` (`truncated` if the file ends inside them),
    and reading stops: the rest has no framing to trust;
  * a body that cannot be read (bad chunking, corrupt Content-Encoding) -> `parse_error`;
  * otherwise a `RawUnit` of kind "html": WARC-Target-URI is its url, the HTTP charset
    is tried first when decoding, WARC-Date is a fallback date (the page's own date wins).
"""

from __future__ import annotations

from collections.abc import Iterator

from apache_beam.metrics import Metrics
from warcio.archiveiterator import ArchiveIterator

from schemas.records import RawUnit, Reject
from transforms.formats import parse_timestamp, sniff_kind
from transforms.rejects import (
    EMPTY,
    PARSE_ERROR,
    TOO_LARGE,
    TRUNCATED,
    clip_detail,
)

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_DRAIN_CHUNK = 1 << 16


def units_from_warc(path: str, content, max_bytes: int) -> Iterator[RawUnit | Reject]:
    """`content` is `transforms.read.Content`: its `error` says why it ended early."""
    skipped = Metrics.counter("read", "warc_records_skipped")
    archive = ArchiveIterator(content, check_digests=False)
    records = iter(archive)
    index = 0
    while True:
        source = f"{path}#record={index}"
        try:
            record = next(records)
        except StopIteration:
            if content.error is not None:  # the cut fell between two records
                yield Reject(source, "read", content.error.reason, clip_detail(content.error))
            return
        except Exception as error:  # warcio on cut headers: ArchiveLoadFailed, AttributeError...
            yield _broken_framing(source, content, archive, error)
            return
        index += 1
        try:
            result = unit_from_record(record, source, max_bytes)
        except Exception as error:  # a broken HTTP body (bad chunking, corrupt Content-Encoding)
            detail = f"{type(error).__name__}: {error}"
            result = Reject(source, "read", PARSE_ERROR, clip_detail(detail))
        _drain(record.raw_stream)
        missing = getattr(record.raw_stream, "limit", 0)
        if missing > 0:  # the file ends inside this record
            error = content.error
            reason = error.reason if error is not None else TRUNCATED
            detail = str(error) if error is not None else f"file ends {missing} bytes early"
            yield Reject(source, "read", reason, clip_detail(detail))
            return
        if result is None:
            skipped.inc()
        else:
            yield result


def unit_from_record(record, source: str, max_bytes: int) -> RawUnit | Reject | None:
    """One record -> a unit, a reject, or None when it is not a page (request, redirect, ...).

    Reads at most `max_bytes + 1` of the payload; the caller drains the rest of the record.
    """
    if record.rec_type != "response" or record.http_headers is None:
        return None
    http = record.http_headers
    if not (http.get_statuscode() or "").startswith("2"):
        return None
    mime, charset = _content_type(http.get_header("Content-Type"))
    if mime and mime not in HTML_TYPES:
        return None
    payload = record.content_stream().read(max_bytes + 1)
    if len(payload) > max_bytes:
        return Reject(source, "read", TOO_LARGE, f"payload exceeds --max-bytes={max_bytes}")
    if not mime and sniff_kind(payload) != "html":
        return None
    if not payload.strip():
        return Reject(source, "read", EMPTY, "response record has an empty payload")
    headers = record.rec_headers
    return RawUnit(
        source=source,
        kind="html",
        payload=payload,
        url=(headers.get_header("WARC-Target-URI") or "").strip("<> ") or None,
        charset=charset,
        fetched=parse_timestamp(headers.get_header("WARC-Date")),
    )


def _broken_framing(source: str, content, archive, error: Exception) -> Reject:
    """Headers warcio cannot read: a cut if the file ended there, else a malformed WARC."""
    if content.error is not None:
        return Reject(source, "read", content.error.reason, clip_detail(content.error))
    buffered = archive.reader is not None and not archive.reader.empty()
    reason = PARSE_ERROR if buffered or content.peek(1) else TRUNCATED
    detail = f"unreadable WARC record: {type(error).__name__}: {error}"
    return Reject(source, "read", reason, clip_detail(detail))


def _content_type(value: str | None) -> tuple[str, str | None]:
    """('text/html', 'iso-8859-1') from 'text/html; charset="ISO-8859-1"'."""
    if not value:
        return "", None
    mime, *params = value.split(";")
    charset = None
    for param in params:
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'") or None
    return mime.strip().lower(), charset


def _drain(stream) -> None:
    """Read the rest of the record block so a short one shows (its limit stays above 0)."""
    while stream.read(_DRAIN_CHUNK):
        pass
