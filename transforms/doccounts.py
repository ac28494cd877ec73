"""Document-frequency style statistics: how many documents, and in how many each item occurs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import apache_beam as beam


class DocumentCounts(beam.CombineFn):
    """Inputs are each document's distinct items; output (documents, item -> documents).

    Subclasses keep what they need in `extract_output`; combiner lifting merges partial
    counters per bundle, so only one Counter per worker crosses the shuffle.
    """

    def create_accumulator(self) -> tuple[int, Counter]:
        return 0, Counter()

    def add_input(self, accumulator, items: Iterable):
        documents, counts = accumulator
        counts.update(items)
        return documents + 1, counts

    def merge_accumulators(self, accumulators):
        documents, counts = 0, Counter()
        for more_documents, more_counts in accumulators:
            documents += more_documents
            counts.update(more_counts)
        return documents, counts

    def extract_output(self, accumulator):
        return accumulator
