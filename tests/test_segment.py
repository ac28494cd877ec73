"""The word layer: words in spaced scripts, bigrams in spaceless ones, counts that compare."""

import re

from fixtures import QUAKE_CHILE

from transforms.segment import is_ngram, sentences, tokens, word_count, word_runs
from transforms.textnorm import normalize_text


def test_spaced_latin_text_tokenizes_as_plain_words():
    normalized = normalize_text(QUAKE_CHILE)
    assert tokens(normalized) == re.findall(r"\w+", normalized)
    assert word_count(QUAKE_CHILE) == len(QUAKE_CHILE.split())


def test_chinese_runs_become_overlapping_bigrams_and_latin_words_stay_whole():
    assert tokens("北京时间上午 iphone 15") == [
        "北京",
        "京时",
        "时间",
        "间上",
        "上午",
        "iphone",
        "15",
    ]
    assert tokens("雨") == ["雨"]


def test_japanese_kana_and_kanji_are_one_spaceless_run():
    assert tokens("東京は雨") == ["東京", "京は", "は雨"]


def test_thai_trigrams_of_clusters_keep_marks_with_their_consonant():
    grams = tokens("น้ำท่วมหนัก")  # water + flood + heavy: tone and vowel marks in clusters
    assert grams == ["น้ำท่ว", "ท่วม", "วมห", "มหนั", "หนัก"]
    assert all(is_ngram(gram) for gram in grams)


def test_marks_and_zero_width_joiners_do_not_cut_words():
    assert tokens("हिन्दी समाचार") == ["हिन्दी", "समाचार"]  # virama and vowel signs
    assert tokens("می\u200cخواهم") == ["می\u200cخواهم"]  # Persian ZWNJ inside a word
    assert tokens(normalize_text("cafe\u0301 noir")) == ["café", "noir"]  # NFKC composes


def test_korean_words_become_syllable_bigrams_so_stems_match_across_particles():
    assert tokens("한국 정부는 3일") == ["한국", "정부", "부는", "3", "일"]
    assert "정부" in tokens("정부가")  # the same stem with another particle
    assert word_count("한국 정부는 오늘") == 3  # but it counts its spaced words


def test_tibetan_syllables_are_its_words():
    assert tokens("བོད་ཀྱི་སྐད") == ["བོད", "ཀྱི", "སྐད"]
    assert not is_ngram("བོད")


def test_word_counts_mean_the_same_amount_of_text_in_every_script():
    english = "The city government announced a new flood plan on Monday."  # 10 words
    chinese = "市政府周一宣布了一项新的防洪计划。"  # the same sentence: 16 Han letters
    assert word_count(english) == 10
    assert 8 <= word_count(chinese) <= 12
    assert word_count("雨 rain") == 2  # one Han letter rounds to one word, plus one word


def test_sentences_split_at_the_stops_of_every_script():
    assert sentences("第一句。第二句！第三句？") == ["第一句。", "第二句！", "第三句？"]
    assert sentences("पहला वाक्य। दूसरा वाक्य।") == ["पहला वाक्य।", "दूसरा वाक्य।"]
    assert sentences("ပထမ။ ဒုတိယ။") == ["ပထမ။", "ဒုတိယ။"]
    assert sentences("هل جاء؟ نعم جاء.") == ["هل جاء؟", "نعم جاء."]
    assert sentences("He said so. Then he left.\nNew line") == [
        "He said so.",
        "Then he left.",
        "New line",
    ]


def test_word_runs_keep_spaceless_runs_whole():
    assert word_runs("首页 新闻 | 体育") == ["首页", "新闻", "体育"]
