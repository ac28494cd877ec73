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
  * bytes after the last good record that are not a record (garbage, or a record cut before
    its headers end) -> one reject for all of them, and reading stops: `truncated` when they
    start like a record (`WARC/`) and the file ends inside it, `parse_error` otherwise (garbage,
    a record without Content-Length, headers warcio cannot parse); `detail` gives the byte
    offset (in the gunzipped stream) and length of the bytes it stands for;
  * a record without WARC-Type (mandatory) -> `parse_error`, and reading goes on (its
    Content-Length still frames it);
  * a body that cannot be read (bad chunking, corrupt Content-Encoding) -> `parse_error`;
  * otherwise a `RawUnit` of kind "html": WARC-Target-URI is its url, the HTTP charset
    is tried first when decoding, WARC-Date is a fallback date (the page's own date wins).
"""

from __future__ import annotations

from collections.abc import Iterator

from apache_beam.metrics import Metrics
from warcio.archiveiterator import ArchiveIterator

from schemas.records import FileRead, RawUnit, Reject
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


def units_from_warc(
    path: str, content, max_bytes: int, stats: FileRead | None = None
) -> Iterator[RawUnit | Reject]:
    """`content` is `transforms.read.Content`: its `error` says why it ended early.

    Records that are not pages are counted in `stats.skipped_records` too, when given.
    """
    skipped = Metrics.counter("read", "warc_records_skipped")
    archive = ArchiveIterator(content, check_digests=False)
    records = iter(archive)
    index = 0
    while True:
        source = f"{path}#record={index}"
        swallowed = archive.err_count  # lines warcio dropped so far (see `_tail`)
        try:
            record = next(records)
        except StopIteration:
            if content.error is not None:  # the cut fell between two records
                yield Reject(source, "read", content.error.reason, clip_detail(content.error))
            elif archive.next_line is not None:  # a record started, the file ended in it
                tail = _tail(archive, swallowed)
                yield _tail_reject(source, content, archive, tail, True, "headers end early")
            elif archive.err_count > swallowed:  # a line warcio dropped was the file's tail
                tail = _tail(archive, swallowed)
                yield _tail_reject(source, content, archive, tail, False, "after the last record")
            return
        except Exception as error:  # warcio on cut headers: ArchiveLoadFailed, AttributeError...
            yield _broken_framing(source, content, archive, _tail(archive, swallowed), error)
            return
        index += 1
        if not (record.rec_headers.get_header("Content-Length") or "").strip().isdigit():
            yield _unframed(source, content, archive, _tail(archive, swallowed), record)
            return
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
            if stats is not None:
                stats.skipped_records += 1
        else:
            yield result


def unit_from_record(record, source: str, max_bytes: int) -> RawUnit | Reject | None:
    """One record -> a unit, a reject, or None when it is not a page (request, redirect, ...).

    Reads at most `max_bytes + 1` of the payload; the caller drains the rest of the record.
    """
    if not record.rec_type:
        return Reject(source, "read", PARSE_ERROR, "record has no WARC-Type")
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


def _broken_framing(source: str, content, archive, tail: tuple[int, bytes], error) -> Reject:
    """Headers warcio cannot read: a cut if the file ended inside them, else a malformed WARC."""
    if content.error is not None:
        return Reject(source, "read", content.error.reason, clip_detail(content.error))
    buffered = archive.reader is not None and not archive.reader.empty()
    at_end = not buffered and not content.peek(1)
    why = f"warcio raised {type(error).__name__}"  # its message repeats the first line
    return _tail_reject(source, content, archive, tail, at_end, why)


def _unframed(source: str, content, archive, tail: tuple[int, bytes], record) -> Reject:
    """A record with no usable Content-Length: what warcio makes of headers cut by the end of
    the file, or of a header block without a length (its block would run to the end of the
    file, or be read as the next record)."""
    body = _drain_count(record.raw_stream)
    if content.error is not None:
        return Reject(source, "read", content.error.reason, clip_detail(content.error))
    buffered = archive.reader is not None and not archive.reader.empty()
    at_end = body == 0 and not buffered and not content.peek(1)
    return _tail_reject(source, content, archive, tail, at_end, "no valid Content-Length")


def _tail(archive, swallowed: int) -> tuple[int, bytes]:
    """(offset in the gunzipped stream, first line) of the bytes warcio could not make a
    record of. A non-blank line right after a record warcio drops (with a warning on stderr,
    counted in `err_count`): then they start where that record ends, line unknown. The first
    record has no line read ahead: the file starts with `WARC/`, it was sniffed so."""
    if archive.err_count > swallowed and archive.member_info:
        start, length = archive.member_info
        return start + length, b""
    if archive.next_line is not None:
        return archive.offset, archive.next_line
    return archive.offset, b"WARC/" if archive.offset == 0 else b""


def _tail_reject(
    source: str, content, archive, tail: tuple[int, bytes], at_end: bool, why: str
) -> Reject:
    """One reject for the bytes from the tail's start to the end of the file.

    `truncated` when they start like a record (`WARC/`) and the file ends inside it;
    `parse_error` when they are something else (garbage), or more bytes follow the part warcio
    gave up on. Reading stops either way: what follows has no framing to trust.
    """
    start, first = tail
    if archive.reader is not None:
        _drain(archive.reader)  # what warcio buffered, then the rest, through its byte count
    end = archive.fh.tell() + _drain_count(content)
    head = first.lstrip()
    cut = at_end and (head.startswith(b"WARC/") or (bool(head) and b"WARC/".startswith(head)))
    what = "a WARC record cut by the end of the file" if cut else "not a WARC record"
    line = f" (first line {first[:48]!r})" if first.strip() else ""
    detail = f"{end - start} bytes from byte {start} are {what}{line}: {why}"
    return Reject(source, "read", TRUNCATED if cut else PARSE_ERROR, clip_detail(detail))


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


def _drain_count(stream) -> int:
    """Read `stream` to its end; how many bytes that was."""
    total = 0
    while chunk := stream.read(_DRAIN_CHUNK):
        total += len(chunk)
    return total
