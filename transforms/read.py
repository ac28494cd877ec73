"""Stage: match input patterns through Beam's FileSystems and read each file into units.

Local paths, directories, globs and cloud URIs (gs:// with the `gcp` extra) all go through
`FileSystems`, so the same code runs on the DirectRunner and on Dataflow. gzip is detected by
its magic bytes, not the file name, and inflated as a stream with two guards: a single page
never yields more than --max-bytes, and no stream may expand more than `MAX_GZIP_RATIO` times
(a gzip bomb) once past --max-bytes. The format is then sniffed from the first bytes
(`transforms.formats`): a page file is one unit; a WARC or JSONL file is streamed record by
record, so --max-bytes limits each record or line, not the container.

Every unit becomes exactly one element: a `RawUnit` or a `Reject`. Expected failures are
caught per unit; anything else goes to Beam's dead letter (`partial=True`, so units already
read from a big WARC are kept and not held in memory) and becomes one `parse_error` reject.
`read/units` is counted after that, on what actually leaves the stage.

Files are named relative to their --input root (`input_root`): that name is the `path` of the
units, rejects and the files table, and starts each `source`; every unit and reject also gets
its doc_id here (`transforms.identity`). Only the reader sees where a file actually sits.
"""

from __future__ import annotations

import dataclasses
import io
import os
import zlib
from collections.abc import Iterator

import apache_beam as beam
from apache_beam import typehints
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics

from schemas.records import FileRead, InputFile, RawUnit, Reject
from transforms import jsonl, warc
from transforms.formats import SNIFF_BYTES, sniff_format
from transforms.identity import doc_id_for, reject_id
from transforms.rejects import (
    EMPTY,
    PARSE_ERROR,
    InputTooLarge,
    RejectError,
    TruncatedInput,
    clip_detail,
)

GZIP_MAGIC = b"\x1f\x8b"
MAX_GZIP_RATIO = 200  # text gzips 3-10x, HTML up to ~30x; 200x past --max-bytes is a bomb
_READ_CHUNK = 1 << 20
_GLOB_CHARS = "*?["

__all__ = [
    "MatchFiles",
    "ReadFiles",
    "ReadUnits",
    "expand_pattern",
    "input_root",
    "open_input",
    "read_limited",
    "relative_path",
]


def expand_pattern(pattern: str) -> str:
    """Local paths made absolute (so `input_root` finds their folder); a directory means all
    files below."""
    if "://" not in pattern:
        pattern = os.path.abspath(pattern)
    if any(ch in pattern for ch in "*?["):
        return pattern
    directory = pattern.rstrip("/")
    try:
        if FileSystems.match([directory + "/**"])[0].metadata_list:  # files at any depth
            return directory + "/**"
    except Exception:  # noqa: BLE001 - a plain file (or nothing): match the pattern as given
        pass
    return pattern


def input_root(pattern: str) -> str:
    """The folder an expanded --input pattern's files are named from (`relative_path`).

    A glob's longest leading directory without glob characters (a directory input was made
    `dir/**` by `expand_pattern`, so its root is the directory); a plain file's parent. Paths
    and URIs alike: gs://bucket/a/*.warc.gz -> gs://bucket/a.
    """
    cut = min((i for i in map(pattern.find, _GLOB_CHARS) if i >= 0), default=None)
    head = pattern[:cut] if cut is not None else pattern.rstrip("/")
    root, slash, _ = head.rpartition("/")
    if not slash:  # a bare relative name (`expand_pattern` makes local paths absolute)
        return "."
    return root + "/" if not root or root.endswith(":/") else root  # "/" and "gs://" keep theirs


def relative_path(location: str, root: str) -> str:
    """`location` below `root` with POSIX separators (site/a.html): a file's name in every
    table, the same whatever folder or checkout the input sits in."""
    prefix = root if root.endswith("/") else root + "/"
    if location.startswith(prefix):
        return location[len(prefix) :]
    if "://" not in location:  # a local root spelled otherwise (`..`, a trailing `.`)
        return os.path.relpath(location, root).replace(os.sep, "/")
    return location


def match_input(pattern: str) -> Iterator[InputFile]:
    """One expanded pattern -> its files, each named relative to the pattern's root."""
    root = input_root(pattern)
    for metadata in FileSystems.match([pattern])[0].metadata_list:
        yield InputFile(metadata.path, relative_path(metadata.path, root), metadata.size_in_bytes)


class _GunzipReader(io.RawIOBase):
    """Inflates concatenated gzip members from `raw` on demand, refusing bombs and cut files.

    A cut, a bomb, or bytes after a member that are not gzip (`parse_error`: garbage after
    the last member) end the stream (EOF) and are kept in `error` instead of raised: readers
    above (io.BufferedReader, warcio) would drop the bytes they hold on an exception, and
    those bytes are the records before the cut.
    """

    def __init__(self, raw, max_bytes: int):
        super().__init__()
        self._raw = raw
        self._max_bytes = max_bytes
        self._inflater = None  # None between members
        self._pending = b""  # compressed bytes read but not yet inflated
        self._bytes_in = 0
        self._bytes_out = 0
        self.error: RejectError | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.error is not None:
            return 0
        try:
            return self._inflate_into(buffer)
        except RejectError as error:
            self.error = error
            return 0

    def _inflate_into(self, buffer) -> int:
        while True:
            data = self._pending or self._read_raw()
            self._pending = b""
            if not data:
                if self._inflater is not None:
                    raise TruncatedInput("gzip stream ends before its end-of-stream marker")
                return 0
            if self._inflater is None:
                if not data.startswith(GZIP_MAGIC[:1]) and not data.strip(b"\0"):
                    continue  # zero padding after the last member
                if not GZIP_MAGIC.startswith(data[:2]):
                    raise self._not_gzip(data)
                self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
            try:
                out = self._inflater.decompress(data, len(buffer))
            except zlib.error as error:
                raise TruncatedInput(f"corrupt gzip stream: {error}") from error
            if self._inflater.eof:
                self._pending, self._inflater = self._inflater.unused_data, None
            else:
                self._pending = self._inflater.unconsumed_tail
            if out:
                self._count(len(out))
                buffer[: len(out)] = out
                return len(out)

    def _not_gzip(self, data: bytes) -> RejectError:
        """Bytes where the next gzip member should start (garbage after the last one)."""
        start = self._bytes_in - len(data)
        end = self._bytes_in
        while chunk := self._raw.read(_READ_CHUNK):
            end += len(chunk)
        detail = f"{end - start} bytes from byte {start} (compressed) are not a gzip member"
        return RejectError(f"{detail} (first bytes {data[:16]!r})", PARSE_ERROR)

    def _read_raw(self) -> bytes:
        data = self._raw.read(_READ_CHUNK)
        self._bytes_in += len(data)
        return data

    def _count(self, produced: int) -> None:
        self._bytes_out += produced
        if self._bytes_out > self._max_bytes and (
            self._bytes_out > MAX_GZIP_RATIO * max(self._bytes_in, 1)
        ):
            raise InputTooLarge(
                f"gzip expands more than {MAX_GZIP_RATIO}x past --max-bytes={self._max_bytes}"
            )


class _Prefixed(io.RawIOBase):
    """`head` (already read for sniffing) followed by the rest of `rest`."""

    def __init__(self, head: bytes, rest):
        super().__init__()
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size], self._head = self._head[:size], self._head[size:]
            return size
        return self._rest.readinto(buffer)


class Content(io.BufferedReader):
    """A file's content, gunzipped when needed; `error` says why it ended early, if it did.

    The buffer is 1 MB over an inflater, whose outputs it gathers, and the default 8 KB over a
    plain file: a page read whole then goes from the file straight into its bytes instead of
    through a 1 MB buffer. Per file, 2,000 real HTML pages: 280 -> 58 us read alone (even an
    unused 1 MB buffer a file costs that: glibc then maps fresh pages for the page's bytes);
    inside a 10,000-real-page run, 135 -> 110-125 us. The price is paid by plain JSONL, whose
    lines are read through 8 KB refills: ~12 -> ~16 us a line, next to ~2 ms to clean a record.
    """

    def __init__(self, raw, gunzip: _GunzipReader | None):
        super().__init__(raw, _READ_CHUNK if gunzip is not None else io.DEFAULT_BUFFER_SIZE)
        self._gunzip = gunzip

    @property
    def error(self) -> RejectError | None:
        return self._gunzip.error if self._gunzip is not None else None


def open_input(raw, max_bytes: int) -> tuple[bytes, Content, bool]:
    """(first SNIFF_BYTES of the content, a reader of all of it, whether it was gzip)."""
    magic = raw.read(2)
    gunzip = _GunzipReader(_Prefixed(magic, raw), max_bytes) if magic == GZIP_MAGIC else None
    # `raw` is buffered already; only the inflater's small outputs need a buffer of their own.
    content = Content(gunzip, gunzip) if gunzip is not None else _Prefixed(magic, raw)
    head = _read_up_to(content, SNIFF_BYTES)
    return head, Content(_Prefixed(head, content), gunzip), gunzip is not None


def _read_up_to(stream, size: int) -> bytes:
    """Exactly `size` bytes unless the stream ends first."""
    parts, remaining = [], size
    while remaining > 0:
        # Capped: a buffered reader allocates what it is asked for, and `size` is --max-bytes.
        chunk = stream.read(min(remaining, _READ_CHUNK))
        if not chunk:
            break
        parts.append(chunk)
        remaining -= len(chunk)
    return b"".join(parts)


def read_limited(path: str, max_bytes: int) -> bytes:
    """The file's bytes, gunzipped when they are gzip; never more than `max_bytes` of output."""
    with FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED) as raw:
        return _read_page(open_input(raw, max_bytes)[1], max_bytes)


def _read_page(content: Content, max_bytes: int) -> bytes:
    data = _read_up_to(content, max_bytes + 1)
    if content.error is not None:
        raise content.error
    if len(data) > max_bytes:
        raise InputTooLarge(f"content is larger than --max-bytes={max_bytes}")
    return data


def units_from_file(
    location: str, size: int, max_bytes: int, read: FileRead | None = None, name: str = ""
) -> Iterator[RawUnit | Reject]:
    """One file -> its units (one for a page, one per record or line for WARC/JSONL).

    The file is opened at `location`; `name` (default: the location) starts each `source`.
    `read`, when given, is told the compression and format found and the records skipped.
    """
    path = name or location
    with FileSystems.open(location, compression_type=CompressionTypes.UNCOMPRESSED) as raw:
        head, content, gzipped = open_input(raw, max_bytes)
        if read is not None:
            read.compression = "gzip" if gzipped else "none"
        if not head.strip():
            if content.error is not None:
                raise content.error
            yield Reject(path, "read", EMPTY, "file has no bytes but whitespace")
            return
        fmt = sniff_format(head, path)
        if read is not None:
            read.format = fmt
        if fmt == "warc":
            yield from warc.units_from_warc(path, content, max_bytes, read)
        elif fmt == "jsonl":
            yield from jsonl.units_from_jsonl(path, content, max_bytes)
        else:
            if not gzipped and size > max_bytes:  # a page: refuse before reading it all
                raise InputTooLarge(f"{size} bytes exceeds --max-bytes={max_bytes}")
            yield RawUnit(source=path, kind=fmt, payload=_read_page(content, max_bytes))


class _ReadFileFn(beam.DoFn):
    """An `InputFile` -> its units and rejects, each carrying the file's relative `path` and
    its doc_id, then one `FileRead` (tagged "files") saying what the file was, even when
    reading it failed."""

    def __init__(self, max_bytes: int):
        self._max_bytes = max_bytes
        self._files = Metrics.counter("read", "files")

    def process(self, file: InputFile):
        path = file.path
        self._files.inc()
        read = FileRead(path)
        units = 0
        try:
            for unit in units_from_file(file.location, file.size, self._max_bytes, read, path):
                units += 1
                yield _tagged(identified(unit, path))
        except RejectError as error:  # before any unit: the file is the unit
            if units == 0:
                yield _tagged(file_reject(path, error.reason, clip_detail(error), path))
            else:  # containers reject their own units; an error here is past the last one
                detail = clip_detail(f"after unit {units}: {error}")
                yield _tagged(file_reject(f"{path}#rest", error.reason, detail, path))
        except Exception:  # the dead letter stands for the rest of the file; say what it was
            yield beam.pvalue.TaggedOutput("files", read)
            raise
        yield beam.pvalue.TaggedOutput("files", read)


def identified(unit: RawUnit | Reject, path: str) -> RawUnit | Reject:
    """The unit or read reject with its file's `path` and its doc_id: a read reject never
    had its whole payload, so its id comes from its source and reason."""
    if isinstance(unit, RawUnit):
        return dataclasses.replace(unit, path=path, doc_id=doc_id_for(unit))
    return dataclasses.replace(unit, path=path, doc_id=reject_id(unit.source, unit.reason))


def file_reject(source: str, reason: str, detail: str, path: str) -> Reject:
    return Reject(source, "read", reason, detail, path, reject_id(source, reason))


def _tagged(unit: RawUnit | Reject):
    return beam.pvalue.TaggedOutput("rejects", unit) if isinstance(unit, Reject) else unit


def dead_letter_to_reject(failed) -> Reject:
    """Beam's dead-letter element is (InputFile, (exception type, repr, traceback)).

    With `partial=True` units read before the error are kept, so this stands for the rest.
    """
    file, error = failed
    detail = error[1] if isinstance(error, tuple) and len(error) > 1 else error
    return file_reject(file.path, PARSE_ERROR, clip_detail(f"unexpected: {detail}"), file.path)


class _CountFn(beam.DoFn):
    """Counts `read/units` on what leaves the stage, so the count matches the rows."""

    def __init__(self):
        self._units = Metrics.counter("read", "units")

    def process(self, element):
        self._units.inc()
        yield element


class MatchFiles(beam.PTransform):
    """Patterns -> one `InputFile` per matched file, each pattern matched on its own so its
    files are named from its root (`ReadFiles` spreads them over workers)."""

    def __init__(self, patterns: list[str]):
        super().__init__()
        self._patterns = patterns

    def expand(self, pipeline):
        return (
            pipeline
            | "Patterns" >> beam.Create([expand_pattern(p) for p in self._patterns])
            | "Match" >> beam.FlatMap(match_input)
        )


class ReadFiles(beam.PTransform):
    """Input files -> (units, rejects, file reads). Every unit of every file is one of the
    first two; every file gets one `FileRead`.

    The Reshuffle spreads the files over workers (on Dataflow, without it the match and every
    read would run on one).
    """

    def __init__(self, max_bytes: int):
        super().__init__()
        self._max_bytes = max_bytes

    def expand(self, files):
        results = (
            files
            | "SpreadFiles" >> beam.Reshuffle()
            | "ReadFiles"
            >> beam.ParDo(_ReadFileFn(self._max_bytes))
            .with_output_types(typehints.Any, rejects=typehints.Any, files=typehints.Any)
            .with_outputs("rejects", "files", main="units")
            .with_exception_handling(main_tag="units", dead_letter_tag="failed", partial=True)
        )
        crashed = results.failed | "FailedToRejects" >> beam.Map(dead_letter_to_reject)
        rejects = (results.rejects, crashed) | "AllRejects" >> beam.Flatten()
        units = results.units | "CountUnits" >> beam.ParDo(_CountFn())
        rejects = rejects | "CountRejects" >> beam.ParDo(_CountFn())
        return units, rejects, results.files


class ReadUnits(beam.PTransform):
    """Patterns -> (units, rejects): `MatchFiles` then `ReadFiles` (file reads dropped)."""

    def __init__(self, patterns: list[str], max_bytes: int):
        super().__init__()
        self._patterns = patterns
        self._max_bytes = max_bytes

    def expand(self, pipeline):
        units, rejects, _ = (
            pipeline | "Match" >> MatchFiles(self._patterns) | ReadFiles(self._max_bytes)
        )
        return units, rejects
