from datetime import UTC

import apache_beam as beam
import numpy as np
from apache_beam.testing.util import assert_that, equal_to
from conftest import test_pipeline
from fixtures import BANK_MERGER, QUAKE_CHILE, QUAKE_JAPAN, article, edited_copy, utc

from transforms.config import StorylineConfig
from transforms.dedupe import (
    ClusterAssignment,
    DedupeArticles,
    DedupKey,
    _BandKeysFn,
    assign_cluster,
    bucket_pairs,
)
from transforms.earlier_clusters import StoredCluster
from transforms.normalize import NormalizeArticles
from transforms.sign import SignArticles

CONFIG = StorylineConfig()


def _dedupe(articles):
    p = test_pipeline()
    result = (
        p
        | beam.Create(articles)
        | NormalizeArticles()
        | SignArticles(CONFIG)
        | DedupeArticles(CONFIG)
        | beam.Map(lambda a: (a.doc_id, a.cluster_id, a.is_canonical, a.duplicate_of, a.relation))
    )
    return p, result


def test_copies_collapse_onto_the_richest_member_and_others_stay_alone():
    articles = [
        article("plain", QUAKE_CHILE),  # exact copy without metadata
        article(
            "rich", QUAKE_CHILE.replace("'", "\u2019"), title="Quake", published=utc(2024, 5, 1)
        ),
        article("edited", edited_copy(QUAKE_CHILE)),
        article("japan", QUAKE_JAPAN),
        article("bank", BANK_MERGER),
    ]
    p, result = _dedupe(articles)
    assert_that(
        result,
        equal_to(
            [
                ("rich", "rich", True, None, "original"),
                ("plain", "rich", False, "rich", "duplicate"),
                ("edited", "rich", False, "rich", "duplicate"),
                ("japan", "japan", True, None, "original"),
                ("bank", "bank", True, None, "original"),
            ]
        ),
    )
    p.run().wait_until_finish()


def test_canonical_rule_falls_back_to_longest_body_then_doc_id():
    p, result = _dedupe(
        [
            article("b-short", edited_copy(QUAKE_CHILE)),
            article("z-long", QUAKE_CHILE),
            article("a-long", QUAKE_CHILE),
        ]
    )
    canonical = result | beam.Filter(lambda row: row[2]) | beam.Map(lambda row: row[0])
    assert_that(canonical, equal_to(["a-long"]))
    p.run().wait_until_finish()


def test_duplicate_score_is_the_estimated_jaccard_to_the_canonical():
    with test_pipeline() as p:
        scores = (
            p
            | beam.Create([article("a", QUAKE_CHILE), article("b", edited_copy(QUAKE_CHILE))])
            | NormalizeArticles()
            | SignArticles(CONFIG)
            | DedupeArticles(CONFIG)
            | beam.Map(lambda a: (a.doc_id, 0.75 <= a.duplicate_score < 1.0 or a.is_canonical))
        )
        assert_that(scores, equal_to([("a", True), ("b", True)]))


def test_every_member_knows_the_earliest_date_of_its_cluster():
    """Dates travel through dedupe as epoch microseconds and come back as the same UTC instant
    (an undated cluster stays undated)."""
    early = utc(2024, 5, 1, 6)
    with test_pipeline() as p:
        dated = (
            p
            | beam.Create(
                [
                    article("late", QUAKE_CHILE, published=utc(2024, 5, 3)),
                    article("early", edited_copy(QUAKE_CHILE), published=early),
                    article("undated", QUAKE_CHILE),
                    article("alone", BANK_MERGER),
                ]
            )
            | NormalizeArticles()
            | SignArticles(CONFIG)
            | DedupeArticles(CONFIG)
            | beam.Map(
                lambda a: (
                    a.doc_id,
                    a.cluster_published,
                    a.cluster_size,
                    a.cluster_published is None or a.cluster_published.tzinfo is UTC,
                )
            )
        )
        assert_that(
            dated,
            equal_to(
                [
                    ("late", early, 3, True),
                    ("early", early, 3, True),
                    ("undated", early, 3, True),
                    ("alone", None, 1, True),
                ]
            ),
        )


def test_band_keys_fit_beams_varint_so_the_band_shuffle_never_pickles_them():
    """FastPrimitivesCoder varint-encodes an int below 2**63 and pickles a larger one; half of
    all 64-bit hashes are larger, so 100 band keys would all but surely show one."""
    rng = np.random.default_rng(1)
    band_keys = _BandKeysFn(CONFIG)
    band_keys.setup()
    keys = [
        band_key
        for n in range(5)
        for band_key, _member in band_keys.process(
            DedupKey(
                f"d{n}",
                f"h{n}",
                0,
                100,
                rng.integers(0, 2**32, CONFIG.num_perm, np.uint32).tobytes(),
                None,
            )
        )
    ]
    assert len(keys) == 5 * CONFIG.lsh_bands_rows[0]
    assert all(0 <= band_key < 2**63 for band_key in keys)
    assert len(set(keys)) == len(keys)  # the band index is part of the key


def _key(doc_id, content_hash, signature, published_us=None):
    return DedupKey(doc_id, content_hash, 3, 100, signature, published_us)


def test_copies_of_an_earlier_cluster_join_the_oldest_one_they_reach():
    rng = np.random.default_rng(2)
    signature = rng.integers(0, 2**32, 128, np.uint32)
    near = signature.copy()
    near[:16] += 1  # 112 of 128 values agree
    older = StoredCluster("old1", "h-old1", signature.tobytes(), 100, 3, "story-1")
    newer = StoredCluster("old2", "h-old2", signature.tobytes(), 200, 1, "story-2")
    members = [newer, _key("n1", "h-n1", near.tobytes(), 50), older, _key("n2", "h-old1", b"")]
    out = list(assign_cluster(("root", members)))
    stories = [o.value for o in out if getattr(o, "tag", None) == "stored_story"]
    assigned = dict(o for o in out if not hasattr(o, "tag"))
    assert stories == [("old1", "story-1")]
    assert assigned["n1"] == ClusterAssignment("old1", False, "old1", 112 / 128, 50, 5)
    assert assigned["n2"] == ClusterAssignment("old1", False, "old1", 1.0, 50, 5)  # same text
    assert not [o for o in out if getattr(o, "tag", None) == "canonical"]  # stays canonical


def test_a_cluster_of_new_articles_only_reports_its_canonical_signature_for_the_state():
    out = list(assign_cluster(("root", [_key("b", "h", b"sig-b"), _key("a", "h", b"sig-a")])))
    canonical = [o.value for o in out if getattr(o, "tag", None) == "canonical"]
    assert canonical == [("a", b"sig-a")]


def test_two_earlier_articles_in_one_band_bucket_are_never_paired():
    bucket = (7, [("old1", True), ("old2", True), ("new", False)])
    assert sorted(bucket_pairs(bucket, 64)) == [("new", "old1"), ("new", "old2")]
    big = (7, [(f"old{i:03d}", True) for i in range(70)] + [("new", False)])
    assert list(bucket_pairs(big, 64)) == [("new", "old000")]  # chained, old-old links dropped
