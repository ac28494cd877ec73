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


def test_script_names_the_language_of_short_pages():
    cases = {
        "北京时间今天上午，国家主席会见了法国总统。": "zh",
        "東京都は今日、新しい計画を発表しました。": "ja",
        "서울시는 오늘 새로운 교통 계획을 발표했다": "ko",
        "นายกรัฐมนตรีเดินทางไปเยือนประเทศญี่ปุ่นเมื่อวันจันทร์": "th",
        "မြန်မာနိုင်ငံ အစိုးရက ယနေ့ ကြေညာချက်ထုတ်ပြန်ခဲ့သည်": "my",
        "ראש הממשלה הודיע היום על תוכנית חדשה": "he",
    }
    for text, code in cases.items():
        assert language.detect_language(text) == code, text


def test_shared_scripts_are_told_apart_by_the_model():
    assert language.detect_language("قال رئيس الوزراء إن الحكومة ستعلن خطة جديدة للمياه") == "ar"
    assert (
        language.detect_language("Valdība šodien paziņoja par jaunu plūdu aizsardzības plānu")
        == "lv"
    )
    assert language.detect_language("हिन्दी भाषा में आज का समाचार पढ़िए") == "hi"
