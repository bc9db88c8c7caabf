"""The since cut-off: which URLs a date known before fetching rules out."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from crawler.discovery.since import known_before_since, parse_since

KYIV = ZoneInfo("Europe/Kyiv")


def test_parse_since_dates_and_datetimes():
    assert parse_since("2026-11-01", KYIV) == datetime(2026, 11, 1, tzinfo=KYIV)
    assert parse_since("2026-11-01T08:00", KYIV) == datetime(2026, 11, 1, 8, tzinfo=KYIV)
    assert parse_since("2026-11-01T08:00:00+00:00", KYIV) == datetime(2026, 11, 1, 8, tzinfo=timezone.utc)
    assert parse_since(" 2026-11-01 08:00Z ", KYIV) == datetime(2026, 11, 1, 8, tzinfo=timezone.utc)


@pytest.mark.parametrize("value", ["yesterday", "01.11.2026", "2026-13-01", "2026-11", "Sun, 01 Nov 2026 08:00:00 +0000"])
def test_parse_since_refuses_anything_else(value):
    with pytest.raises(ValueError):
        parse_since(value, KYIV)


def test_known_before_since_uses_the_newest_known_date():
    since = datetime(2026, 11, 1, tzinfo=KYIV)
    assert known_before_since(["2026-10-31T21:59:00+00:00"], since)  # 23:59 in Kyiv
    assert not known_before_since(["2026-10-31T22:00:00+00:00"], since)  # midnight in Kyiv
    assert not known_before_since(["2021-01-01T00:00:00+00:00", "2026-11-02T00:00:00+00:00"], since)  # updated later
    assert not known_before_since([None, None], since)  # nothing known: fetch
    assert not known_before_since(["2021-01-01T00:00:00+00:00"], None)  # no cut-off
