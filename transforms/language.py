"""Language identification with py3langid (its model ships inside the package: no downloads)."""

from __future__ import annotations

from functools import lru_cache

import py3langid  # loads its model on first use, once per process

from transforms.segment import word_count

# ~50 words. The cost is a per-byte Python loop, so it grows with the sample: 300 chars take
# 119 us, 600 take 217 us, and on the 181 real bodies of ../shared/extraction both give the same
# language for every page (8 languages).
_SAMPLE_CHARS = 300
# Copies of an article (syndication, mirrors, refetches, light edits) open with the same 300
# characters: the answer is remembered by sample. ~0.5 KB an entry, ~16 MB per process full,
# for Latin scripts; samples in other scripts take 2-4x that (up to ~40 MB).
SAMPLE_CACHE_ENTRIES = 32_768


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None for text too short to tell."""
    sample = text[:_SAMPLE_CHARS]
    if word_count(sample) < 3:
        return None
    return classify_sample(sample)


@lru_cache(maxsize=SAMPLE_CACHE_ENTRIES)
def classify_sample(sample: str) -> str:
    language, _score = py3langid.classify(sample)
    return language
