"""A unit's doc_id: its URL or relative source plus its bytes, whatever folder it sits in."""

from __future__ import annotations

import dataclasses
import pickle

from fixtures import read_unit

from schemas.records import RawUnit, Reject
from transforms.identity import doc_id_for, reject_id, unit_identity
from transforms.packing import pack, unpack


def test_the_url_is_the_identity_when_the_unit_carries_one():
    page = read_unit("crawl.warc.gz#record=3", "html", b"<p>x</p>", url="https://a.example/1")
    renamed = read_unit("other.warc.gz#record=9", "html", b"<p>x</p>", url="https://a.example/1")
    assert unit_identity(page) == "https://a.example/1"
    assert page.doc_id == renamed.doc_id


def test_without_a_url_the_relative_source_and_the_bytes_name_the_unit():
    page = read_unit("site/a.html", "html", b"<p>x</p>")
    assert unit_identity(page) == "site/a.html"
    assert page.doc_id != read_unit("site/b.html", "html", b"<p>x</p>").doc_id
    assert page.doc_id != read_unit("site/a.html", "html", b"<p>y</p>").doc_id
    assert len(page.doc_id) == 20 and int(page.doc_id, 16) >= 0


def test_ids_never_fail_on_strings_utf8_cannot_encode():
    unit = RawUnit("x.jsonl#L1", "html", b"<p>x</p>", url="https://a.example/\ud800")
    assert len(doc_id_for(unit)) == 20
    assert reject_id("caf\udce9.txt", "empty") != reject_id("cafe.txt", "empty")


def test_a_reject_without_a_payload_is_named_by_its_source_and_reason():
    assert reject_id("a.txt", "empty") == reject_id("a.txt", "empty")
    assert reject_id("a.txt", "empty") != reject_id("a.txt", "too_large")
    assert reject_id("a.txt", "empty") != reject_id("b.txt", "empty")


def test_units_and_rejects_keep_their_ids_through_pickling():
    unit = read_unit("a.txt", "text", b"body")
    reject = Reject("b.txt", "read", "empty", "", "b.txt", reject_id("b.txt", "empty"))
    assert pickle.loads(pickle.dumps(unit)) == unit
    assert unpack(pack(reject)) == reject
    assert dataclasses.replace(unit, path="a.txt").doc_id == unit.doc_id
