"""The read stage: patterns, gzip by magic bytes and its guards, size limits, odd file names."""

from __future__ import annotations

import gzip
import json
import os
import time
import zlib

from apache_beam.io.filesystem import FileMetadata
from apache_beam.io.filesystems import FileSystems
from test_formats import html_page, run_read, text_page, warc_bytes

from schemas.records import FileRead, RawUnit, Reject
from transforms import read, warc
from transforms.read import _ReadFileFn, expand_pattern, read_limited

MAX = 1_000_000


def read_file(path, max_bytes: int = MAX) -> list[RawUnit | Reject]:
    """The read DoFn on one file, outside Beam (its outputs untagged, its FileRead dropped)."""
    metadata = FileMetadata(str(path), os.path.getsize(path))
    outputs = [getattr(out, "value", out) for out in _ReadFileFn(max_bytes).process(metadata)]
    return [out for out in outputs if not isinstance(out, FileRead)]


def reasons(results) -> list[str]:
    return [r.reason if isinstance(r, Reject) else "unit" for r in results]


def _gzip_bomb(expanded: int) -> bytes:
    """gzip of `expanded` zero bytes, built a chunk at a time (about 1000x smaller)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = b"\0" * (1 << 20)
    return b"".join(packer.compress(chunk) for _ in range(expanded >> 20)) + packer.flush()


def test_expand_pattern(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    assert expand_pattern(str(tmp_path)) == f"{tmp_path}/**"
    assert expand_pattern(str(tmp_path / "a.txt")) == str(tmp_path / "a.txt")
    assert expand_pattern(str(tmp_path / "*.txt")) == str(tmp_path / "*.txt")
    assert os.path.isabs(expand_pattern("relative/file.txt"))
    assert expand_pattern("gs://bucket/x/*.warc.gz") == "gs://bucket/x/*.warc.gz"


def test_gzip_is_detected_by_magic_bytes_not_name(tmp_path):
    page = html_page(1).encode()
    (tmp_path / "page.txt").write_bytes(gzip.compress(page))
    (unit,) = read_file(tmp_path / "page.txt")
    assert (unit.kind, unit.payload) == ("html", page)
    half = len(page) // 2  # concatenated members, as `cat a.gz b.gz` makes
    (tmp_path / "two").write_bytes(gzip.compress(page[:half]) + gzip.compress(page[half:]))
    (unit,) = read_file(tmp_path / "two")
    assert unit.payload == page


def test_truncated_and_corrupt_gzip_are_truncated(tmp_path):
    data = gzip.compress(text_page(1).encode() * 20)
    (tmp_path / "cut.gz").write_bytes(data[: len(data) // 2])
    (tmp_path / "header-only.gz").write_bytes(data[:12])
    corrupt = bytearray(data)
    corrupt[len(data) // 2 : len(data) // 2 + 50] = b"\xff" * 50
    (tmp_path / "corrupt.gz").write_bytes(bytes(corrupt))
    for name in ("cut.gz", "header-only.gz", "corrupt.gz"):
        (reject,) = read_file(tmp_path / name)
        assert (reject.reason, reject.stage) == ("truncated", "read"), name


def test_gzip_bomb_is_too_large_without_inflating_it_all(tmp_path):
    bomb = _gzip_bomb(300 << 20)  # 300 MiB of zeros in ~300 KiB
    (tmp_path / "bomb.html.gz").write_bytes(bomb)
    start = time.monotonic()
    (reject,) = read_file(tmp_path / "bomb.html.gz")
    assert reject.reason == "too_large"
    with_jsonl = gzip.compress(json.dumps({"text": text_page(1)}).encode() + b"\n") + bomb
    (tmp_path / "bomb.jsonl").write_bytes(with_jsonl)
    results = read_file(tmp_path / "bomb.jsonl")
    assert reasons(results) == ["unit", "too_large"]  # the good line before it survives
    assert time.monotonic() - start < 10


def test_big_page_is_too_large_without_reading_it(tmp_path, monkeypatch):
    path = tmp_path / "huge.html"
    with open(path, "wb") as handle:
        handle.write(html_page(1).encode())
        handle.truncate(100 << 20)  # 100 MiB, sparse
    opened = []
    real_open = FileSystems.open

    def counting_open(*args, **kwargs):
        opened.append(_Counting(real_open(*args, **kwargs)))
        return opened[-1]

    monkeypatch.setattr(FileSystems, "open", counting_open)
    (reject,) = read_file(path, max_bytes=20_000_000)
    assert reject.reason == "too_large"
    assert sum(handle.bytes_read for handle in opened) <= 2 << 20  # one read buffer, not 100 MiB


def test_page_over_max_bytes_after_gunzip_is_too_large(tmp_path):
    (tmp_path / "big.gz").write_bytes(gzip.compress(text_page(1).encode() * 50))
    (reject,) = read_file(tmp_path / "big.gz", max_bytes=10_000)
    assert reject.reason == "too_large"
    assert len(read_limited(str(tmp_path / "big.gz"), 1_000_000)) == len(text_page(1)) * 50


def test_empty_and_whitespace_files_are_empty(tmp_path):
    (tmp_path / "empty").write_bytes(b"")
    (tmp_path / "blank").write_bytes(b" \n\t\r\n")
    (tmp_path / "empty.gz").write_bytes(gzip.compress(b""))
    for name in ("empty", "blank", "empty.gz"):
        assert reasons(read_file(tmp_path / name)) == ["empty"], name


def test_odd_file_names_read_as_themselves(tmp_path):
    names = ["with space.txt", "ünïcødé ✓.html", "..dots..txt", "semi;colon&amp.txt"]
    folder = tmp_path / "in put"
    folder.mkdir()
    (folder / "sub dir").mkdir()
    for index, name in enumerate(names):
        (folder / "sub dir" / name).write_text(text_page(index))
    counters = run_read([str(folder)], units=[(name, "text", None) for name in names], rejects=[])
    assert counters[("read", "units")] == len(names)


def test_unexpected_error_mid_file_keeps_read_units_and_rejects_the_rest(tmp_path, monkeypatch):
    def half_broken(path, content, max_bytes, read=None):
        yield RawUnit(f"{path}#record=0", "html", b"<p>fine</p>")
        raise RuntimeError("boom")

    monkeypatch.setattr(warc, "units_from_warc", half_broken)
    (tmp_path / "x.warc").write_bytes(warc_bytes([{"body": html_page(1)}], gzipped=False))
    counters = run_read(
        [str(tmp_path / "x.warc")],
        units=[("record=0", "html", None)],
        rejects=[("x.warc", "parse_error")],
    )
    assert counters[("read", "units")] == 2


def test_read_module_keeps_its_public_names():
    assert {"ReadUnits", "expand_pattern", "read_limited"} <= set(read.__all__)


class _Counting:
    """A file handle that counts the bytes read through it."""

    def __init__(self, handle):
        self._handle = handle
        self.bytes_read = 0

    def read(self, size=-1):
        data = self._handle.read(size)
        self.bytes_read += len(data)
        return data

    def readinto(self, buffer):
        size = self._handle.readinto(buffer)
        self.bytes_read += size
        return size

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._handle.close()
