"""Stop lists by language code, taken from jusText (a trafilatura dependency, 100 languages)."""

from __future__ import annotations

from functools import lru_cache

import justext

from transforms.textnorm import normalize_text

# ISO 639-1 codes (what language identification returns) -> jusText stop-list names.
_JUSTEXT_NAMES = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
    "pt": "Portuguese", "nl": "Dutch", "sv": "Swedish", "da": "Danish", "no": "Norwegian_Bokmal",
    "fi": "Finnish", "pl": "Polish", "cs": "Czech", "ru": "Russian", "tr": "Turkish",
    "ro": "Romanian", "hu": "Hungarian", "el": "Greek", "uk": "Ukrainian", "id": "Indonesian",
}  # fmt: skip


@lru_cache(maxsize=32)
def stopwords_for(language: str | None) -> frozenset[str]:
    """Normalised stop words for a language code; English when the language is unknown."""
    name = _JUSTEXT_NAMES.get(language or "en", "English")
    return frozenset(normalize_text(word) for word in justext.get_stoplist(name))
