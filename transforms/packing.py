"""Whole articles cross a shuffle as one compressed byte string.

Beam's FnApiRunner decodes every value it groups into a Python object, holds it, and encodes
it again for the consumer: an Article pickled as an object is pickled twice and unpickled twice
per GroupByKey, and the runner's table holds the decoded text. Packed into bytes first, the
runner only copies bytes, the buffered text stays compressed, and the worker pickles once and
unpickles once. On Dataflow the bytes coder is as cheap as any. LZ4 (pyarrow's codec) rather
than zlib: it compresses a 4 KB article in ~13 us instead of ~60 us, at ~0.8 of the size.
"""

from __future__ import annotations

import pickle

import pyarrow as pa

_SIZE_BYTES = 4


def pack(record: object) -> bytes:
    """Pickle, then LZ4 (pyarrow's frame codec); the uncompressed size leads, as
    `pa.decompress` wants it. Four bytes: records are far below 4 GiB (--max-bytes)."""
    raw = pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)
    return len(raw).to_bytes(_SIZE_BYTES, "little") + pa.compress(raw, codec="lz4", asbytes=True)


def unpack(packed: bytes) -> object:
    size = int.from_bytes(packed[:_SIZE_BYTES], "little")
    raw = pa.decompress(packed[_SIZE_BYTES:], decompressed_size=size, codec="lz4", asbytes=True)
    return pickle.loads(raw)
