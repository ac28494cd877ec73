"""Cap glibc's malloc arenas in a local run's runner and worker processes.

glibc gives every thread that contends for the heap its own arena, up to 8 per core, and memory
freed in one arena is not reused by another. A Beam run's gRPC, data-plane and bundle threads
spread its 100 KB-1 MB strings (pages, encoded bundles) over many arenas, and peak RSS grows with
them. Two arenas bound that: on two workers, peak RSS of the process tree went from 3.30 to
2.98 GB at 30,000 light documents (87.2 -> 84.8 s), and from 2.4 to 2.0 GB at 10,000 real pages
(5% more time). A 64 KB trim threshold, as Dask sets, saved more memory (1.5 GB there) but cost
9-23% in time (docs/runner.md).

Workers inherit `MALLOC_ARENA_MAX` from the environment when Beam starts them; the current
process, already started, gets the same setting through `mallopt`. A value the user exported
wins. Elsewhere than glibc this does nothing.
"""

from __future__ import annotations

import ctypes
import os

ARENA_MAX = 2
_ENV = "MALLOC_ARENA_MAX"
_M_ARENA_MAX = -8  # glibc's mallopt parameter number


def tune_malloc() -> bool:
    """Cap the arenas of this process and of its future children; True if applied here."""
    try:
        value = int(os.environ.setdefault(_ENV, str(ARENA_MAX)))
    except ValueError:
        return False  # the user's own setting, which glibc reads itself
    if value <= 0:
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library the interpreter is linked with
    except (OSError, AttributeError, TypeError):  # no mallopt (not glibc), or no CDLL(None)
        return False
    return bool(mallopt(_M_ARENA_MAX, value))
