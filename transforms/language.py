"""Language identification with py3langid (its model ships inside the package: no downloads)."""

from __future__ import annotations

import py3langid  # loads its model on first use, once per process

_SAMPLE_CHARS = 600  # ~100 words: a stable guess for prose; cost grows with length


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None for text too short to tell."""
    sample = text[:_SAMPLE_CHARS]
    if len(sample.split()) < 3:
        return None
    language, _score = py3langid.classify(sample)
    return language
