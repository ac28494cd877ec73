"""Tests for the plain-text rendering cleaner: the seed pages plus synthetic templates."""

from __future__ import annotations

import random
import re
import sys
import unicodedata
from datetime import date
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:  # the package is not installed in the venv
    sys.path.insert(0, str(REPO_ROOT))

from transforms import textpage  # noqa: E402
from transforms.dates import find_date, parse_iso_date, strip_leading_date_label  # noqa: E402
from transforms.textpage import clean_text_rendering  # noqa: E402

SEEDS = REPO_ROOT / "seeds"
_FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "‐": "-"})


def _seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).translate(_FOLD).lower()
    return re.findall(r"\w+", text)


def _shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    tokens = _tokens(text)
    return {tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1))}


def _jaccard(a: str, b: str) -> float:
    sa, sb = _shingles(a), _shingles(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 1.0


# --- seeds -------------------------------------------------------------------------------------


def test_seed_001_chrome_removed() -> None:
    text = clean_text_rendering(_seed("001")).text
    lines = text.splitlines()
    assert not any(line.lstrip().startswith("•") for line in lines)
    assert "Register now" not in text
    assert "©" not in text and "All Rights Reserved" not in text
    assert "Lorem ipsum" not in text
    assert "placeholder alt text" not in text
    assert "Getty Images" not in text
    assert "About the Author" not in text
    assert "is an award-winning senior reporter" not in text  # author bio
    assert not any(line.strip() in {"By", "Eleanor Pringle"} for line in lines)
    assert not any(line.startswith("By ") for line in lines)


def test_seed_001_matches_clean_copy() -> None:
    rendered = clean_text_rendering(_seed("001")).text
    clean = clean_text_rendering(_seed("000")).text
    assert _jaccard(rendered, clean) >= 0.9


def test_seed_001_metadata() -> None:
    result = clean_text_rendering(_seed("001"))
    assert result.title == (
        "Elon Musk wants to meet Alex Soros to ‘understand his goals’ after comparing his "
        "billionaire dad George to an X-Men villain"
    )
    assert result.author == "Eleanor Pringle"
    assert result.published is not None
    assert result.published.tzinfo is not None
    assert result.published.date() == date(2024, 11, 20)
    assert result.language == "en"


def test_seed_003_leading_date_label() -> None:
    result = clean_text_rendering(_seed("003"))
    assert result.published is not None
    assert result.published.date() == date(2024, 11, 20)
    assert not result.text.lower().startswith("date")
    assert result.text.startswith("Tesla CEO Elon Musk")


@pytest.mark.parametrize("prefix", ["000", "002"])
def test_clean_seeds_kept_whole(prefix: str) -> None:
    raw = _seed(prefix)
    text = clean_text_rendering(raw).text
    raw_tokens, kept_tokens = _tokens(raw), _tokens(text)
    assert len(kept_tokens) >= 0.98 * len(raw_tokens)
    assert _jaccard(raw, text) >= 0.98


def test_seed_000_keeps_subheading() -> None:
    text = clean_text_rendering(_seed("000")).text
    assert "Soros vs. Trump" in text.split("\n\n")


# --- synthetic templates -----------------------------------------------------------------------

OTHER_TEMPLATE = """\
Skip to main content
We use cookies to improve your experience on our website. By continuing to browse this site \
you agree to our use of cookies.
Accept all
Menu
- World
- Business
- Science
- Opinion
- Sport
World | Europe
Harbour town votes to rebuild its flooded sea wall with money from a local bond
Written by Maria Delgado-Ruiz
Published 3 March 2023, 14:05 GMT
Share this article
Facebook
Twitter
Email
The small harbour town voted on Tuesday to rebuild the sea wall that failed during the winter \
storms, paying for the work with a bond that residents will be able to buy directly.
Officials said the old wall had been patched so many times that engineers could no longer say \
how much of the original structure was still standing, and that a full rebuild was the only \
safe option.
Residents packed the town hall for the vote. Many of them had spent weeks clearing mud and \
sand out of their homes after the water came over the wall in January.
What happens next
Construction is expected to start in the autumn and to last about two years, during which the \
harbour will stay open to fishing boats but closed to most visitors.
The mayor said the town would publish the full cost of the project once the first contracts \
had been signed, and that residents would be able to follow the work on a public website.
Photo: Maria Delgado-Ruiz / Staff
Related stories
- Storm damage bill rises again as insurers count the cost of the winter
- Coastal towns ask for more help from the national government
- Fishing fleet returns to sea after weeks in port
Sign up for our morning newsletter and get the day's top stories in your inbox. Subscribe today!
Copyright 2023 Example Media Group. All rights reserved.
Terms of Service | Privacy Policy | Contact us
"""


def test_other_template_body_survives_and_chrome_goes() -> None:
    result = clean_text_rendering(OTHER_TEMPLATE)
    text = result.text
    assert text.startswith("The small harbour town voted on Tuesday")
    assert text.endswith("follow the work on a public website.")
    assert "What happens next" in text.split("\n\n")  # subheading between paragraphs
    for chrome in (
        "cookies",
        "Share this article",
        "Facebook",
        "Related stories",
        "Storm damage bill",
        "newsletter",
        "Copyright",
        "Privacy Policy",
        "Photo:",
        "Written by",
        "World | Europe",
    ):
        assert chrome not in text, chrome
    assert result.title == (
        "Harbour town votes to rebuild its flooded sea wall with money from a local bond"
    )
    assert result.author == "Maria Delgado-Ruiz"
    assert result.published is not None
    assert result.published.date() == date(2023, 3, 3)
    assert result.language == "en"


BIO_AND_FOOTER_DATES = """\
Home
News
Local council approves a new cycling lane along the river path
By Tom Baker
The council approved a new cycling lane along the river path on Monday evening, after a long \
debate in which residents argued about parking and about the safety of children walking to \
school.
Supporters said the lane would make it easier for people to leave the car at home, while \
opponents said the money should have been spent on repairing the roads that are already there.
Work on the lane is due to begin next spring, the council said in a statement after the meeting.
Tom Baker is a reporter covering local government, transport and the environment for the paper\
 since 2015.
Most Popular
Ten things to do this weekend in the city
January 5, 2021
"""


def test_bio_and_footer_dates_are_not_used() -> None:
    result = clean_text_rendering(BIO_AND_FOOTER_DATES)
    assert result.author == "Tom Baker"
    assert "Tom Baker is a reporter" not in result.text
    assert "Ten things to do" not in result.text
    assert result.published is None  # the only date is in a related list
    assert result.text.startswith("The council approved")
    assert result.text.endswith("after the meeting.")


POST_BODY = [
    f"Paragraph {i} of the post explains in full sentences how the owner of a small bakery "
    "learned to share her work online, one careful step at a time."
    for i in range(4)
]
READER_COMMENT = (
    "I feel we all have our different comfort zones, and mapping a journey that builds on "
    "our growing comfort is important."
)


def test_a_comment_thread_heading_ends_the_article() -> None:
    sentence = (
        "Two responses to the ruling emerged in Congress within the hour, and both sides said so."
    )
    raw = "\n".join([*POST_BODY[:2], sentence, *POST_BODY[2:]])
    heading = "6 thoughts on \u201cHow to Share Your Work Online\u201d"
    text = clean_text_rendering("\n".join([raw, heading, READER_COMMENT])).text
    assert text.startswith("Paragraph 0") and text.endswith("one careful step at a time.")
    assert sentence in text  # a sentence that starts like the heading is prose
    assert "comfort zones" not in text


@pytest.mark.parametrize("header", ["Jane Miller wrote:", "Report"])
def test_a_reader_comment_header_ends_the_article(header: str) -> None:
    text = clean_text_rendering("\n".join([*POST_BODY, header, READER_COMMENT])).text
    assert text.startswith("Paragraph 0") and text.endswith("one careful step at a time.")
    assert "comfort zones" not in text


def test_site_chrome_lines_dropped() -> None:
    raw = (
        "Our reporters are independent and our journalism is paid for by readers like you.\n"
        + "\n".join(
            f"Paragraph {i} of the article explains in full sentences what happened in the town "
            "and why the people who live there care about it so much."
            for i in range(4)
        )
    )
    chrome = frozenset(
        {"our reporters are independent and our journalism is paid for by readers like you"}
    )
    assert "Our reporters" in clean_text_rendering(raw).text
    assert "Our reporters" not in clean_text_rendering(raw, site_chrome=chrome).text


def test_lorem_ipsum_only_page_is_empty() -> None:
    raw = "\n".join(["Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do."] * 5)
    assert clean_text_rendering(raw).text == ""


@pytest.mark.parametrize("raw", ["", "   ", "\n\n\t\n", "\u200b\n\u00a0"])
def test_empty_input(raw: str) -> None:
    result = clean_text_rendering(raw)
    assert result.text == ""
    assert result.title is None and result.author is None


def test_random_garbage_does_not_raise() -> None:
    rng = random.Random(7)
    alphabet = "abcXYZ019 .,:;!?•-–—©|\n\t\"'‘’“”é中文\u200b"
    for _ in range(200):
        raw = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400)))
        result = clean_text_rendering(raw)
        assert isinstance(result.text, str)


# --- dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("November 20, 2024, 6:52 AM ET", date(2024, 11, 20)),
        ("Nov. 20, 2024", date(2024, 11, 20)),
        ("20 November 2024", date(2024, 11, 20)),
        ("2024-11-20", date(2024, 11, 20)),
        ("Updated: Sept 3rd, 2019 at 10:05 am", date(2019, 9, 3)),
    ],
)
def test_find_date_formats(text: str, expected: date) -> None:
    found = find_date(text)
    assert found is not None
    assert found[0].date() == expected
    assert found[0].tzinfo is not None


def test_find_date_rejects_non_dates() -> None:
    assert find_date("May 2023 was warm") is None
    assert find_date("at 6:52 AM") is None
    assert find_date("February 30, 2024") is None


def test_strip_leading_date_label() -> None:
    published, rest = strip_leading_date_label(" date 2024-11-20 Tesla CEO spoke.")
    assert published is not None and published.date() == date(2024, 11, 20)
    assert rest == "Tesla CEO spoke."
    assert strip_leading_date_label("Date night ideas for 2024")[0] is None


def test_parse_iso_date_unchanged() -> None:
    assert parse_iso_date("2024-11-20") is not None
    assert parse_iso_date(None) is None


def test_line_key_caches_short_lines_only() -> None:
    """Chrome lines repeat across a site's pages and are keyed from the cache; prose is not
    cached. Keys are the same either way: the words of the normalised line."""
    textpage._cached_line_key.cache_clear()
    menu = "  \u201cWorld\u201d \u2014 Politics  "
    prose = "The council voted \u201cyes\u201d on Tuesday. " * 20
    assert len(prose) > textpage.CACHED_KEY_MAX_CHARS
    assert textpage.line_key(menu) == "world politics"
    assert textpage.line_key(menu) == "world politics"
    assert textpage.line_key(prose) == " ".join(["the council voted yes on tuesday"] * 20)
    info = textpage._cached_line_key.cache_info()
    assert (info.hits, info.misses, info.currsize) == (1, 1, 1)
    longest_cached = "x" * textpage.CACHED_KEY_MAX_CHARS
    assert textpage.line_key(longest_cached) == longest_cached
    assert textpage.line_key(longest_cached + "x") == longest_cached + "x"
    assert textpage._cached_line_key.cache_info().currsize == 2
