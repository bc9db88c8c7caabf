"""Dates as people write them on pages, in English, Russian and Ukrainian.

"06 January 2022 19:15", "January 6, 2022 7:15 pm", "6 января 2022, 19:15",
"6 січня 2022 р. о 19:15", "06.01.2022 19:15", "вчора о 18:05", "today at 9:30".
Read in the outlet's time zone; relative words resolve against ``now`` (the fetch time).
A pure, dependency-free parser: a few regexes are much faster than a general date library,
and these forms cover what news pages print.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo

from parsel import Selector

_MONTH_STEMS: dict[str, int] = {}
for _number, _stems in enumerate([
    ("jan", "январ", "января", "січ", "янв"),
    ("feb", "феврал", "лют", "фев"),
    ("mar", "март", "берез", "мар"),
    ("apr", "апрел", "квіт", "апр"),
    ("may", "ма", "трав"),
    ("jun", "июн", "черв"),
    ("jul", "июл", "лип"),
    ("aug", "август", "серп", "авг"),
    ("sep", "сентябр", "верес", "сен"),
    ("oct", "октябр", "жовт", "окт"),
    ("nov", "ноябр", "листопад", "ноя"),
    ("dec", "декабр", "груд", "дек"),
], start=1):
    for _stem in _stems:
        _MONTH_STEMS[_stem] = _number

_MONTH_WORD = r"(?P<month>[A-Za-zА-Яа-яЁёІіЇїЄєҐґ]{3,12})\.?"
_TIME = r"(?:\s*(?:,|at|в|о|—|-|\|)?\s*(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:\s*(?P<ampm>[ap]\.?m\.?))?)?"
_YEAR_WORD = r"(?:\s*(?:г\.|года|году|року|р\.|рік))?"
_PATTERNS = [
    re.compile(r"\b(?P<day>\d{1,2})\s+" + _MONTH_WORD + r",?\s+(?P<year>\d{4})" + _YEAR_WORD + _TIME, re.IGNORECASE),
    re.compile(_MONTH_WORD + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})" + _TIME, re.IGNORECASE),
    re.compile(r"\b(?P<day>\d{1,2})\.(?P<monthnum>\d{1,2})\.(?P<year>\d{4})" + _YEAR_WORD + _TIME),
    re.compile(r"\b(?P<year>\d{4})-(?P<monthnum>\d{2})-(?P<day>\d{2})" + r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2}))?"),
    re.compile(r"(?P<year>\d{4})\s*年\s*(?P<monthnum>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日" + _TIME),
    re.compile(r"\b(?P<day>\d{1,2})\.(?P<monthnum>\d{1,2})\.(?P<year>\d{2})\b(?!\.)" + _TIME),
]
_URL_DATE = re.compile(r"/(?P<year>20\d{2}|19\d{2})[/-](?P<monthnum>\d{1,2})[/-](?P<day>\d{1,2})(?:/|$|[-_])")
_RELATIVE = re.compile(
    r"(?P<word>today|yesterday|сегодня|вчера|сьогодні|вчора)\s*,?\s*(?:at|в|о)?\s*(?P<hour>\d{1,2}):(?P<minute>\d{2})",
    re.IGNORECASE,
)
_YESTERDAY = {"yesterday", "вчера", "вчора"}


def _month(word: str) -> int | None:
    lowered = word.lower()
    for length in range(min(len(lowered), 8), 1, -1):
        number = _MONTH_STEMS.get(lowered[:length])
        if number:
            return number
    return None


def _build(match: re.Match[str], tz: tzinfo) -> datetime | None:
    parts = match.groupdict()
    month = int(parts["monthnum"]) if parts.get("monthnum") else _month(parts.get("month") or "")
    if not month:
        return None
    hour = int(parts.get("hour") or 0)
    minute = int(parts.get("minute") or 0)
    ampm = (parts.get("ampm") or "").replace(".", "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    year = int(parts["year"])
    if year < 100:
        year += 2000
    try:
        return datetime(year, month, int(parts["day"]), hour, minute, tzinfo=tz)
    except ValueError:
        return None


def parse_visible_date(text: str, tz: tzinfo = timezone.utc, now: datetime | None = None) -> datetime | None:
    """The first date in ``text``, or None. Never a date more than a day in the future."""
    now = now or datetime.now(timezone.utc)
    candidates: list[tuple[int, datetime]] = []
    relative = _RELATIVE.search(text)
    if relative:
        day = now.astimezone(tz) - (timedelta(days=1) if relative["word"].lower() in _YESTERDAY else timedelta())
        moment = day.replace(hour=int(relative["hour"]), minute=int(relative["minute"]), second=0, microsecond=0)
        candidates.append((relative.start(), moment))
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            moment = _build(match, tz)
            if moment:
                candidates.append((match.start(), moment))
                break
    for _, moment in sorted(candidates, key=lambda pair: pair[0]):
        if 1990 <= moment.year and moment <= now + timedelta(days=1):
            return moment
    return None


_DATE_NODES = (
    "//time",
    "//*[contains(translate(@class, 'DATE', 'date'), 'date') or contains(translate(@class, 'TIME', 'time'), 'time')"
    " or contains(@class, 'publish') or contains(@class, 'posted') or contains(@class, 'meta')]",
)


def date_from_url(url: str, tz: tzinfo = timezone.utc) -> datetime | None:
    """``/2025/04/01/slug`` -> 2025-04-01 (the day only)."""
    match = _URL_DATE.search(url)
    return _build(match, tz) if match else None


def find_visible_date(selector: Selector, tz: tzinfo = timezone.utc, now: datetime | None = None) -> datetime | None:
    """A publication date printed on the page: in ``<time>`` and date-like elements first, then
    in the lines that follow the headline."""
    for xpath in _DATE_NODES:
        for node in selector.xpath(xpath)[:30]:
            text = " ".join(node.xpath(".//text()").getall())
            if 6 <= len(text) <= 200:
                moment = parse_visible_date(text, tz, now)
                if moment:
                    return moment
    after_headline = selector.xpath(
        "(//h1)[1]/following::text()[normalize-space()][not(ancestor::script or ancestor::style)][position() <= 25]"
    ).getall()
    for text in after_headline:
        if len(text) <= 200:
            moment = parse_visible_date(text, tz, now)
            if moment:
                return moment
    return None
