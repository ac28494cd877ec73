"""Stage: the state tables a later run reads (`transforms.history`), written with this run's.

Rows are built where their data already is (the partition writer, dedupe, term profiles),
so no stage shuffles whole articles again for them; each table is then written as a few
sharded files of this attempt and committed with the rest (`transforms.store`).
"""

from __future__ import annotations

from collections.abc import Iterable

import apache_beam as beam
import numpy as np
import xxhash

from schemas.arrow import STATE_SCHEMAS
from schemas.records import Article, utc_microseconds
from transforms.shards import WriteShardedTable

# Story centroid deltas keep their strongest terms: cosine to a long story is decided by them.
CENTROID_TERMS = 500


def band_key(band: int, values: np.ndarray) -> int:
    """One LSH band of a signature as a single 63-bit key (band index and its rows)."""
    return xxhash.xxh64_intdigest(band.to_bytes(2, "little") + values.tobytes()) >> 1


def signature_row(doc_id: str, signature: bytes) -> dict:
    return {"doc_id": doc_id, "signature": signature}


def band_rows(keyed: tuple[str, bytes], bands: int, rows: int) -> Iterable[dict]:
    """(doc_id, packed signature) -> its `state/bands` rows, one per LSH band."""
    doc_id, signature = keyed
    values = np.frombuffer(signature, dtype=np.uint32)
    for band in range(bands):
        key = band_key(band, values[band * rows : (band + 1) * rows])
        yield {"band_key": key, "doc_id": doc_id}


def doc_row(article: Article, story_id: str) -> dict:
    age = article.age()
    canonical = article.is_canonical
    return {
        "doc_id": article.doc_id,
        "content_hash": article.content_hash,
        "cluster_id": article.cluster_id or article.doc_id,
        "is_canonical": canonical,
        "story_id": story_id,
        "age_us": None if age is None else utc_microseconds(age),
        "copies": article.cluster_size,
        "source": article.source,
        "text": article.text if canonical else None,
        "language": article.language,
    }


def vector_row(profile) -> dict:
    terms = list(profile.vector)
    return {
        "doc_id": profile.doc_id,
        "terms": terms,
        "weights": [profile.vector[t] for t in terms],
    }


def anchor_rows(profile) -> Iterable[dict]:
    for term in profile.later_anchors:
        yield {"term": term, "doc_id": profile.doc_id}


def term_rows(counts: tuple[int, dict[int, int]]) -> Iterable[dict]:
    _documents, frequencies = counts
    for term, df in frequencies.items():
        yield {"term": term, "df": df}


def unit_row(unit) -> dict:
    """A `state/units` row: an article, or a reject, whose unit this run ingested."""
    return {"doc_id": unit.doc_id}


def centroid_row(keyed: tuple[str, tuple[int, dict[int, float]]]) -> dict:
    story_id, (canonicals, vector) = keyed
    strongest = sorted(vector.items(), key=lambda item: (-abs(item[1]), item[0]))
    strongest = strongest[:CENTROID_TERMS]
    return {
        "story_id": story_id,
        "canonicals": canonicals,
        "terms": [term for term, _weight in strongest],
        "weights": [weight for _term, weight in strongest],
    }


class WriteState(beam.PTransform):
    """{state table: PCollection of rows (dicts)} -> `WrittenFile`s of this attempt."""

    def __init__(self, output: str, attempt: str):
        super().__init__()
        self._output = output
        self._attempt = attempt

    def expand(self, rows_by_table: dict):
        written = []
        for table, rows in sorted(rows_by_table.items()):
            key = STATE_SCHEMAS[table].names[0]
            written.append(
                rows
                | f"Write {table}"
                >> WriteShardedTable(
                    self._output,
                    self._attempt,
                    table,
                    STATE_SCHEMAS[table],
                    key,
                    f"state_{table.split('/')[-1]}_rows",
                    sort_key=tuple(STATE_SCHEMAS[table].names[:2]),
                    empty_file=False,
                )
            )
        return written | "StateFiles" >> beam.Flatten()
