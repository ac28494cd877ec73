import apache_beam as beam
import numpy as np
import pytest
from apache_beam.testing.util import assert_that, equal_to
from conftest import test_pipeline
from fixtures import BANK_MERGER, QUAKE_CHILE, article, edited_copy

from pipeline.summary import counter_totals
from transforms.config import StorylineConfig
from transforms.normalize import NormalizeArticles
from transforms.sign import MinHasher, SignArticles, SignatureCache
from transforms.textnorm import normalize_text

CONFIG = StorylineConfig()


def _values(text: str, config: StorylineConfig = CONFIG) -> tuple[int, ...]:
    return tuple(int(v) for v in MinHasher(config).signature(normalize_text(text)).hashvalues)


def test_signatures_are_seeded_and_repeatable():
    assert _values(QUAKE_CHILE) == _values(QUAKE_CHILE)
    assert _values(QUAKE_CHILE) != _values(QUAKE_CHILE, StorylineConfig(seed=7))


def test_signature_similarity_tracks_text_similarity():
    hasher = MinHasher(CONFIG)
    original = hasher.from_values(_values(QUAKE_CHILE))
    assert original.jaccard(hasher.from_values(_values(edited_copy(QUAKE_CHILE)))) >= 0.8
    assert original.jaccard(hasher.from_values(_values(BANK_MERGER))) < 0.1


def test_transform_signs_every_article_with_the_seeded_minhash():
    expected = {"a": _values(QUAKE_CHILE), "b": _values("one two")}
    with test_pipeline() as p:
        signed = (
            p
            | beam.Create([article("a", QUAKE_CHILE), article("b", "one two")])
            | NormalizeArticles()
            | SignArticles(CONFIG)
            | beam.Map(lambda a: (a.doc_id, a.signature))
        )
        assert_that(signed, equal_to(sorted(expected.items())))


def test_an_exact_copy_reuses_the_signature_of_its_text():
    copy_text = QUAKE_CHILE.replace("  ", " ").upper()  # normalises to the same text
    texts = {"a": QUAKE_CHILE, "b": copy_text, "c": BANK_MERGER, "d": QUAKE_CHILE}
    expected = {key: _values(text) for key, text in texts.items()}
    pipeline = test_pipeline()
    signed = (
        pipeline
        | beam.Create([article(key, text) for key, text in sorted(texts.items())])
        | NormalizeArticles()
        | SignArticles(CONFIG)
        | beam.Map(lambda a: (a.doc_id, a.signature))
    )
    assert_that(signed, equal_to(sorted(expected.items())))
    counters = counter_totals(pipeline.run())
    assert counters[("sign", "articles_signed")] == 2
    assert counters[("sign", "signatures_reused")] == 2


def test_articles_without_a_content_hash_are_each_signed():
    texts = {"a": QUAKE_CHILE, "b": BANK_MERGER}  # not normalised: content_hash is ""
    pipeline = test_pipeline()
    signed = (
        pipeline
        | beam.Create(
            [article(key, text, norm_text=normalize_text(text)) for key, text in texts.items()]
        )
        | SignArticles(CONFIG)
        | beam.Map(lambda a: (a.doc_id, a.signature))
    )
    assert_that(signed, equal_to(sorted((key, _values(text)) for key, text in texts.items())))
    assert counter_totals(pipeline.run())[("sign", "articles_signed")] == 2


def test_the_signature_cache_forgets_its_oldest_entry_first():
    cache = SignatureCache(max_entries=2)
    for key in ("a", "b", "c"):
        cache.put(key, np.array([ord(key)], dtype=np.uint32))
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (None, (98,), (99,))
    with pytest.raises(ValueError, match="at least 1"):
        SignatureCache(max_entries=0)
