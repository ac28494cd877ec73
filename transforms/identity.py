"""A unit's identity and its doc_id: the same names wherever the input files sit.

A unit is identified by its URL when it carries one (WARC-Target-URI, a JSONL `url`), else by
its `source`: the file's path relative to its --input root (`transforms.read.input_root`), with
`#record=N` or `#LN` inside a container. The doc_id hashes that identity with the payload's
SHA-256, so the same files in another folder or checkout give the same ids, the same page
fetched into another WARC keeps its id, and identical bytes under two names keep two ids. It
is set when the unit is read, so a later stage can drop units it has seen before cleaning them.
"""

from __future__ import annotations

import hashlib

from schemas.records import RawUnit

DOC_ID_CHARS = 20

__all__ = ["doc_id_for", "reject_id", "unit_identity"]


def unit_identity(unit: RawUnit) -> str:
    """The unit's URL, else its relative `source`."""
    return unit.url or unit.source


def doc_id_for(unit: RawUnit) -> str:
    """SHA-256 of the identity and the payload's own SHA-256, in hex, cut to 20 characters."""
    content = hashlib.sha256(unit.payload).digest()
    digest = hashlib.sha256(_utf8(unit_identity(unit)) + b"\0" + content)
    return digest.hexdigest()[:DOC_ID_CHARS]


def reject_id(source: str, reason: str) -> str:
    """The doc_id of a reject that has no payload to hash (unreadable, too large, empty, a
    container's broken tail): its source and reason, so every run names it alike."""
    digest = hashlib.sha256(_utf8(f"reject\0{source}\0{reason}"))
    return digest.hexdigest()[:DOC_ID_CHARS]


def _utf8(text: str) -> bytes:
    """Lone surrogates (a JSONL `url` with a \\ud800 escape, a file name that is not UTF-8)
    are encoded as they are rather than refused: an id never fails."""
    return text.encode("utf-8", "surrogatepass")
