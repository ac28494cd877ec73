"""The read stage: patterns, gzip by magic bytes and its guards, size limits, odd file names."""

from __future__ import annotations

import gzip
import json
import os
import time
import zlib

from apache_beam.io.filesystems import FileSystems
from test_formats import html_page, run_read, text_page, warc_bytes

from schemas.records import FileRead, InputFile, RawUnit, Reject
from transforms import read, warc
from transforms.read import (
    _ReadFileFn,
    expand_pattern,
    input_root,
    match_input,
    read_limited,
    relative_path,
)

MAX = 1_000_000


def read_file(path, max_bytes: int = MAX) -> list[RawUnit | Reject]:
    """The read DoFn on one file, outside Beam (its outputs untagged, its FileRead dropped)."""
    file = InputFile(str(path), os.path.basename(path), os.path.getsize(path))
    outputs = [getattr(out, "value", out) for out in _ReadFileFn(max_bytes).process(file)]
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


def test_an_input_root_is_the_folder_its_files_are_named_from():
    assert input_root("/data/in/**") == "/data/in"  # a directory, as `expand_pattern` gives it
    assert input_root("/data/in/a.txt") == "/data/in"  # a plain file: its parent
    assert input_root("/data/in/*.txt") == "/data/in"
    assert input_root("/data/2024-*/day?/*.html") == "/data"  # the first glob segment ends it
    assert input_root("/data/[ab]/x.txt") == "/data"
    assert input_root("/a.txt") == input_root("/*.txt") == "/"
    assert input_root("gs://bucket/a/*.warc.gz") == "gs://bucket/a"
    assert input_root("gs://bucket/a/x.warc.gz") == "gs://bucket/a"
    assert input_root("gs://bucket/**") == "gs://bucket"
    assert input_root("a.txt") == "."


def test_relative_paths_use_posix_separators_below_the_root():
    assert relative_path("/data/in/site/a.html", "/data/in") == "site/a.html"
    assert relative_path("/data/in/a.txt", "/data/in/") == "a.txt"
    assert relative_path("/a.txt", "/") == "a.txt"
    assert relative_path("gs://bucket/a/b/x.warc.gz", "gs://bucket/a") == "b/x.warc.gz"
    assert relative_path("/data/in/a.txt", "/data/x/../in") == "a.txt"  # a root spelled otherwise


def test_matched_files_are_named_relative_to_their_pattern(tmp_path):
    (tmp_path / "in" / "site").mkdir(parents=True)
    for name in ("a.txt", "site/b.html", "site/c.txt"):
        (tmp_path / "in" / name).write_text("x")
    folder = tmp_path / "in"

    def names(pattern: str) -> list[str]:
        return sorted(file.path for file in match_input(expand_pattern(pattern)))

    assert names(str(folder)) == ["a.txt", "site/b.html", "site/c.txt"]
    assert names(f"{folder}/site/*.txt") == ["c.txt"]
    assert names(f"{folder}/*/*.html") == ["site/b.html"]
    assert names(str(folder / "site" / "b.html")) == ["b.html"]
    (file,) = match_input(str(folder / "a.txt"))
    assert (file.location, file.size) == (str(folder / "a.txt"), 1)  # opened where it is


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
