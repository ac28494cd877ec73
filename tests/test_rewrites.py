import apache_beam as beam
from apache_beam.testing.util import assert_that, equal_to
from conftest import test_pipeline
from fixtures import (
    BANK_MERGER,
    QUAKE_CHILE,
    QUAKE_CHILE_PARAPHRASE,
    QUAKE_CHILE_QUOTE_ONLY,
    article,
    utc,
)

from transforms.candidates import CandidatePairs
from transforms.config import StorylineConfig
from transforms.rewrites import FindRewrites, apply_rewrite

CONFIG = StorylineConfig()


def _tag(articles):
    p = test_pipeline()
    canonical = p | beam.Create(articles)
    _profiles, pairs = canonical | CandidatePairs(CONFIG)
    tags = (canonical, pairs) | FindRewrites(CONFIG)
    tagged = (
        {"article": canonical | beam.Map(lambda a: (a.doc_id, a)), "tag": tags}
        | beam.CoGroupByKey()
        | beam.FlatMap(lambda kv: [apply_rewrite(a, list(kv[1]["tag"])) for a in kv[1]["article"]])
    )
    return p, tagged


def test_paraphrase_points_at_its_earlier_source_and_keeps_its_own_row():
    p, tagged = _tag(
        [
            article("source", QUAKE_CHILE, published=utc(2024, 3, 5)),
            article("paraphrase", QUAKE_CHILE_PARAPHRASE, published=utc(2024, 3, 6)),
            article("bank", BANK_MERGER),
        ]
    )
    rows = tagged | beam.Map(lambda a: (a.doc_id, a.relation, a.rewrite_of))
    assert_that(
        rows,
        equal_to(
            [
                ("source", "original", None),
                ("paraphrase", "rewrite", "source"),
                ("bank", "original", None),
            ]
        ),
    )
    p.run().wait_until_finish()


def test_undated_pair_takes_the_containing_article_as_source():
    longer_source = QUAKE_CHILE + "\n\n" + QUAKE_CHILE_QUOTE_ONLY
    p, tagged = _tag(
        [article("x-derived", QUAKE_CHILE_PARAPHRASE), article("y-src", longer_source)]
    )
    rows = (
        tagged | beam.Filter(lambda a: a.rewrite_of) | beam.Map(lambda a: (a.doc_id, a.rewrite_of))
    )
    assert_that(rows, equal_to([("x-derived", "y-src")]))
    p.run().wait_until_finish()


def test_rewrite_carries_score_and_evidence_from_the_derived_text():
    p, tagged = _tag(
        [
            article("source", QUAKE_CHILE, published=utc(2024, 3, 5)),
            article("paraphrase", QUAKE_CHILE_PARAPHRASE, published=utc(2024, 3, 6)),
        ]
    )
    checks = (
        tagged
        | beam.Filter(lambda a: a.relation == "rewrite")
        | beam.Map(
            lambda a: (
                a.rewrite_score >= CONFIG.rewrite_threshold,
                len(a.rewrite_evidence) >= 3,
                all(passage in a.text for passage in a.rewrite_evidence),
            )
        )
    )
    assert_that(checks, equal_to([(True, True, True)]))
    p.run().wait_until_finish()


def test_sharing_a_public_quotation_alone_is_not_a_rewrite():
    p, tagged = _tag(
        [
            article("source", QUAKE_CHILE, published=utc(2024, 3, 5)),
            article("quotes", QUAKE_CHILE_QUOTE_ONLY, published=utc(2024, 3, 6)),
        ]
    )
    assert_that(tagged | beam.Map(lambda a: a.relation), equal_to(["original", "original"]))
    p.run().wait_until_finish()


def test_two_rewrites_of_one_original_both_point_at_the_original():
    second = QUAKE_CHILE_PARAPHRASE.replace("Early on Tuesday", "On Tuesday morning").replace(
        "rattling structures", "shaking buildings"
    )
    p, tagged = _tag(
        [
            article("original", QUAKE_CHILE, published=utc(2024, 3, 5)),
            article("first-rewrite", QUAKE_CHILE_PARAPHRASE, published=utc(2024, 3, 6)),
            article("second-rewrite", second, published=utc(2024, 3, 8)),
        ]
    )
    rows = tagged | beam.Map(lambda a: (a.doc_id, a.rewrite_of))
    assert_that(
        rows,
        equal_to(
            [
                ("original", None),
                ("first-rewrite", "original"),
                ("second-rewrite", "original"),
            ]
        ),
    )
    p.run().wait_until_finish()


def test_undated_pair_takes_the_widely_copied_article_as_source():
    # two extra paragraphs: by containment alone the wire copy would look derived from this
    extra = "\n\n".join(QUAKE_CHILE_QUOTE_ONLY.split("\n\n")[:2])
    padded_rewrite = QUAKE_CHILE_PARAPHRASE + "\n\n" + extra
    p, tagged = _tag(
        [
            article("a-rewrite", padded_rewrite),
            article("b-wire", QUAKE_CHILE, cluster_size=3),
        ]
    )
    rows = (
        tagged | beam.Filter(lambda a: a.rewrite_of) | beam.Map(lambda a: (a.doc_id, a.rewrite_of))
    )
    assert_that(rows, equal_to([("a-rewrite", "b-wire")]))
    p.run().wait_until_finish()
