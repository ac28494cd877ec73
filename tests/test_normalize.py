import apache_beam as beam
from apache_beam.testing.util import assert_that, equal_to
from conftest import test_pipeline
from fixtures import article

from transforms.normalize import NormalizeArticles
from transforms.textnorm import normalize_text


def test_folds_quotes_dashes_case_and_whitespace():
    assert normalize_text("Musk\u2019s  \u201cF\u2014ked\u201d\n\tＡＢＣ") == 'musk\'s "f-ked" abc'


def test_every_folded_character_is_folded_and_soft_hyphens_vanish():
    text = (
        "\u2018a\u2019 \u201ab\u201b \u2032 ` \u00ab\u00bb "
        "\u2010\u2011\u2012\u2013\u2014\u2015\u2212 so\u00adft"
    )
    assert normalize_text(text) == "'a' 'b' ' ' \"\" ------- soft"


def test_renderings_differing_only_in_typography_share_a_content_hash():
    curly = article("a", "Fortune\u2019s request \u2014 \u201cno comment\u201d.")
    straight = article("b", 'FORTUNE\'S request - "no comment".')
    with test_pipeline() as p:
        hashes = (
            p
            | beam.Create([curly, straight])
            | NormalizeArticles()
            | beam.Map(lambda a: a.content_hash)
            | beam.Distinct()
            | beam.combiners.Count.Globally()
        )
        assert_that(hashes, equal_to([1]))
