"""Page kinds: pages that are not articles are `not_article` rejects before dedup and stories,
or rows with their `page_kind` under --keep-non-articles; text renderings are never judged."""

from __future__ import annotations

import json

import apache_beam as beam
import duckdb
import pytest
from apache_beam.testing.util import assert_that, equal_to
from conftest import run_cli, test_pipeline
from fixtures_page_kinds import ARTICLE, ARTICLE_URL, FORUM_URL, NON_ARTICLES
from test_formats import text_page, warc_bytes

from schemas.records import Article, RawUnit, Reject
from transforms.clean import CleanUnits, clean_unit
from transforms.page_kind import (
    ARTICLE_VOTES,
    KINDS,
    article_score,
    guess_page_kind,
    page_signals,
)
from transforms.rejects import NOT_ARTICLE


def _unit(name: str, html: str, url: str | None = None) -> RawUnit:
    return RawUnit(source=name, kind="html", payload=html.encode(), url=url, doc_id=name)


@pytest.mark.parametrize("kind", sorted(NON_ARTICLES))
def test_each_non_article_kind_is_named(kind):
    url, html = NON_ARTICLES[kind]
    result = clean_unit(_unit(kind, html, url), min_words=25)
    assert isinstance(result, Reject)
    assert (result.stage, result.reason, result.detail) == ("clean", NOT_ARTICLE, kind)


def test_an_article_is_kept_with_or_without_a_container_url():
    for url in (ARTICLE_URL, None):  # without one, the page's canonical link is read
        result = clean_unit(_unit("a", ARTICLE, url), min_words=25)
        assert isinstance(result, Article) and result.page_kind == "article"


def test_the_article_wins_on_what_it_declares_and_where_it_sits():
    signals = page_signals(ARTICLE, ARTICLE_URL, "A paragraph of the main text.")
    assert signals["ld_article"] == signals["url_dated"] == 1.0
    assert article_score(signals) > 0
    assert set(signals) - {"prices"} == set(ARTICLE_VOTES) - {"bias"}


def test_kept_non_articles_carry_their_kind():
    url, html = NON_ARTICLES["product"]
    result = clean_unit(_unit("p", html, url), min_words=25, keep_non_articles=True)
    assert isinstance(result, Article) and result.page_kind == "product"


def test_text_renderings_are_never_judged():
    """A text unit carrying a forum's URL stays an article: there is no markup to read."""
    unit = RawUnit(source="t", kind="text", payload=text_page(3).encode(), url=FORUM_URL)
    result = clean_unit(unit, min_words=25)
    assert isinstance(result, Article) and result.page_kind == "article"


def test_broken_markup_and_json_ld_do_not_crash_the_guess():
    broken = '<html><head><script type="application/ld+json">{"@type": [</script><body><p>x'
    assert guess_page_kind(broken, "http://[::1", "x") in KINDS
    assert guess_page_kind("", None, "") in KINDS


def test_an_article_with_json_ld_nested_past_the_parsers_depth_is_kept():
    deep = f'<script type="application/ld+json">{"[" * 50_000}{"]" * 50_000}</script></head>'
    result = clean_unit(_unit("a", ARTICLE.replace("</head>", deep, 1), ARTICLE_URL), 25)
    assert isinstance(result, Article) and result.page_kind == "article"


def test_clean_units_rejects_non_articles_on_a_pipeline():
    units = [_unit("article", ARTICLE, ARTICLE_URL)]
    units += [_unit(kind, html, url) for kind, (url, html) in NON_ARTICLES.items()]
    with test_pipeline() as pipeline:
        articles, rejects = pipeline | beam.Create(units) | CleanUnits(min_words=25)
        assert_that(
            articles | beam.Map(lambda a: (a.source, a.page_kind)),
            equal_to([("article", "article")]),
            label="OnlyTheArticle",
        )
        assert_that(
            rejects | beam.Map(lambda r: (r.source, r.reason, r.detail)),
            equal_to([(kind, NOT_ARTICLE, kind) for kind in NON_ARTICLES]),
            label="NonArticlesRejected",
        )


def test_clean_units_keeps_non_articles_when_asked():
    units = [_unit("article", ARTICLE, ARTICLE_URL)]
    units += [_unit(kind, html, url) for kind, (url, html) in NON_ARTICLES.items()]
    with test_pipeline() as pipeline:
        articles, rejects = pipeline | beam.Create(units) | CleanUnits(25, keep_non_articles=True)
        assert_that(
            articles | beam.Map(lambda a: (a.source, a.page_kind)),
            equal_to([("article", "article")] + [(kind, kind) for kind in NON_ARTICLES]),
            label="AllKept",
        )
        assert_that(rejects, equal_to([]), label="NoRejects")


def _kinds_folder(root):
    """Each page as a file (its URL from its canonical link), the product and forum pages also
    as WARC records (their URL from the record), a JSONL text and a text rendering."""
    root.mkdir()
    (root / "article.html").write_text(ARTICLE)
    for kind, (_url, html) in NON_ARTICLES.items():
        (root / f"{kind}.html").write_text(html)
    records = [{"uri": NON_ARTICLES[kind][0], "body": NON_ARTICLES[kind][1]}
               for kind in ("product", "forum")]  # fmt: skip
    (root / "crawl.warc.gz").write_bytes(warc_bytes(records))
    line = {"text": text_page(5), "url": NON_ARTICLES["listing"][0]}
    (root / "feed.jsonl").write_text(json.dumps(line) + "\n")
    (root / "rendering.txt").write_text(text_page(6))


def test_end_to_end_rejects_then_keeps_non_articles(tmp_path):
    _kinds_folder(tmp_path / "in")
    expected_rejects = {f"{kind}.html": kind for kind in NON_ARTICLES} | {
        "crawl.warc.gz#record=1": "product",
        "crawl.warc.gz#record=2": "forum",
    }
    articles = {"article.html", "feed.jsonl#L1", "rendering.txt"}

    out = tmp_path / "out"
    summary = run_cli([str(tmp_path / "in")], out)
    assert summary["reconciled"] is True
    assert (summary["articles"], summary["rejects"]) == (len(articles), len(expected_rejects))
    rejects = duckdb.sql(
        f"SELECT source, stage, reason, detail FROM read_parquet('{out}/rejects/*.parquet')"
    ).fetchall()
    assert {(s, stage, reason) for s, stage, reason, _ in rejects} == {
        (source, "clean", NOT_ARTICLE) for source in expected_rejects
    }
    assert {source: detail for source, _, _, detail in rejects} == expected_rejects
    rows = duckdb.sql(
        f"SELECT source, page_kind FROM read_parquet('{out}/articles/**/*.parquet')"
    ).fetchall()
    assert dict(rows) == dict.fromkeys(articles, "article")
    files = duckdb.sql(
        f"SELECT path, units, articles, rejects FROM read_parquet('{out}/files/*.parquet')"
    ).fetchall()
    assert all(units == kept + rejected for _, units, kept, rejected in files)
    assert {path: rejected for path, _, _, rejected in files}["crawl.warc.gz"] == 2

    kept = tmp_path / "kept"
    summary = run_cli([str(tmp_path / "in")], kept, "--keep-non-articles")
    assert summary["reconciled"] is True and summary["rejects"] == 0
    rows = duckdb.sql(
        f"SELECT source, page_kind FROM read_parquet('{kept}/articles/**/*.parquet')"
    ).fetchall()
    assert dict(rows) == dict.fromkeys(articles, "article") | expected_rejects


def test_comments_say_thread_only_on_a_page_that_is_not_declared_an_article():
    def declaring(*types: str) -> str:
        graph = json.dumps({"@graph": [{"@type": kind} for kind in types]})
        return f'<html><head><script type="application/ld+json">{graph}</script></head></html>'

    assert page_signals(declaring("BlogPosting", "Comment"), None, "")["ld_forum"] == 0.0
    assert page_signals(declaring("WebPage", "Comment"), None, "")["ld_forum"] == 1.0
    assert page_signals(declaring("QAPage"), None, "")["ld_forum"] == 1.0
