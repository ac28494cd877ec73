"""Bring the data of both members of each candidate pair together: two joins, no all-pairs.

Candidate steps emit pairs of ids only (small to shuffle); verification needs each member's
payload (a signature, a sentence profile). Pairs are joined with the payloads by their left id,
then by their right id.
"""

from __future__ import annotations

import apache_beam as beam


def _attach_left(joined):
    _left_id, grouped = joined
    values = list(grouped["value"])
    if not values:
        return
    for right_id in grouped["right"]:
        yield right_id, values[0]


def _attach_right(joined):
    _right_id, grouped = joined
    values = list(grouped["value"])
    if not values:
        return
    for left_value in grouped["left"]:
        yield left_value, values[0]


class AttachToPairs(beam.PTransform):
    """(PCollection[(id, value)], PCollection[(left id, right id)]) -> (left value, right value)."""

    def expand(self, inputs):
        values, pairs = inputs
        with_left = (
            {"value": values, "right": pairs}
            | "JoinLeft" >> beam.CoGroupByKey()
            | "AttachLeft" >> beam.FlatMap(_attach_left)
        )
        return (
            {"value": values, "left": with_left}
            | "JoinRight" >> beam.CoGroupByKey()
            | "AttachRight" >> beam.FlatMap(_attach_right)
        )
