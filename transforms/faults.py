"""For tests only: make one named step fail for one article, to exercise the dead letters.

`STORYLINE_TEST_FAIL=point:needle` makes the step `point` raise `InjectedFailure` for every
article whose `source` contains `needle`. Points are the stage names of the `errors` table
(normalize, sign, dedupe, terms, rewrites, stories, assemble, write: each stage's per-article
step) and a few group-level steps (`rewrites.pairs`, `stories.components`, `assemble.cluster`,
`write.partition`) and `commit` (needle: a table name; the run stops before committing it);
several, comma-separated, arm several points (`sign:a,write:b`). The
variable is read once, when this module is first imported, so it
reaches multi-processing workers (fresh processes that inherit the environment); tests that
run in-process call `configure`. Unset, `check` returns after one comparison.
"""

from __future__ import annotations

import os

ENV = "STORYLINE_TEST_FAIL"

_needles: dict[str, str] = {}  # point -> needle; empty when unset


class InjectedFailure(RuntimeError):
    """The exception a test asked for; never raised unless `STORYLINE_TEST_FAIL` is set."""


def configure(spec: str | None) -> None:
    """Arm the points of `point:needle[,point:needle...]`, or disarm all with None or ""."""
    needles = {}
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        point, separator, needle = part.strip().partition(":")
        if not separator or not point or not needle:
            raise ValueError(f"{ENV} must be point:needle[,point:needle...], got {spec!r}")
        needles[point] = needle
    _needles.clear()
    _needles.update(needles)


def armed(point: str) -> bool:
    """Whether `point` may fail in this process (steps that must unpack to check ask first)."""
    return point in _needles


def check(point: str, source: str) -> None:
    """Raise `InjectedFailure` if `point` is armed and `source` holds its needle."""
    if _needles:
        needle = _needles.get(point)
        if needle is not None and needle in source:
            raise InjectedFailure(f"injected failure at {point} for {source}")


configure(os.environ.get(ENV))
