"""Stage: give every article its rewrite tag and story, in one shuffle of whole articles.

Everything an article still lacks is known per duplicate cluster: rewrite tags are set on
canonical articles (whose doc_id is the cluster_id) and stories are assigned to canonicals, so
one CoGroupByKey on cluster_id brings each cluster's articles, its tag and its story together.

Articles leave keyed by their story and still packed, ready for the write's grouping by story
(the story is the partition path, not a column): only a canonical that takes a rewrite tag is
unpacked here, where unpacking and repacking every article cost ~30 us each.

Articles that went on alone (a failure before clustering: `DeadLetters.alone`) join as their
own clusters; a cluster without a story (a failure in terms or stories) gets one of its own. A
canonical whose rewrite tag cannot be applied keeps its row untagged, with an `errors` row:
caught here rather than by a dead letter, whose fallback would have to be flattened back into
the stream of every article (one more pass over all of them). The step as a whole also has
Beam's dead letter: a cluster that still fails becomes `assemble` rejects, so the units still
reconcile.
"""

from __future__ import annotations

import itertools

import apache_beam as beam
from apache_beam.metrics import Metrics

from schemas.records import StageError
from transforms import faults
from transforms.dedupe import on_its_own
from transforms.errors import (
    DeadLetters,
    exception_detail,
    failure_detail,
    group_rejects,
    guarded,
)
from transforms.packing import pack, unpack
from transforms.rejects import clip_detail
from transforms.rewrites import apply_rewrite
from transforms.stories import story_id_for


class _AssembleClusterFn(beam.DoFn):
    def __init__(self):
        self._rewrites = Metrics.counter("rewrites", "rewrites_tagged")

    def setup(self):
        self._hooked = faults.armed("assemble")
        self._cluster_hooked = faults.armed("assemble.cluster")

    def process(self, joined):
        cluster_id, grouped = joined
        story_ids = list(grouped["story"])
        # A cluster without a story (its canonical failed in terms or stories) is its own.
        story_id = story_ids[0] if story_ids else story_id_for(cluster_id)
        tags = list(grouped["tag"])
        members = _members(grouped)
        if self._cluster_hooked:
            members = list(members)
            for _is_canonical, packed in members:
                faults.check("assemble.cluster", unpack(packed).source)
        for is_canonical, packed in members:
            if (is_canonical and tags) or self._hooked:
                try:
                    packed = self._finish(packed, tags if is_canonical else [])
                except Exception as error:  # noqa: BLE001 - the article goes on untagged
                    article = unpack(packed)
                    detail = exception_detail(error)
                    error_row = StageError(article.source, article.doc_id, "assemble", detail)
                    yield beam.pvalue.TaggedOutput("errors", error_row)
            yield story_id, packed

    def _finish(self, packed: bytes, tags: list) -> bytes:
        article = unpack(packed)
        faults.check("assemble", article.source)
        if not tags:
            return packed
        packed = pack(apply_rewrite(article, tags))
        self._rewrites.inc()
        return packed


def _members(grouped):
    alone = grouped.get("alone", ())
    return itertools.chain(grouped["article"], alone) if alone else grouped["article"]


def cluster_rejects(failed):
    """A cluster that could not be assembled: each of its articles is an `assemble` reject."""
    cluster_id, grouped = failed[0]
    detail = clip_detail(f"unexpected: {failure_detail(failed[1])}")
    members = (packed for _is_canonical, packed in _members(grouped))
    yield from group_rejects(members, "assemble", detail, f"cluster {cluster_id}")


def _alone_by_id(article):
    return article.doc_id, (True, pack(on_its_own(article)))


class AssembleArticles(beam.PTransform):
    """(articles, rewrite tags by derived id, story by canonical id[, articles alone]) ->
    (story_id, packed finished article)."""

    def __init__(self, dead_letters: DeadLetters | None = None):
        super().__init__()
        self._dead_letters = dead_letters or DeadLetters()

    def expand(self, inputs):
        articles, tags, story_of_canonical, *alone = inputs
        joined = {
            "article": articles
            | "ByCluster" >> beam.Map(lambda a: (a.cluster_id, (a.is_canonical, pack(a)))),
            "tag": tags,
            "story": story_of_canonical,
        }
        if alone:
            joined["alone"] = alone[0] | "AloneById" >> beam.Map(_alone_by_id)
        assembled = (
            joined
            | "JoinCluster" >> beam.CoGroupByKey()
            | "Assemble" >> guarded(beam.ParDo(_AssembleClusterFn()), "errors", main="articles")
        )
        self._dead_letters.add_errors(assembled.errors)
        failed = assembled.failed | "ClusterRejects" >> beam.FlatMap(cluster_rejects)
        self._dead_letters.add_rejects(failed)
        return assembled.articles
