"""Local runs cap glibc's malloc arenas for the runner and for the workers it starts."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from pipeline import malloc_tuning


def _glibc() -> bool:
    try:
        return bool(os.confstr("CS_GNU_LIBC_VERSION"))
    except (AttributeError, ValueError):
        return False


def test_workers_inherit_the_cap_and_a_user_value_wins(no_arena_setting, monkeypatch):
    malloc_tuning.tune_malloc()
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.environ['MALLOC_ARENA_MAX'])"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert child.stdout.strip() == str(malloc_tuning.ARENA_MAX)
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    malloc_tuning.tune_malloc()
    assert os.environ["MALLOC_ARENA_MAX"] == "4"


def test_the_running_process_gets_it_through_mallopt_on_glibc(no_arena_setting):
    assert malloc_tuning.tune_malloc() is _glibc()


def test_a_setting_that_is_not_a_number_is_left_to_glibc(monkeypatch):
    monkeypatch.setenv("MALLOC_ARENA_MAX", "")
    assert malloc_tuning.tune_malloc() is False
    assert os.environ["MALLOC_ARENA_MAX"] == ""


_COUNT_ARENAS = """
import ctypes, sys, tempfile, threading
from pipeline import malloc_tuning
if sys.argv[1] == "tuned":
    malloc_tuning.tune_malloc()
libc = ctypes.CDLL(None)
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]
libc.fopen.restype = ctypes.c_void_p
held = threading.Barrier(8)
def allocate():  # a new thread's first malloc takes a new arena while the cap allows it
    block = libc.malloc(64 * 1024)
    held.wait()
    libc.free(block)
threads = [threading.Thread(target=allocate) for _ in range(8)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with tempfile.NamedTemporaryFile(suffix=".xml") as report:
    stream = libc.fopen(report.name.encode(), b"w")
    libc.malloc_info(0, ctypes.c_void_p(stream))
    libc.fclose(ctypes.c_void_p(stream))
    print(open(report.name).read().count("<heap nr="))
"""


def _arenas_after_eight_threads(mode: str) -> int:
    env = {key: value for key, value in os.environ.items() if key != "MALLOC_ARENA_MAX"}
    child = subprocess.run(
        [sys.executable, "-c", _COUNT_ARENAS, mode],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    )
    return int(child.stdout.strip())


@pytest.mark.skipif(not _glibc(), reason="glibc's arenas")
def test_mallopt_caps_the_arenas_of_the_running_process():
    """Counts heaps in glibc's malloc_info: the mallopt parameter number must be the right one."""
    assert _arenas_after_eight_threads("untuned") > malloc_tuning.ARENA_MAX
    assert _arenas_after_eight_threads("tuned") <= malloc_tuning.ARENA_MAX
