"""Lines that repeat across many pages of one site are that site's template, not its articles.

A text rendering keeps the site's menus, footers and teaser lists; the per-page rules in
`textpage` catch most of them, and a line that recurs on half of a site's distinct pages is
chrome whatever it looks like. A site is the unit's URL host when a container gave one (JSONL,
WARC), else the directory the file sits in (crawlers write one directory per site). Only short
lines are candidates: several copies of one article in a site's directory share their body
paragraphs, and those must survive.
"""

from __future__ import annotations

import hashlib
import posixpath
from urllib.parse import urlsplit

import apache_beam as beam

from schemas.records import RawUnit
from transforms.decode import decode_bytes
from transforms.doccounts import DocumentCounts
from transforms.rejects import RejectError
from transforms.textpage import line_key

CHROME_MIN_PAGES = 5  # fewer distinct pages say nothing about a template
CHROME_MIN_SHARE = 0.5  # a line on half of a site's distinct pages is template
CHROME_MAX_WORDS = 15  # longer lines are prose; copies of one article must keep their body


def site_key(unit: RawUnit) -> str:
    host = urlsplit(unit.url).hostname if unit.url else None
    return host or posixpath.dirname(unit.source.split("#", 1)[0])


def candidate_lines(unit: RawUnit) -> frozenset[str]:
    """Keys of the page's short lines (empty when the bytes do not decode)."""
    try:
        text = decode_bytes(unit.payload, declared=unit.charset)
    except RejectError:
        return frozenset()
    keys = (line_key(line) for line in text.splitlines() if len(line.split()) <= CHROME_MAX_WORDS)
    return frozenset(key for key in keys if key)


class _SiteLinesFn(DocumentCounts):
    """(distinct pages, line -> pages) of one site -> the lines that are its chrome."""

    def extract_output(self, accumulator):
        pages, counts = accumulator
        if pages < CHROME_MIN_PAGES:
            return frozenset()
        return frozenset(line for line, seen in counts.items() if seen >= CHROME_MIN_SHARE * pages)


class SiteChrome(beam.PTransform):
    """Text-rendering units -> PCollection[(site key, frozenset of chrome line keys)]."""

    def expand(self, units):
        return (
            units
            | "TextPages" >> beam.Filter(lambda unit: unit.kind == "text")
            | "ByPage"
            >> beam.Map(
                lambda unit: (
                    (site_key(unit), hashlib.sha1(unit.payload).hexdigest()),
                    candidate_lines(unit),
                )
            )
            | "DistinctPages" >> beam.CombinePerKey(lambda line_sets: next(iter(line_sets)))
            | "BySite" >> beam.Map(lambda kv: (kv[0][0], kv[1]))
            | "ChromePerSite" >> beam.CombinePerKey(_SiteLinesFn())
            | "SitesWithChrome" >> beam.Filter(lambda kv: bool(kv[1]))
        )
