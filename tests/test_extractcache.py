"""A byte-identical unit is extracted once per bundle, and only when its answer cannot differ."""

from __future__ import annotations

from datetime import UTC, datetime

import apache_beam as beam
import pytest
from apache_beam.testing.util import assert_that, equal_to
from conftest import test_pipeline
from fixtures import read_unit
from test_formats import html_page, text_page

from pipeline.summary import counter_totals
from schemas.records import Extracted, RawUnit
from transforms.clean import CleanUnits, clean_unit, extract_unit
from transforms.extractcache import ExtractionCache
from transforms.rejects import BINARY, NO_CONTENT, RejectError

NO_CHROME: frozenset[str] = frozenset()


class CountingCleaner:
    """Stands in for `extract_unit` so the test can count calls; answers from the bytes."""

    def __init__(self, error: Exception | None = None):
        self.calls = 0
        self._error = error

    def __call__(self, unit: RawUnit, min_words: int, chrome: frozenset[str]) -> Extracted:
        self.calls += 1
        if self._error is not None:
            raise self._error
        return Extracted(text=unit.payload.decode())


def test_a_copy_reuses_the_extraction_of_the_same_bytes():
    cache, clean = ExtractionCache(), CountingCleaner()
    first = cache.extract(RawUnit("a.html", "html", b"same page"), 25, NO_CHROME, clean)
    again = cache.extract(RawUnit("b.html", "html", b"same page"), 25, NO_CHROME, clean)
    assert again is first
    assert (clean.calls, cache.hits) == (1, 1)


@pytest.mark.parametrize(
    "other",
    [
        {"payload": b"other page"},
        {"kind": "text"},
        {"url": "https://news.example/a"},
        {"charset": "cp1252"},
        {"min_words": 50},
        {"chrome": frozenset({"home news sport"})},
    ],
    ids=lambda other: next(iter(other)),
)
def test_anything_the_answer_depends_on_is_part_of_the_key(other):
    cache, clean = ExtractionCache(), CountingCleaner()
    base = {"source": "a", "kind": "html", "payload": b"same page", "url": None, "charset": None}
    cache.extract(RawUnit(**base), 25, NO_CHROME, clean)
    unit = RawUnit(**{**base, **{k: v for k, v in other.items() if k in base}})
    cache.extract(unit, other.get("min_words", 25), other.get("chrome", NO_CHROME), clean)
    assert (clean.calls, cache.hits) == (2, 0)


def test_a_remembered_refusal_is_raised_again_with_its_reason():
    cache, clean = ExtractionCache(), CountingCleaner(RejectError("only 3 words", NO_CONTENT))
    for _ in range(2):
        with pytest.raises(RejectError, match="only 3 words") as raised:
            cache.extract(RawUnit("a", "html", b"stub"), 25, NO_CHROME, clean)
        assert raised.value.reason == NO_CONTENT
    assert (clean.calls, cache.hits) == (1, 1)


def test_unexpected_errors_are_not_remembered():
    cache, clean = ExtractionCache(), CountingCleaner(RecursionError("deep markup"))
    for _ in range(2):
        with pytest.raises(RecursionError):
            cache.extract(RawUnit("a", "html", b"hostile"), 25, NO_CHROME, clean)
    assert (clean.calls, cache.hits) == (2, 0)


def test_the_least_recently_used_entry_goes_first():
    cache, clean = ExtractionCache(max_entries=2), CountingCleaner()
    for payload in (b"a", b"b", b"a", b"c", b"a"):
        cache.extract(RawUnit("s", "html", payload), 25, NO_CHROME, clean)
    assert (clean.calls, cache.hits) == (3, 2)  # c pushed out b, the one not used since
    with pytest.raises(ValueError, match="at least 1"):
        ExtractionCache(max_entries=0)


def test_no_text_found_is_remembered_too():
    cache, calls = ExtractionCache(), []

    def finds_nothing(unit: RawUnit, min_words: int, chrome: frozenset[str]) -> None:
        calls.append(unit.source)

    for source in ("a", "b"):
        assert (
            cache.extract(RawUnit(source, "html", b"menu only"), 25, NO_CHROME, finds_nothing)
            is None
        )
    assert (calls, cache.hits) == (["a"], 1)


def test_a_replayed_refusal_keeps_the_decoders_reason():
    cache = ExtractionCache()
    unit = RawUnit("a.bin", "text", bytes(range(32)) * 50)
    reasons = []
    for _ in range(2):
        with pytest.raises(RejectError) as raised:
            cache.extract(unit, 25, NO_CHROME, extract_unit)
        reasons.append(raised.value.reason)
    assert reasons == [BINARY, BINARY]
    assert cache.hits == 1


def test_clean_units_gives_each_copy_its_own_article_from_one_extraction():
    page, text = html_page(4).encode(), text_page(5).encode()
    units = [
        read_unit("site/a.html", "html", page),
        read_unit("mirror/a.html", "html", page),
        read_unit("site/b.txt", "text", text),
        read_unit("site/b-again.txt", "text", text),
        read_unit("site/stub.html", "html", b"<html><body><p>Too short.</p></body></html>"),
        read_unit("site/stub-again.html", "html", b"<html><body><p>Too short.</p></body></html>"),
    ]
    pipeline = test_pipeline()
    articles, rejects = pipeline | beam.Create(units) | CleanUnits(min_words=25)
    assert_that(
        articles
        | beam.Map(lambda a: ((a.input_format, a.text), a.doc_id))
        | beam.GroupByKey()
        | beam.MapTuple(lambda key, doc_ids: (key[0], len(set(doc_ids)))),
        equal_to([("html", 2), ("text", 2)]),
        label="both copies of a page are articles with the same text and their own doc_ids",
    )
    assert_that(
        rejects | beam.Map(lambda r: (r.source, r.reason)),
        equal_to([("site/stub.html", NO_CONTENT), ("site/stub-again.html", NO_CONTENT)]),
        label="each copy of a refused page is rejected",
    )
    assert counter_totals(pipeline.run())[("clean", "extractions_reused")] == 3


def test_copies_keep_their_own_container_metadata():
    """Only the extraction is shared: title, dates and ids come from each unit."""
    cache, page = ExtractionCache(), html_page(6).encode()
    early = read_unit("a.jsonl#1", "html", page, title="Early headline")
    first = clean_unit(early, 25, cache=cache)
    later = clean_unit(
        read_unit("b.jsonl#1", "html", page, published=datetime(2026, 1, 2, tzinfo=UTC)),
        25,
        cache=cache,
    )
    assert cache.hits == 1
    assert first.text == later.text and first.doc_id != later.doc_id
    assert (first.title, later.title) == ("Early headline", "Council approves the bridge")
    assert later.published == datetime(2026, 1, 2, tzinfo=UTC) != first.published


def test_clear_forgets_the_answers_and_the_count():
    """`CleanUnits` clears after each bundle and counts the bundle's hits then."""
    cache, clean = ExtractionCache(), CountingCleaner()
    for _ in range(2):
        cache.extract(RawUnit("a", "html", b"same page"), 25, NO_CHROME, clean)
    cache.clear()
    assert cache.hits == 0
    cache.extract(RawUnit("b", "html", b"same page"), 25, NO_CHROME, clean)
    assert (clean.calls, cache.hits) == (2, 0)
