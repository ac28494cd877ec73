"""Give freed memory back to the OS in a local run's runner and worker processes.

glibc grows the mmap threshold as a program frees large blocks, so the many short-lived
100 KB-1 MB strings of a Beam run (pages, encoded bundles) end up on the heap, where freed memory
stays mapped. Fixing the trim threshold at 64 KB (what Dask sets for its workers) turns that
adjustment off, and glibc returns free memory at the top of the heap and unmaps large blocks.
Measured at 30,000 light documents on two workers: peak RSS of the process tree 3.3 -> 2.3 GB,
for ~10% more time (README, Performance).

Workers inherit `MALLOC_TRIM_THRESHOLD_` from the environment when Beam starts them; the
current process, already started, gets the same setting through `mallopt`. A value the user
exported wins. Elsewhere than glibc this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os

TRIM_THRESHOLD_BYTES = 65536
_ENV = "MALLOC_TRIM_THRESHOLD_"
_M_TRIM_THRESHOLD = -1  # glibc's mallopt parameter number


def tune_malloc() -> bool:
    """Set the trim threshold for this process and its future children; True if applied here."""
    value = int(os.environ.setdefault(_ENV, str(TRIM_THRESHOLD_BYTES)))
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    try:
        mallopt = ctypes.CDLL(libc_name).mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(_M_TRIM_THRESHOLD, value))
