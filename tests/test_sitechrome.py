import apache_beam as beam
from apache_beam.testing.util import assert_that, equal_to
from conftest import test_pipeline
from fixtures import (
    BANK_MERGER,
    QUAKE_CHILE,
    QUAKE_CHILE_PARAPHRASE,
    QUAKE_CHILE_QUOTE_ONLY,
    QUAKE_JAPAN,
)

from schemas.records import RawUnit
from transforms.clean import CleanUnits
from transforms.sitechrome import SiteChrome, is_chrome
from transforms.textpage import line_key

TEMPLATE_LINE = "Listen to the Morning Briefing podcast"  # a short line between paragraphs
BODIES = [QUAKE_CHILE, QUAKE_CHILE_PARAPHRASE, QUAKE_JAPAN, BANK_MERGER, QUAKE_CHILE_QUOTE_ONLY]


def _page(body: str) -> bytes:
    first, rest = body.split("\n\n", 1)
    return f"{first}\n\n{TEMPLATE_LINE}\n\n{rest}".encode()


def test_a_line_on_most_pages_of_a_site_is_chrome_and_is_cleaned_away():
    site = [RawUnit(f"/crawl/site-a/{i}.txt", "text", _page(b)) for i, b in enumerate(BODIES)]
    lone = RawUnit("/crawl/site-b/0.txt", "text", _page(QUAKE_JAPAN))
    with test_pipeline() as p:
        articles, _rejects = p | beam.Create([*site, lone]) | CleanUnits(min_words=25)
        kept = articles | beam.Map(lambda a: (a.source.split("/")[2], TEMPLATE_LINE in a.text))
        assert_that(kept, equal_to([("site-a", False)] * 5 + [("site-b", True)]))


def test_copies_of_one_article_in_a_site_keep_their_body():
    copies = [
        RawUnit(f"/crawl/site-a/{i}.txt", "text", _page(QUAKE_CHILE) + b" " * i) for i in range(6)
    ]
    with test_pipeline() as p:
        chrome = p | beam.Create(copies) | SiteChrome()
        assert_that(
            chrome | beam.Map(lambda kv: (kv[0], sorted(kv[1]))),
            equal_to([("/crawl/site-a", [line_key(TEMPLATE_LINE)])]),
        )


def test_the_chrome_rule_wants_more_pages_for_longer_lines():
    teaser = " ".join(["word"] * 20)  # over SHORT_LINE_WORDS: a teaser with its blurb
    assert is_chrome("sign up", 3, 5)
    assert not is_chrome("sign up", 2, 5)  # under half of the pages
    assert not is_chrome("sign up", 4, 4)  # too few pages to tell
    assert not is_chrome(teaser, 10, 10)  # long lines need LONG_LINE_MIN_PAGES
    assert is_chrome(teaser, 12, 20)


def test_one_layout_of_several_is_chrome_but_copies_of_one_article_are_not():
    teaser = " ".join(["word"] * 20)
    assert is_chrome(teaser, 130, 2400)  # one of a site's layouts: 130 pages are not copies
    assert is_chrome("sign up", 279, 2423)  # 11.5% of the pages, as a real crawl's layout
    assert not is_chrome(teaser, 8, 40)  # an article and its copies, on a fifth of a small site
    assert not is_chrome(teaser, 25, 1000)  # enough pages, but under 5% of the site


PROMO = "Get the big stories of the day in your inbox every morning"


def _html_page(body: str) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    title = body.split(".")[0]  # pages count as distinct by title
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"{paragraphs}<p>{PROMO}</p></article></body></html>"
    ).encode()


def test_a_paragraph_trafilatura_keeps_on_every_page_of_a_site_is_stripped():
    site = [RawUnit(f"/crawl/site-h/{i}.html", "html", _html_page(b)) for i, b in enumerate(BODIES)]
    lone = RawUnit("/crawl/site-i/0.html", "html", _html_page(QUAKE_JAPAN))
    with test_pipeline() as p:
        articles, rejects = p | beam.Create([*site, lone]) | CleanUnits(min_words=25)
        kept = articles | beam.Map(lambda a: (a.source.split("/")[2], PROMO in a.text))
        assert_that(kept, equal_to([("site-h", False)] * 5 + [("site-i", True)]), label="promo")
        assert_that(rejects, equal_to([]), label="no rejects")


def test_versions_of_one_story_count_once_so_their_own_lines_stay():
    """Six versions of one story (one title) and four other stories on a site: the versions'
    short line is on 6 of 10 files but on 1 of 5 stories, so it is not template."""
    own = "Reporting from the port of Antofagasta for this paper"
    versions = [
        RawUnit(
            f"/crawl/site-v/v{i}.html",
            "html",
            _html_page(f"{QUAKE_CHILE}\n\n{own}\n\nUpdated {i} times since the first report."),
        )
        for i in range(6)
    ]
    others = [
        RawUnit(f"/crawl/site-v/o{i}.html", "html", _html_page(b)) for i, b in enumerate(BODIES[1:])
    ]
    with test_pipeline() as p:
        articles, _rejects = p | beam.Create(versions + others) | CleanUnits(min_words=25)
        kept = (
            articles
            | beam.Filter(lambda a: "/v" in a.source)
            | beam.Map(lambda a: (own in a.text, PROMO in a.text))
        )
        assert_that(kept, equal_to([(True, False)] * 6))


def _prose(seed: int) -> str:
    """A distinct paragraph of more than CHROME_MAX_WORDS words."""
    return " ".join(f"word{seed}x{i}" for i in range(60))


def test_refetches_of_one_text_page_count_once_so_its_lines_survive():
    """A live page fetched 25 times (a new timestamp each time) is one page, not 25: its short
    lines are not template even though they sit on half of the site's fetched files."""
    own_line = "The minister spoke to reporters outside parliament on Monday"
    refetches = [
        RawUnit(
            f"/crawl/site-a/live-{i}.txt",
            "text",
            f"Updated {i}:00\n\n{own_line}\n\n{_prose(0)}".encode(),
        )
        for i in range(25)
    ]
    others = [
        RawUnit(f"/crawl/site-a/{i}.txt", "text", f"Sign up\n\n{_prose(i)}".encode())
        for i in range(1, 26)
    ]
    with test_pipeline() as p:
        chrome = p | beam.Create([*refetches, *others]) | SiteChrome()
        assert_that(
            chrome | beam.Map(lambda kv: sorted(kv[1])),
            equal_to([[line_key("Sign up")]]),
        )
