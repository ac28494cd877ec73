"""Language identification: the script first, then py3langid (its model ships in the package).

Many scripts are written by one language in practice (Hangul, Kana, Thai, Myanmar, Georgian,
...): for those the script is the answer, right on a page of ten words where a character n-gram
model guesses, and for Burmese, which py3langid does not know at all. Han without kana is
Chinese. Scripts shared by many languages (Latin, Cyrillic, Arabic, Devanagari) go to py3langid.
"""

from __future__ import annotations

import re
from functools import lru_cache

import regex
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from transforms.segment import word_count

# ~50 words. The cost is a per-byte Python loop, so it grows with the sample: 300 chars take
# 119 us, 600 take 217 us, and on the 181 real bodies of ../shared/extraction both give the same
# language for every page (8 languages).
_SAMPLE_CHARS = 300
# Copies of an article (syndication, mirrors, refetches, light edits) open with the same 300
# characters: the answer is remembered by sample. ~0.5 KB an entry, ~16 MB per process full,
# for Latin scripts; samples in other scripts take 2-4x that (up to ~40 MB).
SAMPLE_CACHE_ENTRIES = 32_768

# Scripts that name their language (ISO 639-1), in the order they are tested.
_KANA = regex.compile(r"[\p{Hiragana}\p{Katakana}]")
_SCRIPT_LANGUAGES = tuple(
    (regex.compile(rf"\p{{{script}}}"), code)
    for script, code in (
        ("Hangul", "ko"), ("Thai", "th"), ("Lao", "lo"), ("Khmer", "km"), ("Myanmar", "my"),
        ("Tibetan", "bo"), ("Georgian", "ka"), ("Armenian", "hy"), ("Greek", "el"),
        ("Hebrew", "he"), ("Sinhala", "si"), ("Ethiopic", "am"), ("Gujarati", "gu"),
        ("Gurmukhi", "pa"), ("Tamil", "ta"), ("Telugu", "te"), ("Kannada", "kn"),
        ("Malayalam", "ml"), ("Oriya", "or"), ("Han", "zh"),
    )
)  # fmt: skip
_LETTER = regex.compile(r"\p{L}")
_LATIN = regex.compile(r"\p{Latin}")
# Blocks past Latin, less general punctuation and symbols: a sample without them is Latin.
_OTHER_BLOCKS = re.compile("[\u0370-\u1fff\u2c00-\U0010ffff]")
# A script decides when it holds at least this share of the sample's letters.
SCRIPT_MAJORITY = 0.5


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None for text too short to tell."""
    sample = text[:_SAMPLE_CHARS]
    if word_count(sample) < 3:
        return None
    return classify_sample(sample)


@lru_cache(maxsize=SAMPLE_CACHE_ENTRIES)
def classify_sample(sample: str) -> str:
    by_script = language_of_script(sample)
    if by_script is not None:
        return by_script
    language, _score = _identifier().classify(sample)
    return language


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    """py3langid's model restricted to its ISO 639-1 languages (the output's codes are two
    letters; its other classes, e.g. Nigerian Pidgin `pcm`, answer for English pages)."""
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    identifier.set_languages([code for code in identifier.nb_classes if len(code) == 2])
    return identifier


def language_of_script(sample: str) -> str | None:
    """The language a script alone names, when that script holds most of the letters.

    Japanese mixes Han with kana: any kana among Han letters makes Han Japanese."""
    if not _OTHER_BLOCKS.search(sample):
        return None
    letters = len(_LETTER.findall(sample))
    if not letters or len(_LATIN.findall(sample)) >= SCRIPT_MAJORITY * letters:
        return None
    kana = len(_KANA.findall(sample))
    for pattern, code in _SCRIPT_LANGUAGES:
        count = len(pattern.findall(sample))
        if code == "zh" and kana:
            count, code = count + kana, "ja"
        if count >= SCRIPT_MAJORITY * letters:
            return code
    if kana >= SCRIPT_MAJORITY * letters:
        return "ja"
    return None
