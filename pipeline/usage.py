"""A user's mistake on the command line (a bad flag or value, a missing store, SQL that fails):
`storyline` prints it as one line, `storyline: error: ...`, and exits with code 2, as argparse
does, without a traceback."""

from __future__ import annotations

import argparse

PREFIX = "storyline: error:"


class UsageError(Exception):
    pass


class OneLineParser(argparse.ArgumentParser):
    def error(self, message: str):
        """Raise, so `storyline` prints one line and returns 2; argparse would print its usage
        and exit itself."""
        raise UsageError(message)


def first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
