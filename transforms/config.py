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
        0.1-0.25; reworded copies align 0.5 and more.
    story_threshold=0.35: TF-IDF cosine (title and lead weighted up, terms weighted by corpus
        IDF and by their rarity in the language) above which two articles are about the same
        event; used for candidate edges and single-pass assignment. Independent reports of one
        event score 0.5-0.7 (the seeds, tests/fixtures.py), two earthquakes 0.12; on the 10,000-
        document benchmark corpus, story pair precision is 0.89 at 0.25 and 0.99 at 0.35 and
        0.4, recall 0.999 at all three.
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
    story_threshold: float = 0.35
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
    # Term vectors keep this many strongest terms: enough for cosine, small enough to shuffle.
    vector_terms: int = 60
    # Candidate pairs below this cosine are not even checked for rewrites.
    rewrite_candidate_cosine: float = 0.15

    @cached_property
    def lsh_bands_rows(self) -> tuple[int, int]:
        """(bands, rows) minimising 0.1 x false-positive + 0.9 x false-negative probability."""
        return _optimal_param(
            self.dedup_threshold,
            self.num_perm,
            LSH_FALSE_POSITIVE_WEIGHT,
            1 - LSH_FALSE_POSITIVE_WEIGHT,
        )
