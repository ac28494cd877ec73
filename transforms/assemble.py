"""Stage: give every article its rewrite tag and story, in one shuffle of whole articles.

Everything an article still lacks is known per duplicate cluster: rewrite tags are set on
canonical articles (whose doc_id is the cluster_id) and stories are assigned to canonicals, so
one CoGroupByKey on cluster_id brings each cluster's articles, its tag and its story together.

Articles leave keyed by their story and still packed, ready for the write's grouping by story
(the story is the partition path, not a column): only a canonical that takes a rewrite tag is
unpacked here, where unpacking and repacking every article cost ~30 us each.
"""

from __future__ import annotations

import apache_beam as beam
from apache_beam.metrics import Metrics

from transforms.packing import pack, unpack
from transforms.rewrites import apply_rewrite
from transforms.stories import story_id_for


class _AssembleClusterFn(beam.DoFn):
    def __init__(self):
        self._rewrites = Metrics.counter("rewrites", "rewrites_tagged")

    def process(self, joined):
        cluster_id, grouped = joined
        story_ids = list(grouped["story"])
        # Every canonical gets a story; the fallback only guards a broken invariant.
        story_id = story_ids[0] if story_ids else story_id_for(cluster_id)
        tags = list(grouped["tag"])
        for is_canonical, packed in grouped["article"]:
            if is_canonical and tags:
                packed = pack(apply_rewrite(unpack(packed), tags))
                self._rewrites.inc()
            yield story_id, packed


class AssembleArticles(beam.PTransform):
    """(articles, rewrite tags by derived id, story by canonical id) -> (story_id, packed
    finished article)."""

    def expand(self, inputs):
        articles, tags, story_of_canonical = inputs
        return (
            {
                "article": articles
                | "ByCluster" >> beam.Map(lambda a: (a.cluster_id, (a.is_canonical, pack(a)))),
                "tag": tags,
                "story": story_of_canonical,
            }
            | "JoinCluster" >> beam.CoGroupByKey()
            | "Assemble" >> beam.ParDo(_AssembleClusterFn())
        )
