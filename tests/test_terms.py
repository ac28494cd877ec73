"""The term bag's views and weights, written out by hand, and how the views combine."""

import math

import pytest

from transforms import terms
from transforms.terms import (
    BODY,
    HEADLINE,
    NAMES,
    NUMBERS,
    names,
    rarity,
    similarity,
    term_id,
    view_of,
    weighted_terms,
)

PADDING = " ".join(f"pad{i:02d}" for i in range(60))  # positions 5..64: the lead ends at 60
TEXT = f"zorblat quixel. wumpus wumpus wumpus {PADDING} zorblat then Grimsby spoke xq 42."


def _in(view, token):
    return (term_id(token) & ~3) | view


@pytest.mark.parametrize(
    ("view", "token", "count"),
    [
        (BODY, "zorblat", 2),
        (BODY, "wumpus", 3),
        (BODY, "pad55", 1),
        (BODY, "42", 1),  # short, but a number
        (HEADLINE, "zorblat", 1),  # in the lead once
        (HEADLINE, "quixel", 2),  # title and lead
        (HEADLINE, "rises", 1),  # title only
        (HEADLINE, "pad54", 1),  # the lead's last word
        (NAMES, "grimsby", 1),  # capitalised mid-sentence: a name
    ],
)
def test_each_term_weighs_its_count_times_its_rarity_in_its_view(view, token, count):
    bag = weighted_terms("Quixel rises", TEXT, "en")
    expected = (1.0 + math.log(count)) * rarity(token, "en")
    assert bag[_in(view, token)] == pytest.approx(expected)


def test_the_lead_ends_after_its_words_and_the_title_is_no_body_word():
    bag = weighted_terms("Quixel rises", TEXT, "en")
    assert _in(HEADLINE, "pad55") not in bag
    assert _in(BODY, "rises") not in bag


def test_figures_are_a_view_of_their_own():
    bag = weighted_terms(None, "The toll rose to 1,204 on day 3 of the search.", "en")
    assert {view_of(term) for term in bag} == {BODY, HEADLINE, NUMBERS}  # no names here
    assert _in(NUMBERS, "1,204") in bag and _in(NUMBERS, "3") in bag


def test_stop_words_and_short_words_are_not_terms():
    bag = weighted_terms("Quixel rises", TEXT, "en")
    assert _in(BODY, "then") not in bag and _in(BODY, "xq") not in bag


def test_names_are_capitalised_words_and_whole_multi_word_names():
    text = "Rescuers said Maria Okonkwo of the Red Cross arrived. Later the rain stopped."
    assert names(text, "en") == ["maria okonkwo", "maria", "okonkwo", "red cross", "red", "cross"]


def test_a_title_case_line_and_a_lone_sentence_opener_are_no_names():
    text = "Quake Hits Port City Before Dawn\nWitnesses saw the harbour wall crack in Antofagasta."
    assert names(text, "en") == ["antofagasta"]


def test_scripts_without_case_have_no_names_and_their_other_views_decide():
    text = "北京时间周二凌晨智利北部发生强烈地震，港口城市安托法加斯塔的居民纷纷逃到街上。"
    bag = weighted_terms(None, text, "zh")
    assert names(text, "zh") == []
    assert NAMES not in {view_of(term) for term in bag}
    assert similarity(bag, bag, (1.0, 1.0, 2.0, 1.0)) > 0.0


def test_similarity_is_the_weighted_mean_of_the_cosines_of_the_views_both_sides_have():
    half = 0.5**0.5
    left = {_in(BODY, "a"): 1.0, _in(NAMES, "x"): 1.0, _in(NUMBERS, "7"): 1.0}
    right = {_in(BODY, "a"): half, _in(BODY, "b"): half, _in(NAMES, "y"): 1.0}
    # body cosine 0.71 (weight 1), names 0.0 (weight 2); numbers only on the left: not counted
    assert similarity(left, right, (1.0, 1.0, 2.0, 1.0)) == pytest.approx(half / 3)


def test_the_term_cache_empties_when_full_and_answers_stay_the_same(monkeypatch):
    cache = terms._TermCache(max_entries=3)
    english = cache.for_language("en")
    english.update({"one": None, "two": None})
    cache.for_language("de")["drei"] = None
    assert cache.for_language("en") == {}  # 3 entries in all: emptied
    monkeypatch.setattr(terms, "_TERMS", terms._TermCache(max_entries=1_000))
    cold = weighted_terms("Quixel", TEXT, "en")
    assert len(terms._TERMS.for_language("en")) > 10  # every distinct token was looked up
    assert weighted_terms("Quixel", TEXT, "en") == cold  # now answered from the cache
