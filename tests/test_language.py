from fixtures import QUAKE_CHILE

from transforms import language

GERMAN = (
    "Ein starkes Erdbeben hat am Dienstag den Norden Chiles erschüttert. Nach Angaben der "
    "Behörden wurden mehrere Gebäude beschädigt, Verletzte gab es zunächst keine."
)


def test_copies_that_open_alike_are_classified_once():
    """Copies of an article share their opening: the second is answered from the cache."""
    language.classify_sample.cache_clear()
    first = language.detect_language(QUAKE_CHILE)
    copy_with_other_ending = language.detect_language(QUAKE_CHILE[:400] + " Updated at noon.")
    german = language.detect_language(GERMAN)
    info = language.classify_sample.cache_info()
    assert (first, copy_with_other_ending, german) == ("en", "en", "de")
    assert (info.misses, info.hits) == (2, 1)


def test_text_too_short_to_tell_has_no_language():
    assert language.detect_language("Breaking: quake") is None
