"""Stage: group articles into stories (events), every article into exactly one story.

Stories are not near-duplicates: two earthquakes share most words. Candidate edges come from
the anchor-term index (`CandidatePairs`) at a similarity >= story_edge_floor, plus
rewrite links; connected components of those edges only bound the work. Inside each component
a single pass in publication order assigns each article to the most similar story centroid
(its term views' cosines combined, `transforms.terms.combined`) at story_threshold, or opens a
new story, so a chain of loosely similar articles does not merge two events. An article left
alone then takes a second look at the stories its component ended with (`rejoin`). Duplicates
and rewrites follow their canonical / source. Story ids hash the story's first article (stable
across runs, no counters).

Both steps run under Beam's dead letter (stage `stories`): an article whose membership fails,
and every article of a component whose single pass fails, gets no story here; `Assemble` then
gives its cluster a story of its own (`story_id_for` its canonical doc_id).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable
from typing import NamedTuple

import apache_beam as beam
from apache_beam.metrics import Metrics

from schemas.records import Article, StageError
from transforms import faults
from transforms.components import ConnectedComponents
from transforms.config import StorylineConfig
from transforms.dates import UNDATED
from transforms.errors import DeadLetters, failure_detail, guarded
from transforms.history import History, ScanState
from transforms.profiles import TermProfile
from transforms.rewrites import best_source
from transforms.terms import NAMES, VIEWS, add_into, combined, view_dots, view_norms, view_of


def story_id_for(first_doc_id: str) -> str:
    return hashlib.sha256(f"story:{first_doc_id}".encode()).hexdigest()[:16]


class Centroids:
    """Story centroids with an inverted index: a unit is compared only with the stories that
    share a term with it, so a large component costs ~ members x (stories sharing terms), not
    members x all stories. A unit's score against a story is its views' cosines with the
    centroid's views, combined (`transforms.terms.combined`)."""

    def __init__(self, view_weights: tuple[float, ...], names_floor: float = 0.0) -> None:
        self.view_weights = view_weights
        self.names_floor = names_floor
        self.vectors: list[dict[int, float]] = []
        self.norms: list[list[float]] = []  # squared L2 norm per view, kept up to date
        self.by_term: dict[int, list[int]] = {}

    def best(
        self,
        vector: dict[int, float],
        exclude: int = -1,
        eligible: Callable[[int], bool] | None = None,
    ) -> tuple[int, float]:
        """(index, score) of the most similar centroid but `exclude` (among the `eligible`,
        when given), (-1, 0.0) when none shares a term."""
        candidates = {story for term in vector for story in self.by_term.get(term, ())}
        norms = view_norms(vector)
        best, best_score = -1, 0.0
        for story in sorted(candidates - {exclude}):
            if eligible is not None and not eligible(story):
                continue
            score = self._score(story, vector, norms)
            if score > best_score:
                best, best_score = story, score
        return best, best_score

    def new(self) -> int:
        self.vectors.append({})
        self.norms.append([0.0] * len(VIEWS))
        return len(self.vectors) - 1

    def score(self, story: int, vector: dict[int, float]) -> float:
        """Similarity of `vector` (each view unit length) with one story's centroid."""
        return self._score(story, vector, view_norms(vector))

    def _score(self, story: int, vector: dict[int, float], norms: list[float]) -> float:
        dots = view_dots(vector, self.vectors[story])
        story_norms = self.norms[story]
        both_name = norms[NAMES] > 0.0 and story_norms[NAMES] > 0.0
        if both_name and dots[NAMES] < self.names_floor * math.sqrt(
            norms[NAMES] * story_norms[NAMES]
        ):
            return 0.0  # both name who is involved, and not the same ones: another event
        return combined(dots, norms, story_norms, self.view_weights)

    def add(self, story: int, vector: dict[int, float]) -> None:
        centroid, norms = self.vectors[story], self.norms[story]
        for term, weight in vector.items():
            old = centroid.get(term)
            if old is None:
                self.by_term.setdefault(term, []).append(story)
                old = 0.0
            centroid[term] = old + weight
            norms[view_of(term)] += (old + weight) ** 2 - old**2

    def remove(self, story: int, vector: dict[int, float]) -> None:
        """Take a unit back out (its terms stay indexed: a zero weight scores nothing)."""
        centroid, norms = self.vectors[story], self.norms[story]
        for term, weight in vector.items():
            old = centroid[term]
            centroid[term] = old - weight
            norms[view_of(term)] = max(0.0, norms[view_of(term)] + (old - weight) ** 2 - old**2)


class StoryPass(NamedTuple):
    """What one component's single pass decided."""

    assigned: dict[str, str]  # doc_id -> story_id
    merges: list[dict]  # `story_merges` rows: an article that bridges two earlier stories
    centroids: dict[str, tuple[int, dict[int, float]]]  # story -> (canonicals, vector) added


def single_pass(
    members: Iterable[tuple[TermProfile, str | None]],
    config: StorylineConfig,
    earlier: dict[str, str] | None = None,
    centroids: dict[str, tuple[int, dict[int, float]]] | None = None,
) -> StoryPass:
    """Stories for one component. `members` are (profile, rewrite source or None).

    A source and its rewrites move as one unit (their summed vector), so a rewrite never
    lands in another story than its source. `earlier` maps earlier runs' articles in the
    component to their stories, whose `centroids` (canonicals, summed unit vectors) come
    first: a unit joins one when it is similar enough, and a rewrite of an earlier article
    joins that article's story. Earlier stories never merge; a unit similar to two of them
    is recorded in `merges`. After the pass, a unit left alone in a new story takes a second
    look at the final centroids (`rejoin`).
    """
    earlier = earlier or {}
    members = list(members)
    profiles = {profile.doc_id: profile for profile, _source in members}
    known = profiles.keys() | earlier.keys()
    lineage = {profile.doc_id: source for profile, source in members if source in known}
    grouped: dict[str, list[TermProfile]] = {}
    for doc_id, profile in sorted(profiles.items()):
        grouped.setdefault(_lineage_root(doc_id, lineage), []).append(profile)
    ordered = sorted(grouped.items(), key=lambda item: min(_age(p) for p in item[1]))
    index = Centroids(config.story_view_weights, config.story_names_floor)
    story_ids: list[str] = []
    sizes: list[int] = []  # units (or earlier canonicals) per story
    for story_id in sorted(set(earlier.values())):
        canonicals, vector = (centroids or {}).get(story_id, (0, {}))
        index.add(index.new(), vector)
        story_ids.append(story_id)
        sizes.append(max(canonicals, 2))  # never a lone unit: earlier stories do not move
    earlier_stories = len(story_ids)
    merges: list[dict] = []
    units: list[tuple[list[TermProfile], dict[int, float]]] = []
    chosen: list[int] = []
    for root, unit in ordered:
        vector: dict[int, float] = {}
        for profile in unit:
            add_into(vector, profile.vector.items())
        vector = _unit(vector)
        if root in earlier:  # rewrites of an earlier article: its story
            best = story_ids.index(earlier[root])
        else:
            best, score = index.best(vector)
            if best < 0 or score < config.story_threshold:
                best = index.new()
                story_ids.append(story_id_for(min(unit, key=_age).doc_id))
                sizes.append(0)
        merges.extend(_joined(index, vector, best, earlier_stories, story_ids, unit, config))
        index.add(best, vector)
        sizes[best] += 1
        units.append((unit, vector))
        chosen.append(best)
    for position, (unit, vector) in enumerate(units):
        moved = rejoin(index, sizes, chosen[position], vector, config.story_rejoin_threshold)
        if moved is not None:
            merges.extend(_joined(index, vector, moved, earlier_stories, story_ids, unit, config))
            chosen[position] = moved
    assigned: dict[str, str] = {}
    added: dict[str, tuple[int, dict[int, float]]] = {}
    for (unit, vector), best in zip(units, chosen, strict=True):
        count, total = added.get(story_ids[best], (0, {}))
        add_into(total, vector.items())
        added[story_ids[best]] = (count + len(unit), total)
        for profile in unit:
            assigned[profile.doc_id] = story_ids[best]
    return StoryPass(assigned, merges, added)


def rejoin(
    index: Centroids, sizes: list[int], story: int, vector: dict[int, float], threshold: float
) -> int | None:
    """The story a unit alone in `story` moves to (it leaves its own, now empty), or None.

    Only stories with other units are candidates, so two lone units never pair up here; the
    target's centroid takes the unit in, as if it had joined in the pass."""
    if sizes[story] != 1:
        return None
    index.remove(story, vector)
    best, score = index.best(vector, exclude=story, eligible=lambda other: sizes[other] >= 2)
    if best < 0 or score < threshold:
        index.add(story, vector)
        return None
    index.add(best, vector)
    sizes[story], sizes[best] = 0, sizes[best] + 1
    return best


def _joined(index, vector, best, earlier_stories, story_ids, unit, config) -> list[dict]:
    """`story_merges` rows of a unit that joins an earlier story: the other earlier stories
    it is as near to."""
    if best >= earlier_stories:
        return []
    return list(
        _bridges(index, vector, best, earlier_stories, story_ids, unit, config.story_threshold)
    )


def _bridges(index, vector, best, earlier_stories, story_ids, unit, threshold):
    """`story_merges` rows for the other earlier stories this unit is as close to."""
    first = min(unit, key=_age).doc_id
    for other in range(earlier_stories):
        if other != best and (score := index.score(other, vector)) >= threshold:
            yield {
                "story_id": story_ids[best],
                "bridged_story_id": story_ids[other],
                "doc_id": first,
                "score": round(score, 4),
            }


def _lineage_root(doc_id: str, lineage: dict[str, str]) -> str:
    seen = set()
    while doc_id in lineage and doc_id not in seen:
        seen.add(doc_id)
        doc_id = lineage[doc_id]
    return doc_id


def _age(profile: TermProfile) -> tuple:
    return (profile.published or UNDATED, profile.doc_id)


def _unit(vector: dict[int, float]) -> dict[int, float]:
    """Each view scaled to unit length on its own."""
    norms = [math.sqrt(norm) or 1.0 for norm in view_norms(vector)]
    return {term: weight / norms[view_of(term)] for term, weight in vector.items()}


class EarlierMember(NamedTuple):
    """An earlier run's article in a component: it brings its story."""

    doc_id: str
    story_id: str


def _by_component(joined):
    """One canonical's (component root, (profile, rewrite source, its own source)); an
    earlier run's article on an edge: (component root, EarlierMember)."""
    doc_id, grouped = joined
    roots = list(grouped["root"])
    earlier = list(grouped.get("earlier", ()))
    if earlier:
        if roots:
            yield roots[0], EarlierMember(doc_id, earlier[0])
        return
    article_source = _source_of(grouped)
    faults.check("stories", article_source)
    tags = list(grouped["tag"])
    source = best_source(tags).source if tags else None
    for profile in grouped["profile"]:
        yield (roots[0] if roots else doc_id), (profile, source, article_source)


def _source_of(grouped) -> str:
    sources = list(grouped.get("source", ()))
    return sources[0] if sources else ""


def _single_pass(component, config: StorylineConfig, centroids: dict | None = None):
    _root, members = component
    members = list(members)
    earlier = {m.doc_id: m.story_id for m in members if isinstance(m, EarlierMember)}
    members = [m for m in members if not isinstance(m, EarlierMember)]
    for _profile, _rewrite_source, article_source in members:
        faults.check("stories.components", article_source)
    if not members:
        return
    decided = single_pass([(p, s) for p, s, _article_source in members], config, earlier, centroids)
    for row in decided.merges:
        yield beam.pvalue.TaggedOutput("merges", row)
    for story_id, delta in sorted(decided.centroids.items()):
        yield beam.pvalue.TaggedOutput("centroids", (story_id, delta))
    yield from decided.assigned.items()


def member_error(failed) -> StageError:
    (doc_id, grouped), error = failed
    return StageError(_source_of(grouped), doc_id, "stories", failure_detail(error))


def component_errors(failed):
    """A component whose single pass failed -> one `errors` row per member."""
    (_root, members), error = failed
    detail = failure_detail(error)
    for member in members:
        if isinstance(member, EarlierMember):
            continue
        profile, _rewrite_source, article_source = member
        yield StageError(article_source, profile.doc_id, "stories", f"component: {detail}")


class GroupStories(beam.PTransform):
    """(profiles, candidate pairs, rewrite tags[, (doc_id, source)[, earlier stories]]) ->
    PCollection[(canonical doc_id, story_id)]. The sources name articles in `errors` rows.

    Earlier runs' articles ((doc_id, story_id), with a `History` for their stories'
    centroids) bring their stories; after expansion `merges` holds `story_merges` rows and
    `centroids` (story_id, (canonicals, summed unit vectors)) what this run added.
    """

    def __init__(
        self,
        config: StorylineConfig,
        dead_letters: DeadLetters | None = None,
        history: History | None = None,
    ):
        super().__init__()
        self._config = config
        self._dead_letters = dead_letters or DeadLetters()
        self._history = history or History()
        self.merges = None
        self.centroids = None

    def expand(self, inputs):
        profiles, pairs, tags, *rest = inputs
        sources, earlier = rest[:1], rest[1:]
        threshold = self._config.story_edge_floor
        similar = (
            pairs
            | "StoryEdges" >> beam.Filter(lambda pair: pair[1] >= threshold)
            | "EdgeIds" >> beam.Map(lambda pair: pair[0])
        )
        rewrite_links = tags | "RewriteEdges" >> beam.Map(lambda kv: (kv[1].derived, kv[1].source))
        roots = (similar, rewrite_links) | "Edges" >> beam.Flatten() | ConnectedComponents()
        joined = {
            "profile": profiles | "ProfileById" >> beam.Map(lambda p: (p.doc_id, p)),
            "root": roots,
            "tag": tags,
        }
        if sources:
            joined["source"] = sources[0]
        centroids = {}
        if earlier:
            joined["earlier"] = earlier[0]
            centroids = beam.pvalue.AsDict(
                earlier[0]
                | "StoryIds" >> beam.Values()
                | "CentroidRows" >> ScanState(self._history, "state/stories", "story_id")
                | "Centroid"
                >> beam.Map(lambda row: (row["story_id"], (row["canonicals"], _vector(row))))
                | "SumCentroids" >> beam.CombinePerKey(_sum_centroids)
            )
        members = (
            joined
            | "JoinComponents" >> beam.CoGroupByKey()
            | "ByComponent" >> guarded(beam.FlatMap(_by_component))
        )
        assigned = (
            members.ok
            | "GroupComponents" >> beam.GroupByKey()
            | "SinglePass"
            >> guarded(
                beam.FlatMap(_single_pass, self._config, centroids),
                "merges",
                "centroids",
            )
        )
        self.merges = assigned.merges
        self.centroids = assigned.centroids
        dead_letters = self._dead_letters
        dead_letters.add_errors(members.failed | "MemberErrors" >> beam.Map(member_error))
        dead_letters.add_errors(
            assigned.failed | "ComponentErrors" >> beam.FlatMap(component_errors)
        )
        return assigned.ok


def _vector(row: dict) -> dict[int, float]:
    return dict(zip(row["terms"], row["weights"], strict=True))


def _sum_centroids(parts) -> tuple[int, dict[int, float]]:
    count, total = 0, {}
    for more, vector in parts:
        count += more
        add_into(total, vector.items())
    return count, total


def story_row(group: tuple[str, Iterable[Article]]) -> dict:
    """One row of the stories table from the articles of one story."""
    story_id, articles = group
    articles = list(articles)
    dated = sorted(a.published for a in articles if a.published)
    by_age = sorted(articles, key=lambda a: (not a.is_canonical, a.published or UNDATED, a.doc_id))
    titled = next((a for a in by_age if a.title), None)
    headline = titled.title if titled else _first_sentence(by_age[0].text)
    Metrics.counter("stories", "stories").inc()
    return {
        "story_id": story_id,
        "headline": headline,
        # across runs, a story's headline is the one published first (`storyline query`)
        "headline_published": (titled or by_age[0]).published,
        "article_count": len(articles),
        # canonicals, not distinct clusters: a copy of an earlier run's article is in a cluster
        # that story totals counted when it was new
        "unique_count": sum(a.is_canonical for a in articles),
        "sites": sorted({a.site for a in articles if a.site}),
        "first_published": dated[0] if dated else None,
        "last_published": dated[-1] if dated else None,
    }


def _first_sentence(text: str, limit: int = 120) -> str:
    first = text.strip().split("\n", 1)[0]
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "\u2026"
