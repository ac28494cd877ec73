"""Language identification with py3langid (its model ships inside the package: no downloads)."""

from __future__ import annotations

from functools import lru_cache

_SAMPLE_CHARS = 600  # ~100 words: a stable guess for prose; cost grows with length


@lru_cache(maxsize=1)
def _identifier():
    import py3langid

    return py3langid


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None for text too short to tell."""
    sample = text[:_SAMPLE_CHARS]
    if len(sample.split()) < 3:
        return None
    language, _score = _identifier().classify(sample)
    return language
