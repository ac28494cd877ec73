import apache_beam as beam
from apache_beam.testing.util import assert_that, equal_to
from conftest import test_pipeline
from fixtures import (
    BANK_MERGER,
    QUAKE_CHILE,
    QUAKE_CHILE_PARAPHRASE,
    QUAKE_CHILE_QUOTE_ONLY,
    QUAKE_JAPAN,
    article,
    utc,
)

from transforms.candidates import CandidatePairs
from transforms.config import StorylineConfig
from transforms.rewrites import FindRewrites
from transforms.stories import GroupStories, story_id_for

CONFIG = StorylineConfig()


def _story_members(articles):
    """Runs candidates -> rewrites -> stories; yields sorted doc-id groups, one per story."""
    p = test_pipeline()
    canonical = p | beam.Create(articles)
    profiles, pairs = canonical | CandidatePairs(CONFIG)
    tags = (canonical, pairs) | FindRewrites(CONFIG)
    groups = (
        (profiles, pairs, tags)
        | GroupStories(CONFIG)
        | beam.Map(lambda kv: (kv[1], kv[0]))
        | beam.GroupByKey()
        | beam.Map(lambda kv: (kv[0], tuple(sorted(kv[1]))))
    )
    return p, groups


def test_same_event_shares_a_story_and_two_earthquakes_do_not():
    p, groups = _story_members(
        [
            article("chile", QUAKE_CHILE, title="Magnitude 7.1 quake hits northern Chile",
                    published=utc(2024, 3, 5)),
            article("chile-local", QUAKE_CHILE_QUOTE_ONLY, published=utc(2024, 3, 6)),
            article("chile-para", QUAKE_CHILE_PARAPHRASE, published=utc(2024, 3, 6)),
            article("japan", QUAKE_JAPAN, title="Magnitude 6.4 quake hits central Japan",
                    published=utc(2024, 3, 9)),
            article("bank", BANK_MERGER, published=utc(2024, 3, 7)),
        ]
    )  # fmt: skip
    assert_that(
        groups | beam.Map(lambda kv: kv[1]),
        equal_to([("chile", "chile-local", "chile-para"), ("japan",), ("bank",)]),
    )
    p.run().wait_until_finish()


def test_story_ids_hash_the_first_article_not_a_counter():
    p, groups = _story_members(
        [
            article("late", QUAKE_CHILE_PARAPHRASE, published=utc(2024, 3, 6)),
            article("early", QUAKE_CHILE, published=utc(2024, 3, 5)),
        ]
    )
    assert_that(groups, equal_to([(story_id_for("early"), ("early", "late"))]))
    p.run().wait_until_finish()
