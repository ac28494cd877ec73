"""Stage: match input patterns through Beam's FileSystems and read each file into units.

Local paths, directories, globs and cloud URIs (gs:// with the `gcp` extra) all go through
`FileSystems`, so the same code runs on the DirectRunner and on Dataflow. gzip is detected by
its magic bytes, not the file name, and is decompressed with a hard output limit.
"""

from __future__ import annotations

import os
import re
import zlib
from collections.abc import Iterator

import apache_beam as beam
from apache_beam.io import fileio
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics

from schemas.records import RawUnit, Reject

GZIP_MAGIC = b"\x1f\x8b"
_READ_CHUNK = 1 << 20
_HTML_SIGNS = re.compile(
    rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<div[\s>]|<p>", re.I
)


class InputTooLarge(ValueError):
    pass


class TruncatedInput(ValueError):
    pass


def expand_pattern(pattern: str) -> str:
    """Local paths made absolute (sources are stable ids); a directory means all files below."""
    if "://" not in pattern:
        pattern = os.path.abspath(pattern)
    if any(ch in pattern for ch in "*?["):
        return pattern
    directory = pattern.rstrip("/")
    try:
        if FileSystems.match([directory + "/*"])[0].metadata_list:
            return directory + "/**"
    except Exception:  # noqa: BLE001 - a plain file (or nothing): match the pattern as given
        pass
    return pattern


def read_limited(path: str, max_bytes: int) -> bytes:
    """The file's bytes, gunzipped when they are gzip; never more than `max_bytes` of output."""
    with FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED) as handle:
        head = handle.read(2)
        if head != GZIP_MAGIC:
            data = head + handle.read(max_bytes - len(head) + 1)
            if len(data) > max_bytes:
                raise InputTooLarge(f"file is larger than --max-bytes={max_bytes}")
            return data
        return _gunzip_limited(head, handle, max_bytes)


def _gunzip_limited(head: bytes, handle, max_bytes: int) -> bytes:
    """Inflate member after member, stopping as soon as the output passes `max_bytes`."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = bytearray()
    data = head
    while True:
        if not data:
            data = handle.read(_READ_CHUNK)
            if not data:
                raise TruncatedInput("gzip stream ends before its end-of-stream marker")
        out += inflater.decompress(data, max_bytes + 1 - len(out))
        if len(out) > max_bytes:
            raise InputTooLarge(f"gzip expands beyond --max-bytes={max_bytes}")
        if not inflater.eof:
            data = inflater.unconsumed_tail
            continue
        data = inflater.unused_data or handle.read(_READ_CHUNK)
        if not data:
            return bytes(out)
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)  # concatenated members


def sniff_kind(data: bytes) -> str:
    """'html' when markup shows in the first 4 KiB, else 'text'."""
    return "html" if _HTML_SIGNS.search(data[:4096]) else "text"


def units_from_file(path: str, data: bytes) -> Iterator[RawUnit]:
    """Split one file's bytes into input units (one per file for pages)."""
    yield RawUnit(source=path, kind=sniff_kind(data), payload=data)


class _ReadFileFn(beam.DoFn):
    def __init__(self, max_bytes: int):
        self._max_bytes = max_bytes
        self._files = Metrics.counter("read", "files")
        self._units = Metrics.counter("read", "units")

    def process(self, metadata):
        path = metadata.path
        self._files.inc()
        try:
            if metadata.size_in_bytes > self._max_bytes:
                raise InputTooLarge(
                    f"{metadata.size_in_bytes} bytes exceeds --max-bytes={self._max_bytes}"
                )
            data = read_limited(path, self._max_bytes)
        except InputTooLarge as error:
            yield self._reject(path, "too_large", error)
            return
        except (TruncatedInput, zlib.error, EOFError) as error:
            yield self._reject(path, "truncated", error)
            return
        if not data.strip():
            yield self._reject(path, "empty", "file has no bytes but whitespace")
            return
        for unit in units_from_file(path, data):
            self._units.inc()
            yield unit

    def _reject(self, path: str, reason: str, error) -> beam.pvalue.TaggedOutput:
        self._units.inc()
        return beam.pvalue.TaggedOutput("rejects", Reject(path, "read", reason, str(error)))


class ReadUnits(beam.PTransform):
    """Patterns -> (units, rejects). Every matched file yields units or exactly one reject."""

    def __init__(self, patterns: list[str], max_bytes: int):
        super().__init__()
        self._patterns = patterns
        self._max_bytes = max_bytes

    def expand(self, pipeline):
        results = (
            pipeline
            | "Patterns" >> beam.Create([expand_pattern(p) for p in self._patterns])
            | "Match" >> fileio.MatchAll()
            | "SpreadFiles" >> beam.Reshuffle()
            | "ReadFiles"
            >> beam.ParDo(_ReadFileFn(self._max_bytes)).with_outputs("rejects", main="units")
        )
        return results.units, results.rejects
