"""The ``since`` cut-off: skip URLs whose date, known before fetching, is older."""

from __future__ import annotations

import re
from datetime import date, datetime, time, tzinfo

from crawler.extract.dates import parse_datetime

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_since(value: str, default_tz: tzinfo) -> datetime:
    """An ISO date (midnight in ``default_tz``) or datetime (``default_tz`` when it has no offset).

    Raises ValueError for anything else: a typo must stop the run, not silently crawl all.
    """
    text = value.strip()
    if _DATE_ONLY.match(text):
        return datetime.combine(date.fromisoformat(text), time(), tzinfo=default_tz)
    if len(text) < 11 or text[10] not in "T ":
        raise ValueError(f"since must be an ISO date or datetime (2026-11-01, 2026-11-01T08:00+02:00): {value!r}")
    parsed = parse_datetime(text, default_tz)
    if parsed is None:
        raise ValueError(f"since must be an ISO date or datetime (2026-11-01, 2026-11-01T08:00+02:00): {value!r}")
    return parsed


def known_before_since(dates: list[str | None], since: datetime | None) -> bool:
    """True when at least one date is known and all known dates are before ``since``.

    The newest known date decides: an old article updated after ``since`` (a newer
    ``updated``/``lastmod``) is still fetched, as it may be a new revision.
    """
    if since is None:
        return False
    moments = [moment for moment in (parse_datetime(value) for value in dates if value) if moment]
    return bool(moments) and max(moments) < since
