"""Packed records survive a round trip and a real GroupByKey unchanged."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta, timezone

import apache_beam as beam
from apache_beam.testing.util import assert_that, equal_to
from conftest import test_pipeline

from schemas.records import Article
from transforms.dates import UNDATED
from transforms.packing import pack, unpack

ARTICLE = Article(
    doc_id="d1",
    source="/in/a.html",
    text="Überraschung — “quoted” text. " * 200,
    word_count=800,
    published=datetime(2024, 11, 20, 11, 52, tzinfo=UTC),
    rewrite_evidence=("one sentence", "another"),
)


def test_round_trip_is_equal_and_smaller_than_the_text():
    packed = pack(ARTICLE)
    assert isinstance(packed, bytes)
    assert len(packed) < len(ARTICLE.text.encode("utf-8")) / 4  # repetitive text compresses
    assert unpack(packed) == ARTICLE


def test_packed_values_group_and_unpack_under_beam():
    with test_pipeline() as pipeline:
        grouped = (
            pipeline
            | beam.Create([ARTICLE, dataclasses.replace(ARTICLE, doc_id="d2")])
            | beam.Map(lambda a: ("story", pack(a)))
            | beam.GroupByKey()
            | beam.FlatMap(lambda kv: sorted(unpack(p).doc_id for p in kv[1]))
        )
        assert_that(grouped, equal_to(["d1", "d2"]))


def test_every_article_field_survives_the_compact_pickle():
    """`Article.__reduce__` writes field values, UTC dates as microseconds: each must come back
    as it was, dates as aware UTC datetimes, and a date in another zone untouched."""
    values = {
        spec.name: f"value of {spec.name}"
        for spec in dataclasses.fields(Article)
        if spec.type in ("str", "str | None")
    }
    full = Article(
        **values,
        word_count=800,
        published=datetime(2024, 11, 20, 11, 52, 7, 123456, tzinfo=UTC),
        cluster_published=datetime(2024, 11, 19, 8, 0, tzinfo=timezone(timedelta(hours=2))),
        signature=(1, 2, 2**32 - 1),
        is_canonical=False,
        duplicate_score=0.75,
        cluster_size=3,
        rewrite_score=0.5,
        rewrite_evidence=("one sentence", "another"),
    )
    back = unpack(pack(full))
    assert [getattr(back, name) for name in values] == list(values.values())
    assert dataclasses.astuple(back) == dataclasses.astuple(full)
    assert back.published.tzinfo is UTC and back.published.microsecond == 123456
    assert back.cluster_published.utcoffset() == timedelta(hours=2)
    assert back.age() == full.cluster_published
    assert dataclasses.replace(back, relation="rewrite").relation == "rewrite"


def test_utc_dates_travel_as_microseconds_and_come_back_exact():
    """The compact form is what is pickled (ints, not datetimes), at both ends of the range a
    date can take: before the epoch, and `UNDATED` (datetime.max)."""
    early = dataclasses.replace(
        ARTICLE,
        published=datetime(1969, 7, 20, 20, 17, 40, 1, tzinfo=UTC),
        cluster_published=UNDATED,
    )
    names = [spec.name for spec in dataclasses.fields(Article)]
    _rebuild, (values,) = early.__reduce__()
    published, cluster_published = (
        values[names.index(n)] for n in ("published", "cluster_published")
    )
    assert type(published) is int and published < 0
    assert type(cluster_published) is int
    back = unpack(pack(early))
    assert back == early
    assert back.published.tzinfo is UTC and back.cluster_published == UNDATED
