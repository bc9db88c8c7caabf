from datetime import datetime, timezone

import pytest
from parsel import Selector

from crawler.extract.dates import get_timezone
from crawler.extract.visible_dates import date_from_url, find_visible_date, parse_visible_date

KYIV = get_timezone("Europe/Kyiv")
NOW = datetime(2026, 11, 25, 7, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(("text", "expected"), [
    ("06 January 2022 19:15", "2022-01-06T19:15:00+02:00"),
    ("January 6, 2022 7:15 pm", "2022-01-06T19:15:00+02:00"),
    ("6 января 2022, 19:15", "2022-01-06T19:15:00+02:00"),
    ("6 січня 2022 р. о 19:15", "2022-01-06T19:15:00+02:00"),
    ("12 травня 2023 року, 10:00", "2023-05-12T10:00:00+03:00"),
    ("06.01.2022 19:15", "2022-01-06T19:15:00+02:00"),  # day first
    ("Do 25.04.24 | 14:07 Uhr", "2024-04-25T14:07:00+03:00"),
    ("2024年04月24日23:52 | 来源", "2024-04-24T23:52:00+03:00"),
    ("вчора о 18:05", "2026-11-24T18:05:00+02:00"),
    ("вчера в 18:05", "2026-11-24T18:05:00+02:00"),
    ("сьогодні о 08:30", "2026-11-25T08:30:00+02:00"),
    ("today at 9:30", "2026-11-25T09:30:00+02:00"),
])
def test_parse_visible_date(text, expected):
    assert parse_visible_date(text, KYIV, NOW).isoformat() == expected


@pytest.mark.parametrize("text", ["1 декабря 2030", "no date here", "31.02.2022", "Mai 2024"])
def test_no_future_or_impossible_dates(text):
    assert parse_visible_date(text, KYIV, NOW) is None


def test_date_in_a_date_element_and_after_the_headline():
    page = Selector(text='<div class="article-date">Опубліковано 6 січня 2022, 19:15</div>')
    assert find_visible_date(page, KYIV, NOW).isoformat() == "2022-01-06T19:15:00+02:00"
    page = Selector(text="<h1>Headline</h1><div><span>06 January 2022 19:15</span></div>")
    assert find_visible_date(page, KYIV, NOW).isoformat() == "2022-01-06T19:15:00+02:00"


def test_date_from_url():
    assert date_from_url("https://x.test/2025/04/01/slug/").date().isoformat() == "2025-04-01"
    assert date_from_url("https://x.test/news/85419-slug") is None
