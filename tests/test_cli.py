"""`storyline run`'s logging: Beam's warnings only with --verbose, a typo'd flag always."""

from __future__ import annotations

import logging

import pytest

from pipeline import cli


@pytest.mark.parametrize("verbose, level", [(False, logging.ERROR), (True, logging.WARNING)])
def test_beam_logs_at_error_unless_verbose_and_its_level_comes_back(verbose, level):
    beam = logging.getLogger("apache_beam")
    before = beam.level
    with cli._beam_log_level(verbose):
        assert logging.getLogger("apache_beam.runners.worker").getEffectiveLevel() == level
        options = logging.getLogger("apache_beam.options.pipeline_options")
        assert options.getEffectiveLevel() == logging.WARNING
    assert beam.level == before
