"""Bytes -> str: BOM, declared charset, strict UTF-8, then charset-normalizer detection."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# More NUL/control bytes than this share of a sample means a binary file, not a page.
BINARY_CONTROL_SHARE = 0.05
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


class UndecodableError(ValueError):
    """Raised with a reason code ("binary" or "undecodable") for the rejects table."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason


def looks_binary(payload: bytes) -> bool:
    sample = payload[:8192]
    if not sample or sample.startswith(tuple(bom for bom, _ in _BOMS[1:])):
        return False
    controls = sum(sample.count(byte) for byte in _CONTROL_BYTES)
    return controls / len(sample) > BINARY_CONTROL_SHARE


def decode_bytes(payload: bytes, declared: str | None = None) -> str:
    """Decode a page; raises UndecodableError for binaries and bytes no charset explains."""
    for bom, encoding in _BOMS:
        if payload.startswith(bom):
            return payload[len(bom) :].decode(encoding, errors="replace")
    if looks_binary(payload):
        raise UndecodableError("binary", "control bytes exceed 5% of the first 8 KiB")
    match = _META_CHARSET.search(payload[:4096])
    for encoding in (declared, match.group(1).decode("ascii") if match else None, "utf-8"):
        if not encoding:
            continue
        try:
            return payload.decode(_windows_for_latin1(encoding))
        except (LookupError, UnicodeDecodeError):
            continue
    best = from_bytes(payload[:1_000_000]).best()
    if best is None:
        raise UndecodableError("undecodable", "no character set explains these bytes")
    return payload.decode(best.encoding, errors="replace")


def _windows_for_latin1(encoding: str) -> str:
    """Browsers read a declared latin-1 as cp1252 (WHATWG); so do we: curly quotes survive."""
    return (
        "cp1252"
        if encoding.lower().replace("_", "-") in {"iso-8859-1", "latin-1", "latin1"}
        else encoding
    )
