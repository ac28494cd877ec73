"""`python -m pipeline ...` is the same as the `storyline` console script."""

from pipeline.cli import entry

entry()
