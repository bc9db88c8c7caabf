"""Dates to ISO 8601 with an explicit UTC offset."""

from __future__ import annotations

import re
from datetime import datetime, timezone, tzinfo
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_ISO_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def get_timezone(name: str | None) -> tzinfo:
    """A tzinfo for an IANA name; UTC for None or an unknown name."""
    if not name or name.upper() == "UTC":
        return timezone.utc
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.utc


def parse_datetime(value: str | None, default_tz: tzinfo = timezone.utc) -> datetime | None:
    """Parse a machine-readable date (ISO 8601, RFC 2822) into an aware datetime.

    A value without an offset is read in ``default_tz`` (the outlet's time zone). Visible,
    human-language dates are the job of the extraction's date fallbacks, not of this function.
    """
    if not value:
        return None
    text = value.strip()
    parsed: datetime | None = None
    if _ISO_LIKE.match(text):
        candidate = text.replace(" ", "T", 1) if len(text) > 10 and text[10] == " " else text
        try:
            parsed = datetime.fromisoformat(candidate)
        except ValueError:
            parsed = None
    if parsed is None:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=default_tz)
    return parsed


def format_datetime(moment: datetime) -> str:
    """ISO 8601 with seconds and an offset ("+00:00" rather than "Z")."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.isoformat(timespec="seconds")


def to_iso8601(value: str | None, default_tz: tzinfo = timezone.utc) -> str | None:
    """Normalize a date string; None when it cannot be read."""
    parsed = parse_datetime(value, default_tz)
    return format_datetime(parsed) if parsed else None


def utc_now_iso() -> str:
    return format_datetime(datetime.now(timezone.utc))
