"""Local runs cap glibc's malloc arenas for the runner and for the workers it starts."""

from __future__ import annotations

import os
import subprocess
import sys

from pipeline import malloc_tuning


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
    try:
        glibc = bool(os.confstr("CS_GNU_LIBC_VERSION"))
    except (AttributeError, ValueError):
        glibc = False
    assert malloc_tuning.tune_malloc() is glibc


def test_a_setting_that_is_not_a_number_is_left_to_glibc(monkeypatch):
    monkeypatch.setenv("MALLOC_ARENA_MAX", "")
    assert malloc_tuning.tune_malloc() is False
    assert os.environ["MALLOC_ARENA_MAX"] == ""
