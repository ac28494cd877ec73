"""Per-format tests: sniffing, WARC, JSONL, encodings; ReadUnits/CleanUnits on TestPipeline.

The helpers at the top build the fixtures (prose, pages, WARC files with warcio's writer) and
are shared with the other input tests.
"""

from __future__ import annotations

import gzip
import io
import json
import random
from datetime import UTC, datetime
from pathlib import Path

import apache_beam as beam
from apache_beam.testing.util import assert_that, equal_to
from conftest import test_pipeline
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.summary import counter_totals
from schemas.records import Article, RawUnit, Reject
from transforms.clean import CleanUnits, clean_unit
from transforms.decode import BINARY_CONTROL_SHARE, decode_bytes, looks_binary
from transforms.formats import parse_timestamp, sniff_format
from transforms.jsonl import units_from_jsonl
from transforms.read import ReadUnits, open_input
from transforms.warc import units_from_warc

MAX_BYTES = 1_000_000
_NOUNS = ("council", "city", "river", "budget", "school", "mayor", "station", "harbour", "report",
          "union", "market", "bridge")  # fmt: skip
_VERBS = ("approved", "rejected", "announced", "delayed", "reviewed", "funded", "questioned")
_ADJS = ("new", "local", "public", "final", "early", "regional", "annual", "larger")


# --- fixture builders -------------------------------------------------------------------------


def prose(seed: int, paragraphs: int = 4) -> list[str]:
    """Distinct, stopword-rich English paragraphs (each one long line) for seed `seed`."""
    rng = random.Random(seed)
    out = []
    for _ in range(paragraphs):
        sentences = []
        for _ in range(4):
            a, b, c = rng.sample(_NOUNS, 3)
            sentences.append(
                f"The {rng.choice(_ADJS)} {a} {rng.choice(_VERBS)} the plan for the {b} on "
                f"{rng.choice(['Monday', 'Tuesday', 'Friday'])}, and it said that the {c} "
                f"would be ready in {rng.randint(2, 98)} weeks after {rng.randint(3, 999)} "
                f"people had written to it about the {rng.choice(_NOUNS)}."
            )
        out.append(" ".join(sentences))
    return out


def html_page(seed: int, title: str = "Council approves the bridge", head: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in prose(seed))
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title>{head}</head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}</article>"
        "<footer>Contact us</footer></body></html>"
    )


def text_page(seed: int) -> str:
    return "Council approves the bridge\n\n" + "\n\n".join(prose(seed)) + "\n"


def warc_bytes(records: list[dict], gzipped: bool = True) -> bytes:
    """A WARC (warcinfo first) with one record per dict: uri, body, type, status, ctype, date."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzipped)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "tests"}))
    for spec in records:
        kind = spec.get("type", "response")
        http = None
        if kind in ("response", "request"):
            status = spec.get("status", "200 OK")
            headers = [("Content-Type", spec.get("ctype", "text/html; charset=utf-8"))]
            if kind == "request":
                status, headers = "GET / HTTP/1.1", []
            http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
        body = spec.get("body", b"")
        record = writer.create_warc_record(
            spec.get("uri", "http://example.com/"),
            kind,
            payload=io.BytesIO(body if isinstance(body, bytes) else body.encode("utf-8")),
            http_headers=http,
            warc_headers_dict={"WARC-Date": spec.get("date", "2024-03-05T06:07:08Z")},
        )
        writer.write_record(record)
    return buffer.getvalue()


def read_all(path: Path, max_bytes: int = MAX_BYTES) -> list[RawUnit | Reject]:
    """units_from_warc/units_from_jsonl over a file, outside Beam."""
    with open(path, "rb") as raw:
        head, content, _ = open_input(raw, max_bytes)
        parse = units_from_warc if sniff_format(head, str(path)) == "warc" else units_from_jsonl
        return list(parse(str(path), content, max_bytes))


def where(source: str) -> str:
    """The part of a unit's source after the file: "record=3", "L2", or the file name."""
    return source.rsplit("#", 1)[1] if "#" in source else Path(source).name


def run_read(patterns: list[str], units: list, rejects: list, max_bytes: int = MAX_BYTES):
    """ReadUnits on TestPipeline, asserting (where, kind, url) of units and (where, reason) of
    rejects; returns the counters by (namespace, name)."""
    pipeline = test_pipeline()
    got_units, got_rejects = pipeline | ReadUnits(patterns, max_bytes)
    unit_keys = got_units | "UnitKeys" >> beam.Map(lambda u: (where(u.source), u.kind, u.url))
    reject_keys = got_rejects | "RejectKeys" >> beam.Map(lambda r: (where(r.source), r.reason))
    assert_that(unit_keys, equal_to(units), label="units")
    assert_that(reject_keys, equal_to(rejects), label="rejects")
    result = pipeline.run()
    result.wait_until_finish()
    return counter_totals(result)


# --- sniffing -----------------------------------------------------------------------------------


def test_format_is_sniffed_from_content_not_name():
    assert sniff_format(b"WARC/1.1\r\nWARC-Type: warcinfo", "a.txt") == "warc"
    assert sniff_format(b"\xef\xbb\xbf\r\n WARC/1.0\r\n", "page.html") == "warc"
    assert sniff_format(b' {"html": "<p>x</p>"}\n', "dump.txt") == "jsonl"
    assert sniff_format(b"not json yet\n", "dump.ndjson") == "jsonl"
    assert sniff_format(b"<!doctype html><p>hi", "x.txt") == "html"
    assert sniff_format(b"Headline\n\nSome prose.", "x.html") == "text"
    utf16 = "<html><body><p>hi</p></body></html>".encode("utf-16")
    assert sniff_format(utf16, "x") == "html"


def test_parse_timestamp_forms():
    utc = UTC
    assert parse_timestamp("2024-05-01T09:30:00Z") == datetime(2024, 5, 1, 9, 30, tzinfo=utc)
    assert parse_timestamp("2024-05-01T11:30:00+02:00") == datetime(2024, 5, 1, 9, 30, tzinfo=utc)
    assert parse_timestamp("2024-05-01") == datetime(2024, 5, 1, tzinfo=utc)
    assert parse_timestamp("yesterday") is None
    assert parse_timestamp(12) is None


# --- WARC ---------------------------------------------------------------------------------------


def _mixed_warc() -> bytes:
    return warc_bytes(
        [
            {"uri": "http://news.example/a", "body": html_page(1)},
            {"type": "request", "uri": "http://news.example/a"},
            {"uri": "http://news.example/logo.png", "body": b"\x89PNG....", "ctype": "image/png"},
            {"uri": "http://news.example/old", "body": "<html>moved</html>", "status": "301 Moved"},
            {"type": "metadata", "body": b"outlinks: none"},
            {"uri": "http://news.example/b", "body": html_page(2)},
            {"uri": "http://news.example/empty", "body": b"   "},
        ]
    )


def test_warc_response_records_become_units_and_the_rest_is_skipped(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(_mixed_warc())
    counters = run_read(
        [str(path)],
        units=[("record=1", "html", "http://news.example/a"),
               ("record=6", "html", "http://news.example/b")],
        rejects=[("record=7", "empty")],
    )  # fmt: skip
    assert counters[("read", "warc_records_skipped")] == 5  # warcinfo, request, png, 301, metadata
    assert counters[("read", "units")] == 3
    assert counters[("read", "files")] == 1
    units = [u for u in read_all(path) if isinstance(u, RawUnit)]
    assert [u.charset for u in units] == ["utf-8", "utf-8"]


def test_warc_cut_in_the_middle_keeps_records_before_the_cut(tmp_path):
    pages = [{"uri": f"http://x.example/{i}", "body": html_page(i)} for i in range(4)]
    for gzipped in (True, False):
        data = warc_bytes(pages, gzipped=gzipped)
        whole = read_all(_write(tmp_path / f"whole-{gzipped}.warc", data))
        assert [type(u) for u in whole] == [RawUnit] * 4
        cut_at = len(data) * 5 // 8  # inside the third page's record
        got = read_all(_write(tmp_path / f"cut-{gzipped}.warc", data[:cut_at]))
        assert [type(u) for u in got[:-1]] == [RawUnit] * (len(got) - 1)
        assert len(got) in (3, 4)
        assert isinstance(got[-1], Reject) and got[-1].reason == "truncated"
        assert got[-1].source.endswith(f"#record={len(got)}")


def test_warc_broken_headers_are_parse_error_mid_file_and_truncated_at_the_end(tmp_path):
    good = warc_bytes([{"body": html_page(1)}], gzipped=False)
    no_uri = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 20\r\n\r\n" + b"x" * 20
    cases = {
        "mid.warc": (good + no_uri + b"\r\n\r\n" + good, "parse_error"),
        "garbage.warc": (good + b"garbage\r\n\r\n" + good, "parse_error"),
        "cut.warc": (good + no_uri[:40], "truncated"),
    }
    for name, (data, reason) in cases.items():
        got = read_all(_write(tmp_path / name, data))
        assert [getattr(u, "reason", "unit") for u in got] == ["unit", reason], name
        assert got[1].source.endswith("#record=2")


def _outcomes(units: list) -> list[tuple[str, str]]:
    return [(where(u.source), getattr(u, "reason", "unit")) for u in units]


def test_warc_bytes_after_the_last_record_are_one_reject(tmp_path):
    """Garbage after the last record is `parse_error`; the start of a record cut by the end of
    the file is `truncated`; the detail says where (offset in the gunzipped WARC) and how much.
    Blank lines between and after records are framing, not garbage."""
    info = warc_bytes([], gzipped=False)  # a warcinfo record and nothing else
    page = warc_bytes([{"body": html_page(1)}], gzipped=False)
    junk = b"<<binary junk>>\x00\xff trailing bytes\n"
    cut_header = b"WARC/1.0\r\nWARC-Type: resp"
    cases = {
        "info-garbage.warc": (info + junk, [("record=1", "parse_error")]),
        "info-cut-header.warc": (
            info + b"WARC/1.0\r\nWARC-Type: resp",
            [("record=1", "truncated")],
        ),
        "info-blank.warc": (info + b"\r\n\r\n\n", []),
        "page-garbage.warc": (page + junk, [("record=1", "unit"), ("record=2", "parse_error")]),
        "page-no-crlf-garbage.warc": (  # warcio drops a line glued to the end of a record
            page.rstrip(b"\r\n") + b"junk",
            [("record=1", "unit"), ("record=2", "parse_error")],
        ),
        "page-no-length.warc": (
            page + b"WARC/1.0\r\nWARC-Type: response\r\n\r\n" + junk,
            [("record=1", "unit"), ("record=2", "parse_error")],
        ),
    }
    for name, (data, expected) in cases.items():
        got = read_all(_write(tmp_path / name, data))
        assert _outcomes(got) == expected, name
    (reject,) = read_all(tmp_path / "info-garbage.warc")
    assert f"{len(junk)} bytes from byte {len(info)} are not a WARC record" in reject.detail
    (reject,) = read_all(tmp_path / "info-cut-header.warc")
    assert f"{len(cut_header)} bytes from byte {len(info)} are a WARC record cut" in reject.detail


def test_warc_cut_anywhere_in_a_record_after_a_good_one_is_truncated(tmp_path):
    """Wherever the end of the file falls inside the second record (its WARC headers, its HTTP
    headers, its body), the first record is a unit and the second one a `truncated` reject."""
    first = warc_bytes([{"body": html_page(1)}], gzipped=False)
    second = warc_bytes([{"body": html_page(2)}], gzipped=False)
    record = second[second.index(b"WARC/", 1) :]  # without its warcinfo record
    block_end = len(record) - 4  # the CRLF CRLF after the block frames; it is not the record
    for cut in range(1, block_end, 11):
        got = read_all(_write(tmp_path / "cut.warc", first + record[:cut]))
        assert _outcomes(got) == [("record=1", "unit"), ("record=2", "truncated")], cut


def test_gzip_warc_with_garbage_after_the_last_member_rejects_it(tmp_path):
    pages = [{"uri": f"http://g.example/{i}", "body": html_page(i)} for i in range(2)]
    data = warc_bytes(pages, gzipped=True)
    got = read_all(_write(tmp_path / "raw-garbage.warc.gz", data + b"not gzip at all\n" * 3))
    assert _outcomes(got) == [("record=1", "unit"), ("record=2", "unit"),
                              ("record=3", "parse_error")]  # fmt: skip
    assert f"48 bytes from byte {len(data)} (compressed) are not a gzip member" in got[-1].detail
    wrapped = data + gzip.compress(b"garbage inside a gzip member\n")
    got = read_all(_write(tmp_path / "gzip-garbage.warc.gz", wrapped))
    assert _outcomes(got)[-1] == ("record=3", "parse_error")
    assert "are not a WARC record" in got[-1].detail
    only_info = warc_bytes([], gzipped=True) + b"\x00garbage"
    got = read_all(_write(tmp_path / "info-garbage.warc.gz", only_info))
    assert _outcomes(got) == [("record=1", "parse_error")]


def test_jsonl_with_a_garbage_tail_rejects_the_tail_and_keeps_the_lines(tmp_path):
    lines = "".join(json.dumps({"text": text_page(i)}) + "\n" for i in range(2)).encode()
    got = read_all(_write(tmp_path / "tail.jsonl", lines + b"\x00\xffgarbage"))
    assert _outcomes(got) == [("L1", "unit"), ("L2", "unit"), ("L3", "parse_error")]
    got = read_all(_write(tmp_path / "tail.jsonl.gz", gzip.compress(lines) + b"garbage"))
    assert _outcomes(got) == [("L1", "unit"), ("L2", "unit"), ("L3", "parse_error")]
    assert "are not a gzip member" in got[-1].detail


def test_warc_record_larger_than_max_bytes_is_too_large_and_reading_goes_on(tmp_path):
    big = html_page(1) + "<p>" + "filler " * 5000 + "</p>"
    data = warc_bytes([{"body": big}, {"body": html_page(2), "uri": "http://y.example/"}])
    got = read_all(_write(tmp_path / "big.warc.gz", data), max_bytes=20_000)
    assert [getattr(u, "reason", "unit") for u in got] == ["too_large", "unit"]


def test_warc_http_charset_decodes_latin1_page(tmp_path):
    page = html_page(3, title="Café Zürich élu").encode("cp1252")  # no <meta charset>
    data = warc_bytes([{"body": page, "ctype": "text/html; charset=ISO-8859-1"}])
    (unit,) = read_all(_write(tmp_path / "latin.warc", data))
    article = clean_unit(unit, min_words=25)
    assert isinstance(article, Article)
    assert article.title == "Café Zürich élu"


def test_warc_date_is_only_a_fallback_for_published(tmp_path):
    dated_head = '<meta property="article:published_time" content="2021-02-03T10:00:00Z">'
    data = warc_bytes(
        [
            {"uri": "http://d.example/own", "body": html_page(4, head=dated_head)},
            {"uri": "http://d.example/none", "body": html_page(5)},
        ]
    )
    units = read_all(_write(tmp_path / "dates.warc.gz", data))
    own, none = (clean_unit(u, min_words=25) for u in units)
    assert own.published.date().isoformat() == "2021-02-03"  # the page's own date wins
    assert none.published == datetime(2024, 3, 5, 6, 7, 8, tzinfo=UTC)  # WARC-Date
    assert own.url == "http://d.example/own"


# --- JSONL --------------------------------------------------------------------------------------


def test_jsonl_each_line_is_a_unit_and_a_bad_line_rejects_only_itself(tmp_path):
    lines = [
        json.dumps({"html": html_page(1), "url": "http://j.example/1", "title": "Given title"}),
        '{"html": "<p>unterminated',
        "",
        json.dumps({"text": text_page(2), "published": "2020-01-02T03:04:05Z"}),
        "[1, 2]",
        json.dumps({"html": "   "}),
        json.dumps({"body": "no html or text"}),
        json.dumps({"text": text_page(3), "url": 5}),
    ]
    path = _write(tmp_path / "dump.txt", ("\n".join(lines) + "\n").encode())
    got = {u.source.rsplit("#", 1)[1]: u for u in read_all(path)}
    assert sorted(got) == ["L1", "L2", "L4", "L5", "L6", "L7", "L8"]  # L3 is blank
    reasons = {k: u.reason for k, u in got.items() if isinstance(u, Reject)}
    assert reasons == {"L2": "parse_error", "L5": "parse_error", "L6": "empty",
                       "L7": "parse_error", "L8": "parse_error"}  # fmt: skip
    first = clean_unit(got["L1"], min_words=25)
    assert (first.url, first.title, first.input_format) == (
        "http://j.example/1",
        "Given title",
        "html",
    )
    fourth = clean_unit(got["L4"], min_words=25)
    assert fourth.input_format == "text"
    assert fourth.published == datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_jsonl_line_over_max_bytes_is_too_large_and_the_next_line_still_reads(tmp_path):
    lines = [json.dumps({"text": "word " * 10_000}), json.dumps({"text": text_page(1)})]
    got = read_all(_write(tmp_path / "long.jsonl", "\n".join(lines).encode()), max_bytes=5000)
    assert [getattr(u, "reason", "unit") for u in got] == ["too_large", "unit"]
    assert got[1].source.endswith("#L2")


def test_jsonl_gzip_cut_rejects_the_line_being_read(tmp_path):
    lines = [json.dumps({"text": text_page(i)}) for i in range(30)]
    data = gzip.compress(("\n".join(lines) + "\n").encode())
    got = read_all(_write(tmp_path / "cut.jsonl.gz", data[: len(data) // 2]))
    assert all(isinstance(u, RawUnit) for u in got[:-1]) and len(got) > 1
    assert (got[-1].reason, got[-1].source.rsplit("#", 1)[1]) == ("truncated", f"L{len(got)}")


# --- encodings ----------------------------------------------------------------------------------


def test_decode_declared_meta_bom_and_detected_charsets():
    text = "Le café « Zürich » coûte 3 € — déjà ‘vu’."
    assert decode_bytes(text.encode("cp1252"), declared="iso-8859-1") == text
    meta = f'<meta charset="windows-1252"><p>{text}</p>'
    assert decode_bytes(meta.encode("cp1252")).endswith(f"{text}</p>")
    assert decode_bytes(b"\xef\xbb\xbf" + text.encode()) == text
    assert decode_bytes(text.encode("utf-16")) == text
    assert decode_bytes(text.encode("utf-16-le"), declared="UTF-16LE") == text  # no BOM
    # declared latin-1 but really UTF-8: valid non-ASCII UTF-8 wins
    assert decode_bytes(text.encode(), declared="iso-8859-1") == text
    # a <meta> claiming UTF-16 on a byte page means UTF-8
    assert decode_bytes('<meta charset="utf-16"><p>é</p>'.encode()).endswith("é</p>")
    long_latin = ("Der Bürgermeister äußerte sich über die Größe der Brücke. " * 20).encode(
        "latin-1"
    )
    assert "Bürgermeister äußerte" in decode_bytes(long_latin)
    nul_text = b"a\x00b\x01c " + b"plain words " * 10
    assert decode_bytes(nul_text) == "abc " + "plain words " * 10


def test_control_characters_go_whatever_the_encoding_read():
    words = "Plain words of a page " * 5
    # EBCDIC: BEL is byte 0x2f, so only the decoded text shows it
    ebcdic = (words + "a\x07b").encode("cp037")
    assert b"\x07" not in ebcdic and decode_bytes(ebcdic, declared="cp037") == words + "ab"
    utf16 = ("\ufeff" + words + "x\x1by").encode("utf-16-le")
    assert decode_bytes(utf16) == words + "xy"
    cp1252 = (words + "é\x1bz").encode("cp1252")
    assert decode_bytes(cp1252, declared="windows-1252") == words + "éz"
    # a declared unicode_escape can spell a lone surrogate, which no later stage could encode
    escaped = words.encode() + b"\\ud800 \xff"
    assert decode_bytes(escaped, declared="unicode_escape") == words + "\ufffd ÿ"


def test_binary_is_a_share_of_control_bytes_but_tabs_and_newlines_are_text():
    controls = 100 * BINARY_CONTROL_SHARE  # per 100 bytes
    just_over = b"\x00\x1b" * (int(controls) // 2 + 1)
    assert looks_binary(just_over + b"x" * (100 - len(just_over)))
    just_under = b"\x01" * (int(controls) - 1)
    assert not looks_binary(just_under + b"x" * (100 - len(just_under)))
    exactly = b"\x01" * int(controls)
    assert not looks_binary(exactly + b"x" * (100 - len(exactly)))  # the share must exceed it
    assert not looks_binary(b"\t\n\r\x0c" * 25)  # whitespace controls count as text
    assert not looks_binary(b"")


# --- CleanUnits on TestPipeline -----------------------------------------------------------------


def test_clean_units_turns_each_unit_into_one_article_or_reject():
    units = [
        RawUnit("p1.html", "html", html_page(1).encode()),
        RawUnit("p2.txt", "text", text_page(2).encode()),
        RawUnit("latin.html", "html", html_page(3, title="Élu à Zürich").encode("cp1252")),
        RawUnit("bin", "text", bytes(range(256)) * 40),
        RawUnit("short.html", "html", b"<html><body><p>Too short.</p></body></html>"),
        RawUnit(
            "script.html", "html", b"<html><body><script>var a = '" + b"w " * 99 + b"'</script>"
        ),
    ]
    with test_pipeline() as pipeline:
        articles, rejects = pipeline | beam.Create(units) | CleanUnits(min_words=25)
        assert_that(
            articles | "ArticleKeys" >> beam.Map(lambda a: (a.source, a.input_format)),
            equal_to([("p1.html", "html"), ("p2.txt", "text"), ("latin.html", "html")]),
            label="articles",
        )
        assert_that(
            rejects | "RejectKeys" >> beam.Map(lambda r: (r.source, r.stage, r.reason)),
            equal_to(
                [
                    ("bin", "clean", "binary"),
                    ("short.html", "clean", "no_content"),
                    ("script.html", "clean", "no_content"),
                ]
            ),  # fmt: skip
            label="rejects",
        )


_GERMAN = (  # two paragraphs: a text rendering's repeated line would count as chrome
    "Der Stadtrat hat am Montag den Bau der neuen Brücke über den Fluss beschlossen. Die "
    "Arbeiten sollen im Frühjahr beginnen und nach zwei Jahren abgeschlossen sein, sagte die "
    "Bürgermeisterin vor der Presse. Viele Anwohner hatten sich seit Jahren für die Verbindung "
    "eingesetzt, weil der Weg zur Arbeit und zur Schule bisher sehr lang ist.",
    "Die Kosten liegen nach Angaben der Verwaltung bei rund vierzig Millionen Euro. Ein Teil des "
    "Geldes kommt vom Land, den Rest muss die Stadt aus ihrem eigenen Haushalt bezahlen. Die "
    "Opposition hält den Plan für zu teuer und will im Herbst noch einmal darüber abstimmen "
    "lassen.",
)


def test_clean_units_identifies_the_language_of_html_and_text_articles():
    """HTML articles get theirs after trafilatura, in the boilerplate step; text renderings in
    their cleaner. A constant or a skipped identification fails on the German page."""
    german = f"<html><body><article><h1>Neue Brücke</h1><p>{_GERMAN[0]}</p><p>{_GERMAN[1]}</p>"
    units = [
        RawUnit("en.html", "html", html_page(1).encode()),
        RawUnit("de.html", "html", (german + "</article></body></html>").encode()),
        RawUnit("de.txt", "text", f"Neue Brücke\n\n{_GERMAN[0]}\n\n{_GERMAN[1]}\n".encode()),
    ]
    with test_pipeline() as pipeline:
        articles, _rejects = pipeline | beam.Create(units) | CleanUnits(min_words=25)
        assert_that(
            articles | beam.Map(lambda a: (a.source, a.language)),
            equal_to([("en.html", "en"), ("de.html", "de"), ("de.txt", "de")]),
        )


def test_html_language_is_read_without_the_sites_template_lines():
    """An English share box on every page of a German site is stripped as site boilerplate
    before the language is identified: read with it, these articles came out English."""
    share_box = "".join(
        f"<p>{line}</p>"
        for line in (
            "Share this article with your friends and family on social media",
            "Sign up for our free daily newsletter and get the local news first",
            "Read more stories like this one in our local news section today",
        )
    )
    units = []
    for page in range(6):
        body = "".join(f"<p>{paragraph} Meldung {page}.</p>" for paragraph in _GERMAN)
        html = f"<html><body><article><h1>Brücke {page}</h1>{share_box}{body}</article></body>"
        units.append(RawUnit(f"https://de.example/{page}.html", "html", html.encode()))
    with test_pipeline() as pipeline:
        articles, _rejects = pipeline | beam.Create(units) | CleanUnits(min_words=25)
        assert_that(
            articles | beam.Map(lambda a: (a.language, "Share this" in a.text)),
            equal_to([("de", False)] * 6),
        )


def test_latin1_page_without_declaration_comes_out_as_unicode():
    page = html_page(6, title="Große Brücke für Zürich").replace("weeks", "Wochen für")
    article = clean_unit(RawUnit("l.html", "html", page.encode("latin-1")), min_words=25)
    assert article.title == "Große Brücke für Zürich"
    assert "Wochen für" in article.text


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
