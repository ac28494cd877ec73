"""Tuning knobs of every stage with their defaults and the reasons for them, in one place.

The CLI maps its flags onto this object (`pipeline/options.py`); transforms receive it whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from datasketch.lsh import _optimal_param  # datasketch's own band/row optimiser

# Candidates are verified, so banding errs towards recall (see dedup_threshold below).
DEFAULT_HORIZON = 3 * 24 * 3600
LSH_FALSE_POSITIVE_WEIGHT = 0.1


@dataclass(frozen=True)
class StorylineConfig:
    """Defaults, and why.

    shingle_size=5: word 5-grams are the unit the duplicate definition is measured in; shorter
        shingles make unrelated articles on one topic look alike, longer ones punish small edits.
    num_perm=128: the MinHash estimate of Jaccard has standard error sqrt(J(1-J)/128) ~ 0.035 at
        J = 0.8, small next to the gap between copies (J > 0.85) and rewrites (J ~ 0.1).
    dedup_threshold=0.7: a copy with one paragraph of ten dropped and a sentence changed keeps
        J ~ 0.8; wrapped copies keep J > 0.9 after cleaning. 0.7 leaves room for cleaning noise.
        Banding is tuned for recall (every candidate is verified by its estimated Jaccard, so a
        false candidate costs one comparison, a missed one a wrong answer): datasketch's
        optimiser with false-positive weight 0.1 picks 20 bands x 6 rows at 128 permutations,
        so a pair becomes a candidate with probability 1 - (1 - J^6)^20: 0.92 at J = 0.7,
        0.98 at J = 0.75, 0.998 at J = 0.8, and 0.27 at J = 0.5.
    rewrite_threshold=0.45: share of the derived article's sentences that align, in order, with
        sentences of the source. Same-story articles that only quote the same public posts align
        0.1-0.25, independent write-ups of one event at most 0.33; reworded copies, heavy ones
        included, align 0.5 and more (docs/rewrites.md).
    story_threshold=0.33: how alike an article must be to a story to join it: the weighted mean
        of the cosines of their term views (`transforms/terms.py`: body, headline, names,
        numbers; weights `story_view_weights`) against the story's centroid. Chosen on the
        training topics of a gold story corpus where each topic holds two events of one kind
        (docs/stories.md): below ~0.3 two such events merge, above ~0.36 reports of one event
        that word it differently stay apart.
    story_rejoin_threshold=0.2: after the single pass, an article left alone in its story joins
        the most similar story of its component that has others, at this score: a story's
        final centroid holds more of the event's words than the article met when it came (most
        of the recall the single pass misses). Candidate edges are kept from this score up.
    seed=1: seeds the MinHash permutations, so signatures and everything derived from them
        are the same on every run.
    dedup_horizon: streaming runs forget copies after three days by default (a story's
        syndication wave is over by then; a later copy is news again, e.g. an anniversary
        republication); a batch append remembers everything unless given one.
    """

    shingle_size: int = 5
    num_perm: int = 128
    dedup_threshold: float = 0.7
    rewrite_threshold: float = 0.45
    story_threshold: float = 0.33
    seed: int = 1
    max_bytes: int = 20_000_000
    min_words: int = 25
    # Keep pages that are not articles (`transforms.page_kind`) as rows with their `page_kind`
    # instead of `not_article` rejects: off, because such pages would be deduped and seed stories.
    keep_non_articles: bool = False
    # An earlier cluster older than this (seconds before the new copy) is not joined: the copy
    # starts a new one. None: no limit (batch); streaming runs default to DEFAULT_HORIZON.
    dedup_horizon: int | None = None

    # Not flags: structural limits with their reasons.
    # A band bucket larger than this is a template or boilerplate collision; its members are
    # chained (each to the next) instead of compared pairwise, so cost stays linear.
    max_bucket_size: int = 64
    # Each article is indexed under its this-many highest-weighted terms for story candidates.
    anchor_terms: int = 8
    # An anchor term shared by more articles than this says nothing about the event (it is a
    # word like "president"); its bucket is skipped, which bounds pairs per term.
    max_anchor_bucket: int = 200
    # Term vectors keep this many strongest terms per view (body, headline, names, numbers):
    # enough for cosine, small enough to shuffle.
    view_terms: tuple[int, ...] = (60, 30, 30, 15)
    # Weights of the views' cosines in a story decision (body, headline, names, numbers), chosen
    # with story_threshold on the gold corpus's training topics (docs/stories.md). Names weigh
    # half: they link reports of one event worded apart, but two events of one kind often share
    # them too (the same company, the same champion); figures and dates tell those apart.
    story_view_weights: tuple[float, ...] = (1.0, 1.0, 0.5, 1.0)
    story_rejoin_threshold: float = 0.2
    # An article and a story that both name people, places or firms but share less than this
    # cosine of them are about different events, whatever their other words: reports of one
    # event name its actors. It keeps apart stories written alike with other names; the
    # measurements behind the value are in docs/stories.md.
    story_names_floor: float = 0.1
    # Candidate pairs below this cosine are not even checked for rewrites.
    rewrite_candidate_cosine: float = 0.15

    @property
    def story_edge_floor(self) -> float:
        """The lowest similarity at which a candidate pair links two articles for stories:
        whichever of the join and second-look thresholds is lower."""
        return min(self.story_threshold, self.story_rejoin_threshold)

    @cached_property
    def lsh_bands_rows(self) -> tuple[int, int]:
        """(bands, rows) minimising 0.1 x false-positive + 0.9 x false-negative probability."""
        return _optimal_param(
            self.dedup_threshold,
            self.num_perm,
            LSH_FALSE_POSITIVE_WEIGHT,
            1 - LSH_FALSE_POSITIVE_WEIGHT,
        )
