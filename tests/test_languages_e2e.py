"""End to end in eleven languages and their scripts: every page kept, copies collapsed.

Each language gets the same files, as a crawl would bring them: article A as a page, a copy of
A with one paragraph removed on another site, A as a text rendering with its site's menus and
footer, a different article B about an event of the same kind, and another outlet's rewrite
of A. Plus short texts in the hard corners of Unicode (harakat, ZWNJ, ZWJ, bidi marks,
decomposed accents, Khmer, Lao and Tibetan).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from conftest import run_cli
from fixtures_multilingual import ARTICLES, HARD_UNICODE, html_page, text_rendering

# Rewrites that align below --rewrite-threshold. None since alignment compares 5-letter stems
# (docs/rewrites.md): Hindi and Russian inflection used to make "снегопад" and "снегопада" two
# words and leave those rewrites untagged.
REWRITE_MISSED: frozenset[str] = frozenset()


def _without_third_paragraph(text: str) -> str:
    paragraphs = text.split("\n")
    return "\n".join(paragraphs[:2] + paragraphs[3:])


def _write_crawl(root: Path) -> None:
    for language, articles in ARTICLES.items():
        folder = root / language
        folder.mkdir(parents=True)
        pages = {
            "a.html": (articles.title_a, articles.text_a, "https://daily.example/a"),
            "a_cut.html": (
                articles.title_a,
                _without_third_paragraph(articles.text_a),
                "https://mirror.example/a",
            ),
            "b.html": (articles.title_b, articles.text_b, "https://daily.example/b"),
            "rewrite.html": (
                articles.title_rewrite,
                articles.text_rewrite,
                "https://other.example/r",
            ),
        }
        for name, (title, text, url) in pages.items():
            url = url.replace(".example", f"-{language}.example")
            (folder / name).write_text(html_page(title, text, language, url), encoding="utf-8")
        rendering = text_rendering(articles.title_a, articles.text_a, language)
        (folder / "a.txt").write_text(rendering, encoding="utf-8")
    hard = root / "hard"
    hard.mkdir()
    for name, text in HARD_UNICODE.items():
        (hard / f"{name}.txt").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def crawl(tmp_path_factory) -> tuple[dict, dict[str, dict[str, dict]], list[tuple]]:
    """(summary, {language: {file name: article row}}, reject rows) of one run."""
    root = tmp_path_factory.mktemp("languages")
    _write_crawl(root / "in")
    output = root / "out"
    summary = run_cli([str(root / "in")], output)
    rows = duckdb.sql(
        f"""SELECT source, language, cluster_id, relation, rewrite_of, story_id, word_count
            FROM read_parquet('{output}/articles/**/*.parquet', hive_partitioning = true)"""
    )
    by_language: dict[str, dict[str, dict]] = {}
    for values in rows.fetchall():
        row = dict(zip(rows.columns, values, strict=True))
        folder, name = Path(row["source"]).parts[-2:]
        by_language.setdefault(folder, {})[name] = row
    rejects = duckdb.sql(
        f"SELECT source, reason, detail FROM read_parquet('{output}/rejects/*.parquet')"
    ).fetchall()
    return summary, by_language, rejects


def test_every_page_in_every_script_is_an_article(crawl):
    summary, by_language, rejects = crawl
    article_rejects = [r for r in rejects if not r[0].startswith("hard/")]
    assert article_rejects == []
    assert summary["reconciled"]
    for language in ARTICLES:
        assert set(by_language[language]) == {"a.html", "a_cut.html", "a.txt", "b.html",
                                               "rewrite.html"}, language  # fmt: skip


@pytest.mark.parametrize("language", sorted(ARTICLES))
def test_language_is_named_for_every_page(crawl, language):
    _summary, by_language, _rejects = crawl
    assert {row["language"] for row in by_language[language].values()} == {language}


@pytest.mark.parametrize("language", sorted(ARTICLES))
def test_copies_collapse_and_a_different_article_does_not(crawl, language):
    _summary, by_language, _rejects = crawl
    rows = by_language[language]
    copies = {rows[name]["cluster_id"] for name in ("a.html", "a_cut.html", "a.txt")}
    assert len(copies) == 1, "A, A without a paragraph and A's text rendering are one cluster"
    assert rows["b.html"]["cluster_id"] not in copies
    assert rows["rewrite.html"]["cluster_id"] not in copies


@pytest.mark.parametrize("language", sorted(ARTICLES))
def test_a_rewrite_points_at_its_source_and_joins_its_story(crawl, language):
    _summary, by_language, _rejects = crawl
    rows = by_language[language]
    assert rows["b.html"]["story_id"] != rows["a.html"]["story_id"]
    if language in REWRITE_MISSED:
        assert rows["rewrite.html"]["relation"] == "original"
        return
    canonical = {rows[name]["cluster_id"] for name in ("a.html", "a_cut.html", "a.txt")}
    assert rows["rewrite.html"]["relation"] == "rewrite"
    assert rows["rewrite.html"]["rewrite_of"] in canonical
    assert rows["rewrite.html"]["story_id"] == rows["a.html"]["story_id"]


def test_word_counts_mean_similar_amounts_of_text_across_scripts(crawl):
    """The articles are 180-300 English-equivalent words long in every language."""
    _summary, by_language, _rejects = crawl
    counts = {language: by_language[language]["a.html"]["word_count"] for language in ARTICLES}
    assert all(120 <= count <= 400 for count in counts.values()), counts


def test_hard_unicode_texts_reconcile_and_spaceless_scripts_count_as_words(crawl):
    _summary, by_language, rejects = crawl
    kept = set(by_language.get("hard", {}))
    rejected = {
        Path(source).name: reason for source, reason, _ in rejects if source.startswith("hard/")
    }
    assert kept | set(rejected) == {f"{name}.txt" for name in HARD_UNICODE}
    assert set(rejected.values()) <= {"no_content"}
    languages = {name: row["language"] for name, row in by_language.get("hard", {}).items()}
    assert {languages.get("khmer.txt"), languages.get("lao.txt"), languages.get("tibetan.txt")} \
        == {"km", "lo", "bo"}  # fmt: skip
