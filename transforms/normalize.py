"""Stage: normalise cleaned text before anything is shingled or hashed."""

from __future__ import annotations

import dataclasses
import hashlib

import apache_beam as beam

from schemas.records import Article
from transforms.textnorm import normalize_text


def normalize_article(article: Article) -> Article:
    """Adds `norm_text` and `content_hash` (sha256 of the normalised text: exact-copy key)."""
    norm = normalize_text(article.text)
    content_hash = hashlib.sha256(norm.encode("utf-8")).hexdigest()
    return dataclasses.replace(article, norm_text=norm, content_hash=content_hash)


class NormalizeArticles(beam.PTransform):
    """NFKC, quote/dash folding, case folding and whitespace collapsing."""

    def expand(self, articles):
        return articles | "Normalize" >> beam.Map(normalize_article)
