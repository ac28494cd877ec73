"""Bring the data of both members of each candidate pair together: two joins, no all-pairs.

Candidate steps emit pairs of ids only (small to shuffle); verification needs each member's
payload (a signature, a sentence profile). Pairs are joined with the payloads by their left id,
then by their right id. Payloads travel packed (`transforms.packing`): each crosses two
shuffles, once per pair it is in.
"""

from __future__ import annotations

import apache_beam as beam

from transforms.packing import pack, unpack


def _attach(joined, partners: str):
    """For the one value under this id, pair it with every partner that named the id."""
    _id, grouped = joined
    values = list(grouped["value"])
    if not values:
        return
    for partner in grouped[partners]:
        yield partner, values[0]


class AttachToPairs(beam.PTransform):
    """(PCollection[(id, value)], PCollection[(left id, right id)]) -> (left value, right value)."""

    def expand(self, inputs):
        values, pairs = inputs
        values = values | "Pack" >> beam.MapTuple(lambda key, value: (key, pack(value)))
        with_left = (
            {"value": values, "right": pairs}
            | "JoinLeft" >> beam.CoGroupByKey()
            | "AttachLeft" >> beam.FlatMap(_attach, "right")
        )
        return (
            {"value": values, "left": with_left}
            | "JoinRight" >> beam.CoGroupByKey()
            | "AttachRight" >> beam.FlatMap(_attach, "left")
            | "Unpack" >> beam.MapTuple(lambda left, right: (unpack(left), unpack(right)))
        )
