import apache_beam as beam
from apache_beam.testing.util import assert_that, equal_to
from conftest import test_pipeline
from fixtures import article

from transforms.normalize import NormalizeArticles
from transforms.textnorm import normalize_text


def test_folds_quotes_dashes_case_and_whitespace():
    assert normalize_text("Musk\u2019s  \u201cF\u2014ked\u201d\n\tＡＢＣ") == 'musk\'s "f-ked" abc'


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
