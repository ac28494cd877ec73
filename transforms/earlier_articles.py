"""What rewrites and stories need from earlier runs: the canonicals this run's articles meet.

An earlier canonical is looked up by its anchor terms (`state/anchors`) among this run's
anchors, then comes with its term vector (to score the pair) and its story. It joins this
run's anchor buckets as a stored profile: it can be paired with this run's articles, never
with another earlier one. Only the earlier articles of pairs close enough to be rewrites are
then read whole (`EarlierTexts`: text and cluster facts): texts are most of a state row, and
most anchor matches score too low to need one.
"""

from __future__ import annotations

from typing import NamedTuple

import apache_beam as beam

from schemas.records import from_utc_microseconds
from transforms.history import History, ScanState
from transforms.packing import pack
from transforms.profiles import TermProfile

DOC_COLUMNS = ["doc_id", "story_id", "age_us", "copies", "source", "text", "language"]
STORY_COLUMNS = ["doc_id", "story_id", "age_us"]


class EarlierArticle(NamedTuple):
    """An earlier run's canonical, as rewrites and stories compare it."""

    doc_id: str
    story_id: str
    age_us: int | None
    copies: int
    source: str
    text: str
    language: str | None


class EarlierArticleMatches(NamedTuple):
    anchored: beam.PCollection  # (anchor term, packed stored TermProfile)
    stories: beam.PCollection  # (doc_id, story_id) of those earlier canonicals


def _joined(joined):
    doc_id, grouped = joined
    docs, vectors = list(grouped["doc"]), list(grouped["vector"])
    if not docs or not vectors:
        return
    doc = docs[0]
    age = None if doc["age_us"] is None else from_utc_microseconds(doc["age_us"])
    packed = pack(TermProfile(doc_id, age, vectors[0], (), stored=True))
    for term in sorted(set(grouped["term"])):
        yield term, packed
    yield beam.pvalue.TaggedOutput("stories", (doc_id, doc["story_id"]))


class EarlierArticles(beam.PTransform):
    """This run's term profiles -> `EarlierArticleMatches` of the earlier canonicals they meet."""

    def __init__(self, history: History):
        super().__init__()
        self._history = history

    def expand(self, profiles):
        history = self._history
        anchor_rows = (
            profiles
            | "Anchors" >> beam.FlatMap(lambda profile: profile.anchors)
            | "EarlierAnchors" >> ScanState(history, "state/anchors", "term")
        )
        ids = anchor_rows | "Ids" >> beam.Map(lambda row: row["doc_id"])
        vectors = (
            ids
            | "VectorRows" >> ScanState(history, "state/vectors", "doc_id")
            | "Vectors"
            >> beam.Map(
                lambda row: (row["doc_id"], dict(zip(row["terms"], row["weights"], strict=True)))
            )
        )
        docs = (
            ids
            | "DocRows" >> ScanState(history, "state/docs", "doc_id", STORY_COLUMNS)
            | "Docs" >> beam.Map(lambda row: (row["doc_id"], row))
        )
        terms = anchor_rows | "TermsById" >> beam.Map(lambda row: (row["doc_id"], row["term"]))
        joined = (
            {"doc": docs, "vector": vectors, "term": terms}
            | "Join" >> beam.CoGroupByKey()
            | "Profiles" >> beam.FlatMap(_joined).with_outputs("stories", main="anchored")
        )
        return EarlierArticleMatches(joined.anchored, joined.stories)


class EarlierTexts(beam.PTransform):
    """Candidate pairs -> (doc_id, `EarlierArticle`) for the earlier articles in pairs that
    score at least `floor` (the rewrite candidates)."""

    def __init__(self, history: History, floor: float):
        super().__init__()
        self._history = history
        self._floor = floor

    def expand(self, pairs):
        floor = self._floor
        return (
            pairs
            | "Close" >> beam.Filter(lambda pair: pair[1] >= floor)
            | "Ids" >> beam.FlatMap(lambda pair: pair[0])
            | "DocRows" >> ScanState(self._history, "state/docs", "doc_id", DOC_COLUMNS)
            | "Articles" >> beam.Map(lambda row: (row["doc_id"], EarlierArticle(**row)))
        )
