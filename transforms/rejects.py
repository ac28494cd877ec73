"""The reject reasons: one small, documented set used by every stage (the README lists it).

A reject row's `reason` is always one of these; the exception text, if any, goes in `detail`.
"""

from __future__ import annotations

EMPTY = "empty"  # the unit has no bytes, or only whitespace
BINARY = "binary"  # control bytes say it is not text (image, PDF, executable, ...)
UNDECODABLE = "undecodable"  # no character set explains the bytes
TOO_LARGE = "too_large"  # bigger than --max-bytes (after gunzip), or a gzip bomb
NO_CONTENT = "no_content"  # decoded, but no main text or fewer than --min-words words
PARSE_ERROR = "parse_error"  # malformed container record (bad JSONL line) or an unexpected error
TRUNCATED = "truncated"  # the file ends mid-stream: a cut gzip, a WARC cut inside a record
NOT_ARTICLE = "not_article"  # a product, forum, listing, docs or service page (detail: which)

REASONS: frozenset[str] = frozenset(
    {EMPTY, BINARY, UNDECODABLE, TOO_LARGE, NO_CONTENT, PARSE_ERROR, TRUNCATED, NOT_ARTICLE}
)

MAX_DETAIL_CHARS = 500  # exception texts can quote the whole input; keep the table small


def clip_detail(detail: object) -> str:
    return str(detail)[:MAX_DETAIL_CHARS]


class RejectError(ValueError):
    """An expected failure that maps to one reject reason; its message becomes `detail`."""

    reason = PARSE_ERROR

    def __init__(self, detail: str, reason: str | None = None):
        super().__init__(detail)
        if reason is not None:
            self.reason = reason


class InputTooLarge(RejectError):
    reason = TOO_LARGE


class TruncatedInput(RejectError):
    reason = TRUNCATED
