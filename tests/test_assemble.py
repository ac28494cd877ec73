import apache_beam as beam
from apache_beam.testing.util import assert_that, equal_to
from conftest import test_pipeline
from fixtures import BANK_MERGER, QUAKE_CHILE, article, with_fields

from transforms.assemble import AssembleArticles
from transforms.packing import unpack
from transforms.rewrites import RewriteTag


def test_cluster_members_share_the_story_and_only_the_canonical_takes_the_rewrite_tag():
    canonical = with_fields(article("c", QUAKE_CHILE), cluster_id="c")
    duplicate = with_fields(
        article("d", QUAKE_CHILE), cluster_id="c", is_canonical=False, duplicate_of="c",
        relation="duplicate",
    )  # fmt: skip
    source = with_fields(article("s", BANK_MERGER), cluster_id="s")
    with test_pipeline() as p:
        finished = (
            p | "Articles" >> beam.Create([canonical, duplicate, source]),
            p | "Tags" >> beam.Create([("c", RewriteTag("c", "s", 0.7, ("passage",)))]),
            p | "Stories" >> beam.Create([("c", "story-1"), ("s", "story-1")]),
        ) | AssembleArticles()
        rows = finished | beam.MapTuple(
            lambda story_id, packed: (story_id, *_tagging(unpack(packed)))
        )
        assert_that(
            rows,
            equal_to(
                [
                    ("story-1", "c", "rewrite", "s", ("passage",)),
                    ("story-1", "d", "duplicate", None, ()),
                    ("story-1", "s", "original", None, ()),
                ]
            ),
        )


def _tagging(article):
    return article.doc_id, article.relation, article.rewrite_of, article.rewrite_evidence
