"""The word layer: one tokenizer, word count and sentence splitter for every script.

Every stage that counts or cuts text calls this module and never splits on spaces itself
(after datatrove's `word_tokenizers`: one interface, the backend chosen per script).

- Spaced scripts (Latin, Cyrillic, Greek, Arabic, Hebrew, Devanagari, ...) keep words: runs of
  Unicode word characters, combining marks and zero-width joiners included, so a Hindi word is
  not cut at its vowel signs nor a Persian one at its ZWNJ. Tibetan's tsheg is punctuation, so
  its syllables are its words.
- Scripts written without spaces have no segmenter for all of them that installs from wheels
  without a dictionary download, so their runs become overlapping character n-grams, the unit
  CJK search engines index, robust to any word boundary: bigrams of Han and kana (a Chinese
  word is ~1.7 characters), trigrams of grapheme clusters in Thai, Lao, Khmer and Burmese (a
  cluster keeps its vowel and tone marks; a word is ~4 letters, and bigrams there are
  syllables that every article on a topic shares).
- Korean is spaced, but a word carries its particles ("정부는", "정부가"): its words become
  syllable bigrams too, so one stem matches whatever particle follows it.
- A word count means the same amount of text in every script: whitespace-separated words, and
  a spaceless run counts its letters divided by the letters per word a segmenter finds in that
  script (`LETTERS_PER_WORD`; docs/languages.md has the measurements behind every choice).
"""

from __future__ import annotations

import re

import regex

# Scripts written without spaces between words, as `regex` character-class members.
_HAN = r"\p{Han}\p{Hiragana}\p{Katakana}\u30fc"  # U+30FC: the kana length mark (script Common)
_ABUGIDA = r"\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}"
_HANGUL = r"\p{Hangul}"
_SPACELESS = _HAN + _ABUGIDA
_NGRAMMED = _SPACELESS + _HANGUL
_TOKEN = regex.compile(rf"([{_HAN}]+)|([{_ABUGIDA}]+)|([{_HANGUL}]+)|([^\W{_NGRAMMED}]+)")
# Chunks between spaces that hold more than one word: spaceless runs, and Tibetan, whose
# syllables (its words, here) are parted by the tsheg, not by spaces.
_MANY_WORDS_CHAR = regex.compile(rf"[{_SPACELESS}\p{{Tibetan}}]")
_NGRAM_CHAR = regex.compile(rf"[{_NGRAMMED}]")
_WORD_RUN = regex.compile(r"\w+")
_GRAPHEME = regex.compile(r"\X")
_LETTER = regex.compile(r"\p{L}")
# Text with none of these characters is tokenized by `re` exactly as before the word layer.
_NEEDS_REGEX = re.compile("[\u0300-\u036f\u0590-\U0010ffff]")
_ASCII_WORD = re.compile(r"\w+")
# The blocks of the spaceless scripts and Tibetan, a fast `re` test before the `regex` classes.
_SPACELESS_BLOCKS = re.compile(
    "[\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff\u3040-\u30ff\u31f0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\ua9e0-\ua9ff\uaa60-\uaa7f\uf900-\ufaff\uff66-\uff9f"
    "\U00020000-\U0003134f]"
)

# Letters per word in each spaceless family (docs/languages.md: wordfreq's word lists, jieba,
# MeCab and PyThaiNLP; Lao, Khmer and Burmese take Thai's figure).
LETTERS_PER_WORD = {"han": 1.65, "abugida": 3.9}
HAN_NGRAM = 2  # characters: ~ a Chinese or Japanese word
ABUGIDA_NGRAM = 3  # grapheme clusters: less than a Thai word, more than a syllable
HANGUL_NGRAM = 2  # syllables: a Korean stem without its particle

# Sentence ends: Latin/Cyrillic/Greek stops followed by space, and the stops of other scripts,
# which need no space after them (Chinese, Japanese, Devanagari, Burmese, Arabic, Armenian, ...).
_SENTENCE_END = regex.compile(
    r"(?<=[.!?])[\"'\u201d\u2019)]*\s+"
    r"|(?<=[\u3002\uff01\uff1f\uff61\u0964\u0965\u104a\u104b\u061f\u06d4\u0589\u1362\u0f0d])"
    r"[\u300d\u300f\u201d\"')\uff09]*\s*"
    r"|\n+"
)


def tokens(normalized: str) -> list[str]:
    """Word tokens of normalised text: words, and character n-grams where words run together."""
    if not _NEEDS_REGEX.search(normalized):
        return _ASCII_WORD.findall(normalized)
    out: list[str] = []
    for han, abugida, hangul, word in _TOKEN.findall(normalized):
        if word:
            out.append(word)
        elif han:
            out.extend(_ngrams(han, HAN_NGRAM))
        elif abugida:
            out.extend(_ngrams(_GRAPHEME.findall(abugida), ABUGIDA_NGRAM))
        else:
            out.extend(_ngrams(hangul, HANGUL_NGRAM))
    return out


def _ngrams(units: str | list[str], size: int) -> list[str]:
    """Overlapping `size`-grams of characters or clusters; a shorter run is one token."""
    if len(units) <= size:
        return ["".join(units)]
    return ["".join(units[i : i + size]) for i in range(len(units) - size + 1)]


def word_runs(normalized: str) -> list[str]:
    """Runs of word characters as the text spaces them (a spaceless run stays whole): keys for
    comparing lines, where bigrams would only add length."""
    if not _NEEDS_REGEX.search(normalized):
        return _ASCII_WORD.findall(normalized)
    return _WORD_RUN.findall(normalized)


def word_count(text: str) -> int:
    """Whitespace-separated words; a spaceless run counts its letters / `LETTERS_PER_WORD`."""
    if not _SPACELESS_BLOCKS.search(text):
        return len(text.split())
    words = 0
    letters = {"han": 0, "abugida": 0}
    for chunk in text.split():
        if not _MANY_WORDS_CHAR.search(chunk):
            words += 1
            continue
        for han, abugida, hangul, word in _TOKEN.findall(chunk):
            if word or hangul:
                words += 1
            elif han:
                letters["han"] += len(han)
            else:
                letters["abugida"] += len(_LETTER.findall(abugida))
    spaceless = sum(count / LETTERS_PER_WORD[family] for family, count in letters.items())
    return words + round(spaceless)


def is_ngram(token: str) -> bool:
    """True for a character n-gram token, whose length says nothing about its content."""
    return bool(_NGRAM_CHAR.match(token))


def sentences(text: str) -> list[str]:
    """Sentences of the text, split at the stops of every script and at line breaks."""
    return [part.strip() for part in _SENTENCE_END.split(text) if part and part.strip()]
