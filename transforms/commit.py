"""Stage: commit the files every writer reported, in one step after all of them (`store`)."""

from __future__ import annotations

import apache_beam as beam

from transforms.shards import window_tag
from transforms.store import RunPlan, commit_run


class _CommitFn(beam.DoFn):
    def __init__(self, plan: RunPlan):
        self._plan = plan

    def process(self, files, window=beam.DoFn.WindowParam, pane=beam.DoFn.PaneInfoParam):
        yield commit_run(self._plan, files, window_tag(window, pane)).version


class CommitRun(beam.PTransform):
    """PCollection[WrittenFile] -> per window, the store's new commit-point version.

    Runs once per window (a batch run has one), on one worker, after every file of it is
    written: a run killed before this step leaves the store as it was.
    """

    def __init__(self, plan: RunPlan):
        super().__init__()
        self._plan = plan

    def expand(self, written):
        return (
            written
            | "AllFiles" >> beam.combiners.ToList().without_defaults()
            | "Commit" >> beam.ParDo(_CommitFn(self._plan))
        )
