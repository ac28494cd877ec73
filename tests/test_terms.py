"""The term bag's weights, written out by hand: lead, title and name boosts, and what is dropped."""

import math

import pytest

from transforms import terms
from transforms.terms import rarity, term_id, weighted_terms

PADDING = " ".join(f"pad{i:02d}" for i in range(60))  # positions 5..64: the lead ends at 60
TEXT = f"zorblat quixel. wumpus wumpus wumpus {PADDING} zorblat then Grimsby spoke xq 42."


@pytest.mark.parametrize(
    ("token", "count_weight", "boost"),
    [
        ("zorblat", 3, 1.0),  # twice: once in the lead (2), once after it (1)
        ("quixel", 5, 1.0),  # lead (2) + title (3)
        ("wumpus", 6, 1.0),  # three times in the lead
        ("pad54", 2, 1.0),  # the lead's last word
        ("pad55", 1, 1.0),  # the first word after it
        ("rises", 3, 1.0),  # title only
        ("grimsby", 1, 1.5),  # capitalised mid-sentence: a name
        ("42", 1, 1.0),  # short, but a number
    ],
)
def test_each_term_weighs_its_boosted_count_times_its_rarity(token, count_weight, boost):
    bag = weighted_terms("Quixel rises", TEXT, "en")
    expected = (1.0 + math.log(count_weight)) * boost * rarity(token, "en")
    assert bag[term_id(token)] == pytest.approx(expected)


def test_stop_words_and_short_words_are_not_terms():
    bag = weighted_terms("Quixel rises", TEXT, "en")
    assert term_id("then") not in bag and term_id("xq") not in bag


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
