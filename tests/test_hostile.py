"""Hostile input: whatever the bytes, one unit gives exactly one article or one reject.

Property tests feed random bytes and mangled pages to the cleaning function and random or
mangled files to the read DoFn; fixed cases cover deep nesting, NULs and cut containers.
"""

from __future__ import annotations

import gzip
import json
import os
import time

import apache_beam as beam
from apache_beam.testing.util import assert_that, equal_to
from conftest import test_pipeline
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_formats import html_page, text_page, warc_bytes

from schemas.records import Article, FileRead, InputFile, RawUnit, Reject
from transforms import clean
from transforms.clean import CleanUnits, clean_unit
from transforms.read import _ReadFileFn
from transforms.rejects import REASONS

FAST = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
PAGE = html_page(7)
_INSERTS = ["<div>" * 300, "</div>" * 50, "<table><tr><td>" * 100, "\x00", "<!--", "<![CDATA[",
            "<script>", '<a href="', "&#xD800;", "&#99999999;", "\ufeff", "<?xml ?>", "<",
            "<meta charset='utf-16'>", "<svg><math><style>", "\r", "Ã©"]  # fmt: skip
# built once: warcio stamps each record with a fresh id, and hypothesis needs stable inputs
_FILES = [
    warc_bytes([{"body": PAGE}, {"body": html_page(9)}], gzipped=True),
    warc_bytes([{"body": PAGE}, {"type": "request"}], gzipped=False),
    b"\n".join(json.dumps({"html": PAGE}).encode() for _ in range(3)) + b"\n{x\n",
    PAGE.encode(),
]


def assert_one_outcome(unit: RawUnit) -> Article | Reject:
    """The contract: clean_unit returns (never raises) an article or a documented reject."""
    result = clean_unit(unit, min_words=25)
    assert isinstance(result, (Article, Reject))
    if isinstance(result, Reject):
        assert result.reason in REASONS and result.source == unit.source
    else:
        assert "\x00" not in result.text
    return result


@st.composite
def mangled_pages(draw) -> bytes:
    """A good page with slices cut out, hostile fragments spliced in, and maybe re-encoded."""
    text = draw(st.sampled_from([PAGE, text_page(8)]))
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(st.sampled_from(_INSERTS)) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(0, 400)) :]
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1"]))
    data = text.encode(encoding, errors="replace")
    cut = draw(st.integers(0, len(data)))
    return data[:cut] if draw(st.booleans()) else data


@FAST
@given(payload=st.binary(max_size=4096), kind=st.sampled_from(["html", "text"]))
def test_random_bytes_clean_to_exactly_one_outcome(payload, kind):
    assert_one_outcome(RawUnit("random", kind, payload))


@FAST
@given(payload=mangled_pages(), kind=st.sampled_from(["html", "text"]))
def test_mangled_pages_clean_to_exactly_one_outcome(payload, kind):
    assert_one_outcome(RawUnit("mangled", kind, payload))


@st.composite
def mangled_files(draw) -> bytes:
    """Random bytes, or a WARC/JSONL/page file cut, flipped or gzipped."""
    base = draw(st.sampled_from(_FILES))
    data = draw(st.one_of(st.just(base), st.binary(max_size=2048)))
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    if data and draw(st.booleans()):
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]
    return gzip.compress(data) if draw(st.booleans()) else data


@FAST
@given(data=mangled_files())
def test_mangled_files_read_without_raising(tmp_path, data):
    path = tmp_path / "f"
    path.write_bytes(data)
    *outputs, read = [getattr(out, "value", out) for out in _read(path)]
    assert isinstance(read, FileRead) and read.path == "f"  # every file says what it was
    for out in outputs:
        assert isinstance(out, (RawUnit, Reject))
        assert out.path == "f" and out.doc_id  # and every unit which file it came from, its id
        if isinstance(out, Reject):
            assert out.reason in REASONS
    for unit in outputs:
        if isinstance(unit, RawUnit):
            assert_one_outcome(unit)


def _read(path, max_bytes: int = 1_000_000):
    file = InputFile(str(path), os.path.basename(path), os.path.getsize(path))
    return _ReadFileFn(max_bytes).process(file)


def test_deep_nesting_is_an_outcome_not_a_crash_or_a_hang():
    body = "".join(f"<p>{p}</p>" for p in text_page(3).split("\n\n"))
    cases = {
        "nested-closed": "<html><body>" + "<div>" * 100_000 + body + "</div>" * 100_000,
        "nested-open": "<html><body>" + "<div>" * 100_000 + body,
        "tables": "<html><body>" + "<table><tr><td>" * 20_000 + body,
        "inline": "<html><body>" + "<b><i><span>" * 50_000 + body,
        "lt-flood": "<html><body>" + "<" * 2_000_000 + body,
    }
    start = time.monotonic()
    for name, page in cases.items():
        result = assert_one_outcome(RawUnit(name, "html", page.encode()))
        assert result.source == name
    assert time.monotonic() - start < 60


def test_nul_bytes_inside_a_page_are_dropped_not_fatal():
    page = PAGE.replace("<p>", "<p>\x00", 3).replace(" the ", " the\x00 ", 5)
    result = assert_one_outcome(RawUnit("nul.html", "html", page.encode()))
    assert isinstance(result, Article)
    assert "\x00" not in result.text and result.word_count >= 25


def test_hostile_units_through_clean_units_one_row_each():
    units = [
        RawUnit("deep", "html", ("<div>" * 100_000).encode() + PAGE.encode()),
        RawUnit("random", "html", os.urandom(5000)),
        RawUnit("nul", "text", b"\x00" * 1000),
        RawUnit("cjk-utf16", "text", ("新闻报道" * 300).encode("utf-16-le")),
        RawUnit("good", "html", PAGE.encode()),
    ]
    with test_pipeline() as pipeline:
        articles, rejects = pipeline | beam.Create(units) | CleanUnits(min_words=25)
        every = (articles, rejects) | beam.Flatten() | beam.Map(lambda row: row.source)
        assert_that(every, equal_to([u.source for u in units]))


def test_unexpected_exception_in_extraction_becomes_a_parse_error_reject(monkeypatch):
    def explode(html, url=None):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(clean, "extract_html", explode)
    units = [RawUnit("boom.html", "html", PAGE.encode()), RawUnit("ok.txt", "text", b"x")]
    with test_pipeline() as pipeline:
        articles, rejects = pipeline | beam.Create(units) | CleanUnits(min_words=25)
        keys = rejects | beam.Map(lambda r: (r.source, r.reason, r.detail[:10]))
        expected = [
            ("boom.html", "parse_error", "unexpected"),
            ("ok.txt", "no_content", "the whole "),
        ]
        assert_that(keys, equal_to(expected))
        assert_that(articles, equal_to([]), label="no articles")


def test_a_crash_in_the_text_cleaner_is_a_reject_too_and_html_goes_on(monkeypatch):
    """HTML and text renderings are cleaned in separate steps (text waits for site chrome):
    each step turns its own crashes into rejects."""

    def explode(text, site_chrome=frozenset()):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(clean, "clean_text_rendering", explode)
    units = [
        RawUnit("boom.txt", "text", ("A sentence of ten words for the text path. " * 5).encode()),
        RawUnit("good.html", "html", PAGE.encode()),
    ]
    with test_pipeline() as pipeline:
        articles, rejects = pipeline | beam.Create(units) | CleanUnits(min_words=25)
        keys = rejects | beam.Map(lambda r: (r.source, r.reason, r.detail[:10]))
        assert_that(keys, equal_to([("boom.txt", "parse_error", "unexpected")]))
        sources = articles | beam.Map(lambda a: a.source)
        assert_that(sources, equal_to(["good.html"]), label="html article")


def test_min_words_is_checked_before_extraction(monkeypatch):
    def must_not_run(*args, **kwargs):
        raise AssertionError("extraction ran on a page that is too short")

    monkeypatch.setattr(clean, "extract_html", must_not_run)
    monkeypatch.setattr(clean, "clean_text_rendering", must_not_run)
    short = b"<html><body><p>" + b"word " * 24 + b"</p><script>" + b"x" * 9999 + b"</script>"
    for kind in ("html", "text"):
        result = clean_unit(RawUnit("short", kind, short), min_words=26)
        assert (result.reason, result.stage) == ("no_content", "clean")
