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
from fixtures_rewrites import CASES, EEL_SPECIES, FOOTBRIDGE, LAYOFFS

from transforms.alignment import MIN_ALIGNED, align, sentence_profile
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


# --- heavy rewrites and independent write-ups (tests/fixtures_rewrites.py) --------------------


def _case_articles(case, *texts: tuple[str, str]):
    """The case's source, dated a day before each (doc_id, text) given."""
    source = article(f"{case.name}-source", case.source, published=utc(2025, 3, 1))
    rest = [article(doc_id, text, published=utc(2025, 3, 2, hour)) for hour, (doc_id, text)
            in enumerate(texts, start=8)]  # fmt: skip
    return [source, *rest]


def test_heavy_rewrites_that_merge_reorder_and_reword_every_sentence_are_tagged():
    # both reword every sentence and merge several; the second keeps only a few of the
    # source's words per sentence ("walkers" for "pedestrians", "shut" for "closed")
    articles = _case_articles(FOOTBRIDGE, ("footbridge-heavy", FOOTBRIDGE.heavy[3]))
    articles += _case_articles(LAYOFFS, ("layoffs-heavy", LAYOFFS.heavy[3]))
    p, tagged = _tag(articles)
    rows = (
        tagged | beam.Filter(lambda a: a.rewrite_of) | beam.Map(lambda a: (a.doc_id, a.rewrite_of))
    )
    assert_that(
        rows,
        equal_to([("footbridge-heavy", "footbridge-source"), ("layoffs-heavy", "layoffs-source")]),
    )
    p.run().wait_until_finish()


def test_independent_write_ups_of_the_same_event_are_not_rewrites():
    # same names and numbers, other quotes and details; with a light rewrite of the source in
    # the run, which the write-ups align with as much as with the source
    articles = []
    for case in CASES:
        texts = [(f"{case.name}-independent-{n}", text) for n, text in enumerate(case.independent)]
        articles += _case_articles(case, (f"{case.name}-light", case.light[0]), *texts)
    p, tagged = _tag(articles)
    rows = (
        tagged | beam.Filter(lambda a: a.rewrite_of) | beam.Map(lambda a: (a.doc_id, a.rewrite_of))
    )
    assert_that(rows, equal_to([(f"{case.name}-light", f"{case.name}-source") for case in CASES]))
    p.run().wait_until_finish()


def test_a_heavy_rewrite_carries_evidence_passages_from_its_own_text():
    p, tagged = _tag(_case_articles(EEL_SPECIES, ("eel-heavy", EEL_SPECIES.heavy[3])))
    checks = (
        tagged
        | beam.Filter(lambda a: a.relation == "rewrite")
        | beam.Map(
            lambda a: (
                a.rewrite_of,
                len(a.rewrite_evidence) >= MIN_ALIGNED,
                all(passage in a.text for passage in a.rewrite_evidence),
            )
        )
    )
    assert_that(checks, equal_to([("eel_species-source", True, True)]))
    p.run().wait_until_finish()


def test_a_sentence_stating_a_number_the_source_never_states_does_not_align():
    source = "The plant employs 300 workers in the valley town. Managers plan to hire more."
    reworded = "In the valley town the plant has 300 employees on its payroll."
    new_fact = "In the valley town the plant has 300 employees, 40 of them hired last spring."
    profile = sentence_profile("s", source, "en")
    matched = align(sentence_profile("a", reworded, "en"), profile, min_aligned=1)
    added = align(sentence_profile("b", new_fact, "en"), profile, min_aligned=1)
    assert (matched.score, added.score) == (1.0, 0.0)


def test_forms_of_one_word_count_as_the_same_word():
    verbs = sentence_profile("a", "Rescuers evacuated coastal villages.", "en")
    nouns = sentence_profile("b", "Evacuation of coast villages by rescuers.", "en")
    assert verbs.content == nouns.content and len(verbs.content[0]) == 4
