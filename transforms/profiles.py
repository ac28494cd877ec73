"""An article's term profile: what story and rewrite candidates compare."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple


class TermProfile(NamedTuple):
    """A canonical's TF-IDF vector and the anchor terms it is indexed under."""

    doc_id: str
    published: datetime | None
    vector: dict[int, float]
    anchors: tuple[int, ...]
    stored: bool = False  # an earlier run's canonical (`transforms.earlier_articles`)
    # what a later run looks this article up by: its strongest terms not too common
    # (df 1 included: a term only this article has today may be shared tomorrow)
    later_anchors: tuple[int, ...] = ()
