"""Stage: normalise cleaned text before anything is shingled or hashed."""

from __future__ import annotations

import dataclasses
import hashlib

import apache_beam as beam

from schemas.records import Article
from transforms import faults
from transforms.errors import DeadLetters, guarded
from transforms.textnorm import normalize_text


def normalize_article(article: Article) -> Article:
    """Adds `norm_text` and `content_hash` (sha256 of the normalised text: exact-copy key)."""
    norm = normalize_text(article.text)
    content_hash = hashlib.sha256(norm.encode("utf-8")).hexdigest()
    return dataclasses.replace(article, norm_text=norm, content_hash=content_hash)


def _normalize(article: Article) -> Article:
    faults.check("normalize", article.source)
    return normalize_article(article)


class NormalizeArticles(beam.PTransform):
    """NFKC, quote/dash folding, case folding and whitespace collapsing.

    An article that fails goes on alone (own cluster and story, no `content_hash`)."""

    def __init__(self, dead_letters: DeadLetters | None = None):
        super().__init__()
        self._dead_letters = dead_letters or DeadLetters()

    def expand(self, articles):
        results = articles | "Normalize" >> guarded(beam.Map(_normalize))
        self._dead_letters.article_failures(results.failed, "normalize", alone=True)
        return results.ok
