"""No stage after clean can crash a run (issue #19, part 4).

A failure is injected (`transforms.faults`) for one article in each stage: the run completes,
the article keeps its row, one `errors` row names it and the stage, and the other articles come
out as they do without the failure. Full runs are `build_pipeline` in-process (one run arms
every stage, each for its own unrelated article); group-level fallbacks are checked on single
stages; one CLI run on two worker processes shows that the environment variable reaches them.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import apache_beam as beam
import duckdb
import pytest
from apache_beam.testing.util import assert_that, equal_to
from conftest import SEEDS, run_cli, test_pipeline
from fixtures import (
    BANK_MERGER,
    QUAKE_CHILE,
    QUAKE_CHILE_PARAPHRASE,
    QUAKE_CHILE_QUOTE_ONLY,
    article,
    utc,
    with_fields,
)

from pipeline.run import build_pipeline
from pipeline.summary import collect_summary, format_summary
from schemas.records import Reject
from transforms import faults
from transforms.assemble import AssembleArticles
from transforms.candidates import CandidatePairs
from transforms.config import StorylineConfig
from transforms.errors import DeadLetters
from transforms.packing import pack, unpack
from transforms.rewrites import FindRewrites, RewriteTag
from transforms.store import plan_run
from transforms.stories import GroupStories, story_id_for
from transforms.write import WriteTables

CONFIG = StorylineConfig()
STAGES = ("normalize", "sign", "dedupe", "terms", "rewrites", "stories", "assemble", "write")
_ROW = "doc_id, source, cluster_id, is_canonical, duplicate_of, relation, rewrite_of, story_id"


@pytest.fixture
def armed():
    """Arms `transforms.faults` in this process for one test and disarms it after."""
    yield faults.configure
    faults.configure(None)


def unrelated_article(seed: int) -> str:
    """An article of made-up words no other article shares: its own cluster and story."""
    rng = random.Random(seed)
    syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
    vocabulary = sorted({"".join(rng.sample(syllables, 3)) for _ in range(60)})
    paragraphs = []
    for _ in range(5):
        sentences = []
        for _ in range(3):
            a, b, c, d, e = rng.sample(vocabulary, 5)
            sentences.append(f"The {a} of {b} said that the {c} would {d} the {e} again.")
        paragraphs.append(" ".join(sentences).capitalize())
    return "\n\n".join(paragraphs) + "\n"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[str]:
    """The four seeds plus one unrelated article per stage (`alone-<stage>.txt`)."""
    others = tmp_path_factory.mktemp("unrelated")
    for seed, stage in enumerate(STAGES):
        (others / f"alone-{stage}.txt").write_text(unrelated_article(seed))
    return [str(SEEDS / "*.txt"), str(others / "*.txt")]


def _run(inputs: list[str], output: Path, spec: str | None = None) -> dict:
    faults.configure(spec)
    try:
        pipeline = test_pipeline()
        build_pipeline(pipeline, inputs, plan_run(str(output), "test"), CONFIG)
        result = pipeline.run()
        result.wait_until_finish()
    finally:
        faults.configure(None)
    return collect_summary(result)


def _rows(output: Path) -> list[tuple]:
    return duckdb.sql(
        f"SELECT {_ROW} FROM read_parquet('{output}/articles/**/*.parquet', "
        "hive_partitioning=true) ORDER BY doc_id"
    ).fetchall()


def _errors(output: Path) -> list[tuple]:
    return duckdb.sql(
        f"SELECT source, doc_id, stage, detail FROM read_parquet('{output}/errors/*.parquet') "
        "ORDER BY source, stage"
    ).fetchall()


@pytest.fixture(scope="module")
def baseline(corpus, tmp_path_factory) -> tuple[dict, list[tuple]]:
    output = tmp_path_factory.mktemp("baseline") / "out"
    summary = _run(corpus, output)
    assert (summary["articles"], summary["duplicates_collapsed"], summary["rewrites"]) == (12, 1, 1)
    assert summary["stories"] == 1 + len(STAGES) and summary["errors"] == 0
    return summary, _rows(output)


def test_a_failure_in_every_stage_costs_its_article_nothing_but_an_errors_row(
    corpus, baseline, tmp_path
):
    summary = _run(corpus, tmp_path, ",".join(f"{s}:alone-{s}.txt" for s in STAGES))
    base_summary, base_rows = baseline
    assert summary == {**base_summary, "errors": len(STAGES)}
    assert summary["reconciled"]
    # every article keeps its row, cluster, relation and story; the seeds keep their story
    assert _rows(tmp_path) == base_rows
    rows = {Path(source).name: doc_id for doc_id, source, *_ in base_rows}
    errors = [(Path(source).name, doc_id, stage) for source, doc_id, stage, _ in _errors(tmp_path)]
    expected = [(f"alone-{s}.txt", rows[f"alone-{s}.txt"], s) for s in STAGES]
    assert errors == sorted(expected)
    for _source, _doc_id, stage, detail in _errors(tmp_path):
        assert "InjectedFailure" in detail and f"at {stage} for" in detail


def test_the_summary_prints_the_errors():
    summary = {"files_read": 1, "units_read": 1, "articles": 1, "duplicates_collapsed": 0,
               "rewrites": 0, "stories": 1, "rejects": 0, "errors": 2,
               "reconciled": True}  # fmt: skip
    assert "errors                2 (articles kept, see errors/)" in format_summary(summary)


def test_cli_run_on_worker_processes_isolates_an_article_whose_signing_fails(tmp_path, monkeypatch):
    """The variable reaches multi-processing workers; the failing rewrite (seed 003) becomes its
    own cluster and story, and the copies of seeds 000/001 still collapse."""
    monkeypatch.setenv(faults.ENV, "sign:003_")
    mp = ("--direct_num_workers=2", "--direct_running_mode=multi_processing")
    summary = run_cli([str(SEEDS / "*.txt")], tmp_path, *mp)
    assert {k: summary[k] for k in ("articles", "rejects", "errors", "reconciled")} == {
        "articles": 4, "rejects": 0, "errors": 1, "reconciled": True,
    }  # fmt: skip
    assert (summary["duplicates_collapsed"], summary["rewrites"], summary["stories"]) == (1, 0, 2)
    rows = {re.match(r"(\d{3})_", r[1]).group(1): dict(zip(_ROW.split(", "), r, strict=True))
            for r in _rows(tmp_path)}  # fmt: skip
    alone = rows["003"]
    assert (alone["cluster_id"], alone["is_canonical"], alone["relation"]) == (
        alone["doc_id"], True, "original",
    )  # fmt: skip
    assert alone["story_id"] == story_id_for(alone["doc_id"])
    assert rows["000"]["cluster_id"] == rows["001"]["cluster_id"]
    assert len({rows[s]["story_id"] for s in ("000", "001", "002")}) == 1
    assert alone["story_id"] != rows["002"]["story_id"]
    ((source, doc_id, stage, detail),) = _errors(tmp_path)
    assert (doc_id, stage) == (alone["doc_id"], "sign") and "003_" in source


# --- group-level steps, one stage each ------------------------------------------------------


def test_a_pair_whose_verification_fails_is_no_rewrite_and_one_errors_row(armed):
    armed("rewrites.pairs:para")
    dead_letters = DeadLetters()
    canonical = [article("chile", QUAKE_CHILE, published=utc(2024, 3, 5)),
                 article("para", QUAKE_CHILE_PARAPHRASE, published=utc(2024, 3, 6))]  # fmt: skip
    with test_pipeline() as p:
        articles = p | beam.Create(canonical)
        _profiles, pairs = articles | CandidatePairs(CONFIG)
        tags = (articles, pairs) | FindRewrites(CONFIG, dead_letters)
        assert_that(tags, equal_to([]), label="no tag")
        errors = dead_letters.errors(p) | beam.Map(lambda e: (e.doc_id, e.stage, e.detail[:14]))
        assert_that(errors, equal_to([("chile", "rewrites", "pair with para")]), label="error")


def test_a_component_whose_single_pass_fails_gives_each_member_its_own_story(armed):
    """Its members get no story here (Assemble gives each cluster its own); others keep theirs."""
    armed("stories.components:local")
    dead_letters = DeadLetters()
    canonical = [
        article("chile", QUAKE_CHILE, published=utc(2024, 3, 5)),
        article("local", QUAKE_CHILE_QUOTE_ONLY, published=utc(2024, 3, 6)),
        article("bank", BANK_MERGER, published=utc(2024, 3, 7)),
    ]
    with test_pipeline() as p:
        articles = p | beam.Create(canonical)
        profiles, pairs = articles | CandidatePairs(CONFIG)
        tags = (articles, pairs) | FindRewrites(CONFIG)
        sources = articles | beam.Map(lambda a: (a.doc_id, a.source))
        stories = (profiles, pairs, tags, sources) | GroupStories(CONFIG, dead_letters)
        assert_that(stories, equal_to([("bank", story_id_for("bank"))]), label="stories")
        errors = dead_letters.errors(p) | beam.Map(lambda e: (e.doc_id, e.stage))
        assert_that(errors, equal_to([("chile", "stories"), ("local", "stories")]), label="errs")


def _assemble(dead_letters: DeadLetters):
    canonical = with_fields(article("c", QUAKE_CHILE), cluster_id="c")
    duplicate = with_fields(article("d", QUAKE_CHILE), cluster_id="c", is_canonical=False,
                            duplicate_of="c", relation="duplicate")  # fmt: skip
    source = with_fields(article("s", BANK_MERGER), cluster_id="s")
    p = test_pipeline()
    finished = (
        p | "Articles" >> beam.Create([canonical, duplicate, source]),
        p | "Tags" >> beam.Create([("c", RewriteTag("c", "s", 0.7, ("passage",)))]),
        p | "Stories" >> beam.Create([("c", "story-1"), ("s", "story-1")]),
        p | "Alone" >> beam.Create([article("a", BANK_MERGER)]),
    ) | AssembleArticles(dead_letters)
    rows = finished | beam.MapTuple(lambda story, packed: (story, *_tagging(unpack(packed))))
    return p, rows


def _tagging(a):
    return a.doc_id, a.cluster_id, a.relation, a.rewrite_of


def test_a_canonical_whose_tag_cannot_be_applied_keeps_its_row_and_story(armed):
    armed("assemble:/c.txt")
    dead_letters = DeadLetters()
    p, rows = _assemble(dead_letters)
    assert_that(
        rows,
        equal_to(
            [
                ("story-1", "c", "c", "original", None),  # untagged, same cluster and story
                ("story-1", "d", "c", "duplicate", None),
                ("story-1", "s", "s", "original", None),
                (story_id_for("a"), "a", "a", "original", None),  # alone: own cluster, story
            ]
        ),
    )
    errors = dead_letters.errors(p) | beam.Map(lambda e: (e.source, e.doc_id, e.stage))
    assert_that(errors, equal_to([("/fixtures/c.txt", "c", "assemble")]), label="errors")
    p.run().wait_until_finish()


def test_a_cluster_that_cannot_be_assembled_is_rejects_not_lost(armed):
    armed("assemble.cluster:/d.txt")
    dead_letters = DeadLetters()
    p, rows = _assemble(dead_letters)
    assert_that(
        rows | beam.Map(lambda row: row[1]), equal_to(["s", "a"]), label="the other clusters"
    )
    rejects = dead_letters.rejects(p) | beam.Map(lambda r: (r.source, r.stage, r.reason))
    assert_that(
        rejects,
        equal_to(
            [
                ("/fixtures/c.txt", "assemble", "parse_error"),
                ("/fixtures/d.txt", "assemble", "parse_error"),
            ]
        ),  # fmt: skip
        label="rejects",
    )
    p.run().wait_until_finish()


def _write(output: Path, articles: list) -> None:
    with test_pipeline() as p:
        _ = (
            p | "Articles" >> beam.Create([(story, pack(a)) for story, a in articles]),
            p | "Rejects" >> beam.Create([Reject("/in/bad.bin", "clean", "binary", "")]),
        ) | WriteTables(str(output), "t")


def test_an_article_arrow_refuses_is_written_with_valid_strings_and_an_errors_row(tmp_path):
    """A real failure, no hook: a lone surrogate cannot be encoded as UTF-8."""
    bad = with_fields(article("b1", "Bad \ud800 text " + BANK_MERGER), cluster_id="b1")
    good = with_fields(article("b2", BANK_MERGER), cluster_id="b2")
    _write(tmp_path, [("s1", bad), ("s1", good), ("s2", with_fields(good, doc_id="c"))])
    rows = duckdb.sql(
        f"SELECT story_id, doc_id, text[:10] FROM read_parquet('{tmp_path}/articles/**/*.parquet',"
        " hive_partitioning=true) ORDER BY doc_id"
    ).fetchall()
    assert rows == [
        ("s1", "b1", "Bad \ufffd text"),
        ("s1", "b2", "Two of Ger"),
        ("s2", "c", "Two of Ger"),
    ]
    ((source, doc_id, stage, detail),) = _errors(tmp_path)
    assert (source, doc_id, stage) == ("/fixtures/b1.txt", "b1", "write")
    assert "surrogate" in detail
    names = sorted(p.name for p in (tmp_path / "articles").rglob("*.parquet"))
    assert names == ["part-t.parquet", "part-t.parquet"]  # named by attempt, failures or not


def test_a_partition_that_cannot_be_written_makes_its_articles_rejects(tmp_path, armed):
    armed("write.partition:/b1.txt")
    one = with_fields(article("b1", BANK_MERGER), cluster_id="b1")
    two = with_fields(article("b2", BANK_MERGER), cluster_id="b2")
    _write(tmp_path, [("s1", one), ("s1", two), ("s2", with_fields(two, doc_id="c"))])
    written = duckdb.sql(
        f"SELECT story_id, doc_id FROM read_parquet('{tmp_path}/articles/**/*.parquet', "
        "hive_partitioning=true)"
    ).fetchall()
    assert written == [("s2", "c")]
    assert not list((tmp_path / "articles" / "story_id=s1").glob("*.parquet"))
    rejects = duckdb.sql(
        f"SELECT source, stage, reason FROM read_parquet('{tmp_path}/rejects/*.parquet') "
        "ORDER BY source"
    ).fetchall()
    assert rejects == [("/fixtures/b1.txt", "write", "parse_error"),
                       ("/fixtures/b2.txt", "write", "parse_error"),
                       ("/in/bad.bin", "clean", "binary")]  # fmt: skip
    assert _errors(tmp_path) == []


def test_the_hook_takes_point_needle_pairs_and_is_off_when_unset(armed):
    armed("sign:abc,write:xyz")
    assert faults.armed("sign") and faults.armed("write") and not faults.armed("dedupe")
    with pytest.raises(faults.InjectedFailure):
        faults.check("sign", "/in/abc.txt")
    faults.check("sign", "/in/other.txt")
    faults.check("dedupe", "/in/abc.txt")
    armed(None)
    faults.check("sign", "/in/abc.txt")
    with pytest.raises(ValueError):
        faults.configure("sign")
