"""The HTML cleaner's metadata on hand-written pages: the headline, the credited author and the
publication date each come from where the page states them, through real trafilatura."""

from __future__ import annotations

import json
from datetime import date

import pytest

from transforms.htmlpage import extract_html
from transforms.pagemeta import clean_author, strip_site_suffix

BODY = " ".join(
    f"Paragraph {n}: the harbour authority said the new ferry terminal would open in spring, "
    "after engineers finished testing the floating pontoons and the lifts for cyclists."
    for n in range(8)
)


def _page(head: str = "", before_body: str = "", title: str = "Ferry terminal | Harbour Times"):
    paragraphs = "".join(f"<p>{sentence}.</p>" for sentence in BODY.split(". "))
    return (
        f"<html><head><title>{title}</title>{head}</head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article>{before_body}{paragraphs}</article>"
        "<footer>Copyright Harbour Times</footer></body></html>"
    )


def _json_ld(**fields) -> str:
    return f'<script type="application/ld+json">{json.dumps(fields)}</script>'


def test_json_ld_article_gives_author_and_date():
    head = _json_ld(
        **{
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": "New ferry terminal opens in spring",
            "author": [{"@type": "Person", "name": "Ines Albarran"}],
            "datePublished": "2024-03-05T08:30:00+00:00",
        }
    )
    page = extract_html(_page(head=head))
    assert page is not None
    assert page.author == "Ines Albarran"
    assert page.published is not None and page.published.date() == date(2024, 3, 5)
    assert "floating pontoons" in page.text


def test_json_ld_author_inside_a_graph_wins_over_the_meta_author():
    head = (
        _json_ld(
            **{
                "@context": "https://schema.org",
                "@graph": [
                    {"@type": "WebSite", "name": "Harbour Times"},
                    {"@type": "BlogPosting", "author": {"name": "Tomasz Wielgosz"}},
                ],
            }
        )
        + '<meta name="author" content="Harbour Times Desk">'
    )
    page = extract_html(_page(head=head))
    assert page is not None and page.author == "Tomasz Wielgosz"


def test_meta_tags_give_author_and_published_time():
    head = (
        '<meta name="author" content="Ruth Okonjo">'
        '<meta property="article:published_time" content="2023-11-20T17:45:00Z">'
    )
    page = extract_html(_page(head=head))
    assert page is not None
    assert page.author == "Ruth Okonjo"
    assert page.published is not None and page.published.date() == date(2023, 11, 20)


def test_byline_role_and_update_note_are_not_part_of_the_name():
    head = '<meta name="author" content="By Ruth Okonjo, Senior Reporter">'
    page = extract_html(_page(head=head))
    assert page is not None and page.author == "Ruth Okonjo"


def test_the_visible_headline_wins_over_the_search_title():
    h1 = "<h1>New ferry terminal opens in spring after pontoon tests</h1>"
    page = extract_html(_page(before_body=h1, title="Ferry news today | Harbour Times"))
    assert page is not None
    assert page.title == "New ferry terminal opens in spring after pontoon tests"


def test_without_a_headline_the_title_loses_its_site_suffix():
    page = extract_html(_page(title="New ferry terminal opens | Harbour Times"))
    assert page is not None and page.title == "New ferry terminal opens"


def test_a_page_that_states_no_date_gets_none():
    page = extract_html(_page())
    assert page is not None and page.published is None


@pytest.mark.parametrize(
    ("byline", "name"),
    [
        ("By Jane Doe, Staff Writer", "Jane Doe"),
        ("Written by Jane Doe", "Jane Doe"),
        ("Jane Doe Last updated Nov 20, 2024", "Jane Doe"),
        ("Jane Doe • 20 November 2024", "Jane Doe"),
        ("Jane Doe; Joe Bloggs", "Jane Doe; Joe Bloggs"),
        ("Jane May", "Jane May"),  # a month that is also a name stays
        ("Written By", None),
        ("https://example.org/authors/jane", None),
    ],
)
def test_clean_author(byline, name):
    assert clean_author(byline) == name


def test_site_suffix_needs_a_headline_of_two_words_before_it():
    assert strip_site_suffix("Budget vote - City Gazette") == "Budget vote"
    assert strip_site_suffix("Opinion - City Gazette") == "Opinion - City Gazette"


def test_broken_or_deeply_nested_json_ld_is_ignored():
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": </script>'
        f'<script type="application/ld+json">{"[" * 50_000}{"]" * 50_000}</script>'
        '<meta name="author" content="Ruth Okonjo">'
    )
    page = extract_html(_page(head=head))
    assert page is not None and page.author == "Ruth Okonjo"
