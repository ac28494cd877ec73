"""Stop lists by language code, taken from jusText (a trafilatura dependency, 100 languages)."""

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


@lru_cache(maxsize=128)
def stopwords_for(language: str | None) -> frozenset[str]:
    """Normalised stop words for a language code; English when the language has no list."""
    name = _JUSTEXT_NAMES.get(language or "en", "English")
    return frozenset(normalize_text(word) for word in justext.get_stoplist(name))
