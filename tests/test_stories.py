from dataclasses import replace

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

from transforms.candidates import CandidatePairs, TermProfile
from transforms.config import StorylineConfig
from transforms.rewrites import FindRewrites
from transforms.stories import Centroids, GroupStories, rejoin, single_pass, story_id_for
from transforms.terms import BODY, NAMES

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


def _profile(doc_id, terms, day, view=BODY):
    """A profile whose terms all sit in one view (a term id's low bits name its view)."""
    vector = {t << 2 | view: 1.0 / len(terms) ** 0.5 for t in terms}
    return TermProfile(doc_id, utc(2024, 3, day), vector, ())


AT_06 = replace(CONFIG, story_threshold=0.6)


def test_single_pass_splits_a_chained_component_into_its_events():
    event_a, event_b = [1, 2, 3, 4, 5, 6], [11, 12, 13, 14, 15, 16]
    members = [
        (_profile("a1", event_a, 1), None),
        (_profile("a2", event_a[:5] + [7], 2), None),
        (_profile("bridge", event_a[:3] + event_b[:3], 3), None),  # links both in the graph
        (_profile("b1", event_b, 4), None),
        (_profile("b2", event_b[1:] + [17], 5), None),
    ]
    stories = single_pass(members, AT_06).assigned
    assert stories["a1"] == stories["a2"] == story_id_for("a1")
    assert stories["b1"] == stories["b2"] != stories["a1"]
    assert len(set(stories.values())) in (2, 3)  # the bridge joins one event or stands alone


def test_a_rewrite_stays_in_its_source_story_even_when_its_words_drift():
    members = [
        (_profile("source", [1, 2, 3, 4], 1), None),
        (_profile("rewrite", [1, 20, 21, 22], 2), "source"),  # cosine 0.25 with its source
        (_profile("other", [20, 21, 22, 23], 3), None),
    ]
    stories = single_pass(members, AT_06).assigned
    assert stories["rewrite"] == stories["source"] == story_id_for("source")
    assert stories["other"] != stories["source"]


def _centroid(*profiles):
    """An earlier story's centroid as `state/stories` sums it: (canonicals, unit vectors)."""
    total = {}
    for profile in profiles:
        for term, weight in profile.vector.items():
            total[term] = total.get(term, 0.0) + weight
    return len(profiles), total


def test_a_follow_up_joins_the_earlier_story_and_a_new_event_opens_its_own():
    earlier = {"old": "story-quake"}
    centroids = {"story-quake": _centroid(_profile("old", [1, 2, 3, 4, 5, 6], 1))}
    members = [
        (_profile("follow-up", [1, 2, 3, 4, 5, 9], 2), None),
        (_profile("unrelated", [30, 31, 32, 33], 2), None),
    ]
    decided = single_pass(members, AT_06, earlier, centroids)
    assert decided.assigned == {
        "follow-up": "story-quake",
        "unrelated": story_id_for("unrelated"),
    }
    assert "old" not in decided.assigned  # earlier rows never change
    assert decided.merges == []
    assert decided.centroids["story-quake"][0] == 1  # the canonical this run added to it


def test_a_rewrite_of_an_earlier_article_joins_its_story_whatever_its_words():
    earlier = {"source": "story-a"}
    centroids = {"story-a": _centroid(_profile("source", [1, 2, 3, 4], 1))}
    members = [(_profile("rewrite", [1, 20, 21, 22], 2), "source")]
    assert single_pass(members, AT_06, earlier, centroids).assigned == {"rewrite": "story-a"}


def test_an_article_close_to_two_earlier_stories_joins_one_and_records_the_bridge():
    earlier = {"a1": "story-a", "b1": "story-b"}
    centroids = {
        "story-a": _centroid(_profile("a1", [1, 2, 3, 4], 1)),
        "story-b": _centroid(_profile("b1", [5, 6, 7, 8], 1)),
    }
    members = [(_profile("bridge", [1, 2, 3, 4, 5, 6, 7, 8], 2), None)]
    decided = single_pass(members, AT_06, earlier, centroids)
    joined = decided.assigned["bridge"]
    assert joined in ("story-a", "story-b")
    other = "story-b" if joined == "story-a" else "story-a"
    assert decided.merges == [
        {"story_id": joined, "bridged_story_id": other, "doc_id": "bridge", "score": 0.7071}
    ]


def test_a_lone_article_takes_a_second_look_at_the_stories_its_component_ended_with():
    event = [1, 2, 3, 4, 5, 6, 7, 8]
    members = [
        (_profile("first", event[:4] + [20, 21, 22, 23], 1), None),
        # 0.25 with the first report, below the join threshold: it opens a story of its own
        (_profile("late-angle", event[2:4] + [30, 31, 32, 33, 34, 35], 2), None),
        (_profile("second", event, 3), None),  # joins the first report
        (_profile("third", event[2:] + [36, 37], 4), None),  # and so does this one
        (_profile("loner", [50, 51, 52, 53], 5), None),
    ]
    config = replace(CONFIG, story_threshold=0.5, story_rejoin_threshold=0.3)
    stories = single_pass(members, config).assigned
    # the story's final centroid holds more of the angle's words than the first report did
    assert stories["late-angle"] == stories["first"] == stories["third"] == story_id_for("first")
    assert stories["loner"] == story_id_for("loner")  # nothing near it: it stays alone
    no_second_look = replace(config, story_rejoin_threshold=1.0)
    assert single_pass(members, no_second_look).assigned["late-angle"] == story_id_for("late-angle")


def test_two_lone_articles_do_not_pair_up_in_the_second_look():
    members = [
        (_profile("a", [1, 2, 3, 4], 1), None),
        (_profile("b", [1, 2, 30, 31], 2), None),  # 0.5 with a: under 0.6, over the rejoin floor
    ]
    config = replace(AT_06, story_rejoin_threshold=0.3)
    assert single_pass(members, config).assigned == {
        "a": story_id_for("a"),
        "b": story_id_for("b"),
    }


def test_the_second_look_passes_over_a_closer_story_that_is_alone_too():
    unit = _profile("unit", [1, 2, 3, 4], 1).vector
    index = Centroids(CONFIG.story_view_weights, CONFIG.story_names_floor)
    for _ in range(3):
        index.new()
    index.add(0, unit)
    index.add(1, _profile("alone", [1, 2, 3, 9], 1).vector)  # 0.75 with the unit, but alone
    index.add(2, _profile("g1", [1, 2, 40, 41], 1).vector)  # a story of two: 0.58 with it
    index.add(2, _profile("g2", [1, 2, 42, 43], 1).vector)
    sizes = [1, 1, 2]
    assert rejoin(index, sizes, 0, unit, 0.2) == 2
    assert sizes == [0, 1, 3]


def test_names_tell_apart_two_events_whose_other_words_are_the_same():
    common = [1, 2, 3, 4]

    def with_names(doc_id, day, names):
        profile = _profile(doc_id, common, day)
        return profile._replace(vector={**profile.vector, **_profile("", names, day, NAMES).vector})

    config = replace(CONFIG, story_threshold=0.7, story_rejoin_threshold=0.7)
    # body cosine 1.0; names 1.0 when the same, 0.0 when not: 1.0 or 2/3 with names at half
    same_names = [(with_names("first", 1, [90, 91]), None), (with_names("next", 2, [90, 91]), None)]
    other_names = [
        (with_names("first", 1, [90, 91]), None),
        (with_names("next", 2, [95, 96]), None),
    ]
    assert len(set(single_pass(same_names, config).assigned.values())) == 1
    assert len(set(single_pass(other_names, config).assigned.values())) == 2


def test_a_story_that_names_none_of_the_article_s_names_is_not_its_story():
    common = list(range(1, 21))
    first = _profile("first", common, 1)
    other = _profile("other", common[:19] + [40], 2)  # body cosine 0.95
    names_first = _profile("", [90, 91, 92], 1, NAMES).vector
    names_other = _profile("", [95, 96, 97], 2, NAMES).vector
    members = [
        (first._replace(vector={**first.vector, **names_first}), None),
        (other._replace(vector={**other.vector, **names_other}), None),
    ]
    # the weighted mean (0.95 x 1 + 0 x 0.5) / 1.5 = 0.63 is over the threshold; the names veto
    stories = single_pass(members, CONFIG).assigned
    assert stories["first"] != stories["other"]
    without_floor = replace(CONFIG, story_names_floor=0.0)
    assert len(set(single_pass(members, without_floor).assigned.values())) == 1
