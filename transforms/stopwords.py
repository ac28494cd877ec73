"""Stop lists by language code, taken from jusText (a trafilatura dependency, 100 languages).

Term vectors and sentence alignment drop these words. Many of jusText's lists are the most
frequent words of a Wikipedia, thousands of them, content words included (Arabic 2,770, Hebrew
4,283, Korean 13,222): with them, a rewrite's sentences stop aligning with its source's. A list is
used when it is function-word sized (`FUNCTION_LIST_MAX`), or for the languages that used theirs
before (`LONG_LISTS_KEPT`); docs/languages.md has the measurements.
"""

from __future__ import annotations

from functools import lru_cache

import justext

from transforms.textnorm import normalize_text

# ISO 639-1 codes (what language identification returns; ISO 639-3 where a language has no
# two-letter code) -> jusText stop-list names. Chinese, Japanese, Thai, Lao, Khmer and Burmese
# have no list: jusText's lists are words between spaces, and those scripts have no spaces.
# "pa" (Gurmukhi) is not "Western_Panjabi" (Shahmukhi): the same language in another script.
_JUSTEXT_NAMES = {
    "af": "Afrikaans", "an": "Aragonese", "ar": "Arabic", "ast": "Asturian", "az": "Azerbaijani",
    "be": "Belarusian", "bg": "Bulgarian", "bn": "Bengali", "bpy": "Bishnupriya_Manipuri",
    "br": "Breton", "bs": "Bosnian", "ca": "Catalan", "ceb": "Cebuano", "cs": "Czech",
    "cv": "Chuvash", "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek",
    "en": "English", "eo": "Esperanto", "es": "Spanish", "et": "Estonian", "eu": "Basque",
    "fa": "Persian", "fi": "Finnish", "fr": "French", "fy": "West_Frisian", "ga": "Irish",
    "gl": "Galician", "gu": "Gujarati", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian",
    "ht": "Haitian", "hu": "Hungarian", "hy": "Armenian", "id": "Indonesian", "ig": "Igbo",
    "io": "Ido", "is": "Icelandic", "it": "Italian", "jv": "Javanese", "ka": "Georgian",
    "kk": "Kazakh", "kn": "Kannada", "ko": "Korean", "ku": "Kurdish", "ky": "Kyrgyz",
    "la": "Latin", "lb": "Luxembourgish", "lmo": "Lombard", "lt": "Lithuanian", "lv": "Latvian",
    "mk": "Macedonian", "ml": "Malayalam", "mr": "Marathi", "ms": "Malay", "mt": "Maltese",
    "nap": "Neapolitan", "nb": "Norwegian_Bokmal", "nds": "Low_Saxon", "ne": "Nepali",
    "new": "Newar", "nl": "Dutch", "nn": "Norwegian_Nynorsk", "no": "Norwegian_Bokmal",
    "oc": "Occitan", "pl": "Polish", "pms": "Piedmontese", "pnb": "Western_Panjabi",
    "pt": "Portuguese", "qu": "Quechua", "ro": "Romanian", "ru": "Russian",
    "rup": "Aromanian", "scn": "Sicilian", "sh": "Serbo_Croatian", "sk": "Slovak",
    "sl": "Slovenian", "sq": "Albanian", "sr": "Serbian", "su": "Sundanese", "sv": "Swedish",
    "sw": "Swahili", "ta": "Tamil", "te": "Telugu", "tk": "Turkmen", "tl": "Tagalog",
    "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu", "uz": "Uzbek", "vi": "Vietnamese",
    "vo": "Volapuk", "wa": "Walloon", "war": "Waray_Waray", "yo": "Yoruba",
}  # fmt: skip


FUNCTION_LIST_MAX = 1_000
# Lists in use before every language had one; Russian's 4,753 words align better than none.
LONG_LISTS_KEPT = frozenset(
    {"en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "no", "fi", "pl", "cs", "ru", "tr",
     "ro", "hu", "el", "uk", "id"}
)  # fmt: skip


@lru_cache(maxsize=128)
def stopwords_for(language: str | None) -> frozenset[str]:
    """Normalised stop words for a language code; English when the language has no usable list."""
    language = language or "en"
    name = _JUSTEXT_NAMES.get(language)
    words = justext.get_stoplist(name) if name else ()
    if not words or (len(words) > FUNCTION_LIST_MAX and language not in LONG_LISTS_KEPT):
        words = justext.get_stoplist("English")
    return frozenset(normalize_text(word) for word in words)
