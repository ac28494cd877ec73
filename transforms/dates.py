"""Parse the date strings that cleaners find into timezone-aware UTC datetimes."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

# Sorts after every real date: undated articles come last in "earliest first" orders.
UNDATED = datetime.max.replace(tzinfo=UTC)

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?")


def parse_iso_date(value: str | None) -> datetime | None:
    """`YYYY-MM-DD[ HH:MM[:SS]]` (what trafilatura/htmldate return) as UTC, or None."""
    if not value:
        return None
    match = _ISO_DATE.search(value)
    if not match:
        return None
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError:
        return None


# --- dates written out in page text (plain-text renderings) -----------------------------------

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9,
    "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12,
    "december": 12,
}  # fmt: skip
_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"  # noqa: E501
_TIME = (
    r"(?:(?:,|\s+at|\s*[|•·-])?\s*(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::\d{2})?"
    r"\s*(?P<ampm>[ap]\.?m\.?)?(?:\s*(?P<tz>[A-Z]{2,4}\b))?)?"
)
_TEXT_DATES = [
    # November 20, 2024 / Nov. 20, 2024, 6:52 AM ET
    re.compile(
        rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d{{2}})\b{_TIME}",
        re.I,
    ),
    # 20 November 2024 / 20 Nov. 2024
    re.compile(
        rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(?P<year>(?:19|20)\d{{2}})\b{_TIME}",
        re.I,
    ),
    # 2024-11-20[T06:52]
    re.compile(
        r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})"
        r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::\d{2})?)?(?P<ampm>)(?P<tz>)\b"
    ),
]
# UTC offsets (hours) of the zone abbreviations news sites print; ET/CT/PT use standard time.
_TZ_OFFSETS = {
    "UTC": 0, "GMT": 0, "Z": 0, "ET": -5, "EST": -5, "EDT": -4, "CT": -6, "CST": -6, "CDT": -5,
    "MT": -7, "MST": -7, "MDT": -6, "PT": -8, "PST": -8, "PDT": -7, "BST": 1, "CET": 1,
    "CEST": 2, "IST": 5.5, "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11,
}  # fmt: skip
_LEADING_LABEL = re.compile(
    r"^\s*(?:date|published(?:\s+on)?|posted(?:\s+on)?|updated(?:\s+on)?|pubdate)\s*[:\-]?\s*",
    re.I,
)


def _match_to_datetime(match: re.Match[str]) -> datetime | None:
    groups = match.groupdict()
    month_text = groups["month"]
    month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text.lower().rstrip("."))
    hour = int(groups["hour"]) if groups.get("hour") else 0
    minute = int(groups["minute"]) if groups.get("minute") else 0
    ampm = (groups.get("ampm") or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    try:
        local = datetime(int(groups["year"]), month or 0, int(groups["day"]), hour, minute)
    except (ValueError, TypeError):
        return None
    offset = _TZ_OFFSETS.get((groups.get("tz") or "").upper(), 0)
    return (local - timedelta(hours=offset)).replace(tzinfo=UTC)


def find_date(text: str | None) -> tuple[datetime, tuple[int, int]] | None:
    """First written-out date in `text` ("Nov. 20, 2024, 6:52 AM ET", "20 November 2024",
    "2024-11-20") as UTC plus its span; a bare time or month name is not a date."""
    if not text:
        return None
    best: tuple[datetime, tuple[int, int]] | None = None
    for pattern in _TEXT_DATES:
        for match in pattern.finditer(text):
            value = _match_to_datetime(match)
            if value is not None:
                if best is None or match.start() < best[1][0]:
                    best = (value, match.span())
                break
    return best


def strip_leading_date_label(text: str) -> tuple[datetime | None, str]:
    """A "date 2024-11-20" / "Published: Nov. 20, 2024" prefix at the very start of a text:
    its date, and the text without it (the label is metadata, not article body)."""
    label = _LEADING_LABEL.match(text or "")
    if not label:
        return None, text
    found = find_date(text[label.end() : label.end() + 80])
    if found is None or found[1][0] != 0:
        return None, text
    return found[0], text[label.end() + found[1][1] :].lstrip(" \t,|-–—:")
