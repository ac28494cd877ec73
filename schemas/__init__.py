"""The record types that flow through storyline and the Arrow schemas of its output tables."""

from schemas.arrow import ARTICLES_SCHEMA, ERRORS_SCHEMA, REJECTS_SCHEMA, STORIES_SCHEMA
from schemas.records import Article, Extracted, RawUnit, Reject, StageError

__all__ = [
    "ARTICLES_SCHEMA",
    "ERRORS_SCHEMA",
    "REJECTS_SCHEMA",
    "STORIES_SCHEMA",
    "Article",
    "Extracted",
    "RawUnit",
    "Reject",
    "StageError",
]
