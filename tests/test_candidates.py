import apache_beam as beam
from apache_beam.testing.util import assert_that, equal_to
from conftest import test_pipeline
from fixtures import BANK_MERGER, QUAKE_CHILE, QUAKE_CHILE_PARAPHRASE, QUAKE_JAPAN, article

from transforms.candidates import CandidatePairs
from transforms.config import StorylineConfig
from transforms.terms import view_norms

CONFIG = StorylineConfig()


def test_pairs_come_only_from_articles_that_share_rare_terms_and_score_by_cosine():
    with test_pipeline() as p:
        _profiles, pairs = (
            p
            | beam.Create(
                [
                    article("chile", QUAKE_CHILE),
                    article("chile-para", QUAKE_CHILE_PARAPHRASE),
                    article("japan", QUAKE_JAPAN),
                    article("bank", BANK_MERGER),
                ]
            )
            | CandidatePairs(CONFIG)
        )
        strong = pairs | beam.Filter(lambda kv: kv[1] >= CONFIG.story_threshold)
        assert_that(strong | beam.Map(lambda kv: kv[0]), equal_to([("chile", "chile-para")]))


def test_every_canonical_article_gets_a_profile_whose_every_view_is_unit_length():
    with test_pipeline() as p:
        profiles, _pairs = (
            p | beam.Create([article("a", QUAKE_CHILE), article("b", BANK_MERGER)])
        ) | CandidatePairs(CONFIG)
        norms = profiles | beam.Map(
            lambda prof: (prof.doc_id, [round(n, 6) for n in view_norms(prof.vector)])
        )
        # body, headline, names (places, people, firms) and figures (magnitude, times, sums)
        assert_that(norms, equal_to([("a", [1.0] * 4), ("b", [1.0] * 4)]))
