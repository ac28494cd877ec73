"""Stage: commit the files every writer reported, in one step after all of them (`store`)."""

from __future__ import annotations

import apache_beam as beam

from transforms.store import RunPlan, commit_run


class CommitRun(beam.PTransform):
    """PCollection[WrittenFile] -> one element, the store's new commit-point version.

    Runs once, on one worker, after every file is written: a run killed before this step
    leaves the store as it was.
    """

    def __init__(self, plan: RunPlan):
        super().__init__()
        self._plan = plan

    def expand(self, written):
        plan = self._plan
        return (
            written
            | "AllFiles" >> beam.combiners.ToList()
            | "Commit" >> beam.Map(lambda files: commit_run(plan, files).version)
        )
