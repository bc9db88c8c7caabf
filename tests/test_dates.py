from datetime import timezone

import pytest

from crawler.extract.dates import get_timezone, to_iso8601


@pytest.mark.parametrize(("raw", "expected"), [
    ("2022-01-06T19:15:00+02:00", "2022-01-06T19:15:00+02:00"),
    ("2022-01-06T17:15:00Z", "2022-01-06T17:15:00+00:00"),
    ("2022-01-06 19:15:00+0200", "2022-01-06T19:15:00+02:00"),
    ("2022-01-06T19:15:00.123+02:00", "2022-01-06T19:15:00+02:00"),
    ("Thu, 06 Jan 2022 19:15:00 +0300", "2022-01-06T19:15:00+03:00"),  # RSS pubDate
    ("2022-01-06", "2022-01-06T00:00:00+00:00"),
])
def test_machine_dates(raw, expected):
    assert to_iso8601(raw) == expected


def test_naive_date_is_read_in_the_outlet_timezone():
    assert to_iso8601("2022-01-06T19:15:00", get_timezone("Europe/Kyiv")) == "2022-01-06T19:15:00+02:00"
    assert to_iso8601("2022-07-06T19:15:00", get_timezone("Europe/Kyiv")) == "2022-07-06T19:15:00+03:00"


@pytest.mark.parametrize("raw", ["", None, "yesterday-ish", "2022-13-45T99:00:00"])
def test_unreadable_dates_are_none(raw):
    assert to_iso8601(raw) is None


def test_unknown_timezone_falls_back_to_utc():
    assert get_timezone("Mars/Olympus") is timezone.utc
