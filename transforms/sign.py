"""Stage: seeded MinHash signatures over word shingles (datasketch, batch update)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import apache_beam as beam
import numpy as np
import xxhash
from apache_beam.metrics import Metrics
from datasketch import MinHash

from schemas.records import Article
from transforms.config import StorylineConfig
from transforms.textnorm import words


def shingle_hashes(normalized: str, size: int) -> np.ndarray:
    """32-bit xxhash of every word `size`-gram (the whole text if it is shorter)."""
    tokens = words(normalized)
    if not tokens:
        return np.empty(0, dtype=np.uint32)
    if len(tokens) < size:
        grams: Iterable[str] = [" ".join(tokens)]
    else:
        grams = (" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1))
    return np.unique(
        np.fromiter((xxhash.xxh32_intdigest(g.encode()) for g in grams), dtype=np.uint32)
    )


def _identity(value):
    return value


class MinHasher:
    """Builds the permutations once; each call copies the empty template and batch-updates it."""

    def __init__(self, config: StorylineConfig):
        self.config = config
        self._template = MinHash(
            num_perm=config.num_perm, seed=config.seed, hashfunc=_identity, scheme="affine32"
        )

    def signature(self, normalized: str) -> MinHash:
        minhash = self._template.copy()
        minhash.update_batch(shingle_hashes(normalized, self.config.shingle_size))
        return minhash

    def from_values(self, values: tuple[int, ...]) -> MinHash:
        """Rebuild a MinHash from stored hash values (signatures travel as plain data)."""
        return MinHash(
            seed=self.config.seed,
            hashvalues=np.asarray(values, dtype=np.uint32),
            scheme="affine32",
        )


class _SignFn(beam.DoFn):
    def __init__(self, config: StorylineConfig):
        self._config = config
        self._signed = Metrics.counter("sign", "articles_signed")

    def setup(self):
        self._hasher = MinHasher(self._config)

    def process(self, article: Article):
        values = self._hasher.signature(article.norm_text).hashvalues
        self._signed.inc()
        # norm_text has served (hash and shingles); dropping it halves what later shuffles carry
        yield dataclasses.replace(article, signature=tuple(int(v) for v in values), norm_text="")


class SignArticles(beam.PTransform):
    """Adds a `signature` (MinHash hash values) computed from `norm_text`."""

    def __init__(self, config: StorylineConfig):
        super().__init__()
        self._config = config

    def expand(self, articles):
        return articles | "MinHash" >> beam.ParDo(_SignFn(self._config))
