"""For tests only: make one named step fail for one article, to exercise the dead letters.

`STORYLINE_TEST_FAIL=point:needle` makes the step `point` raise `InjectedFailure` for every
article whose `source` contains `needle`. Points are the stage names of the `errors` table
(normalize, sign, dedupe, terms, rewrites, stories, assemble, write: each stage's per-article
step) and a few group-level steps (`rewrites.pairs`, `stories.components`, `assemble.cluster`,
`write.partition`). The variable is read once, when this module is first imported, so it
reaches multi-processing workers (fresh processes that inherit the environment); tests that
run in-process call `configure`. Unset, `check` returns after one comparison.
"""

from __future__ import annotations

import os

ENV = "STORYLINE_TEST_FAIL"

_point: str | None = None
_needle = ""


class InjectedFailure(RuntimeError):
    """The exception a test asked for; never raised unless `STORYLINE_TEST_FAIL` is set."""


def configure(spec: str | None) -> None:
    """Arm the hook with `point:needle`, or disarm it with None or ""."""
    global _point, _needle
    if not spec:
        _point, _needle = None, ""
        return
    point, separator, needle = spec.partition(":")
    if not separator or not point or not needle:
        raise ValueError(f"{ENV} must be point:needle, got {spec!r}")
    _point, _needle = point, needle


def armed(point: str) -> bool:
    """Whether `point` may fail in this process (steps that must unpack to check ask first)."""
    return _point == point


def check(point: str, source: str) -> None:
    """Raise `InjectedFailure` if the hook is armed for `point` and `source` holds the needle."""
    if _point is not None and _point == point and _needle in source:
        raise InjectedFailure(f"injected failure at {point} for {source}")


configure(os.environ.get(ENV))
