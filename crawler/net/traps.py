"""Crawler traps: URL spaces that never end, and a per-host budget that ends them all.

A site can make a link-following crawler run forever without meaning to: a calendar whose
"next month" link always exists, relative links that add a path segment on every page
(``/a/a/a/...``), a session id in every URL so that no URL is ever seen twice. Redirect loops
and long chains end at ``REDIRECT_MAX_TIMES`` (and the dupefilter); meta-refresh loops too,
as Scrapy counts them as redirects. The heuristics here refuse the known patterns early:

- ``calendar_year``: a date after next year or before 1900: a calendar walked out of the
  news. Dates are path segments or query values like ``2031-05`` or ``2031-05-01``, a year
  segment followed by a month segment (``/2031/05/``), or a bare year as the value of a
  date-like query parameter (``?year=2031``); other numbers (page numbers, ids) are not years.
- ``repeated_segments``: one path segment three times or more, or more than 20 segments.
- ``url_too_long``: more than 2,048 characters.
- session ids (``jsessionid``, ``PHPSESSID``, ``sid``, ``sessionid``...) are removed from
  the URL and the request is scheduled again without them, so that the dupefilter sees
  through them.

And whatever a heuristic misses, ``HOST_PAGE_BUDGET`` ends: at most that many requests per
host and run (0: no limit), counted as ``traps/host_budget_spent/<host>``.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

from crawler.urls import host_of

logger = logging.getLogger(__name__)

MAX_URL_LENGTH = 2048
MAX_SEGMENTS = 20
MAX_SEGMENT_REPEATS = 2
EARLIEST_YEAR = 1900

_SESSION_PARAMS = frozenset({
    "jsessionid", "phpsessid", "aspsessionid", "sid", "sessionid", "session_id", "sessid",
    "oscsid", "zenid", "cfid", "cftoken", "s_id",
})
_PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid|sessionid|sid)=[^/?#;]*", re.IGNORECASE)
_DATE_VALUE = re.compile(r"^(\d{4})[-/._](?:0?[1-9]|1[0-2])(?:[-/._]\d{1,2})?$")
_YEAR = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^(?:0?[1-9]|1[0-2])$")
_DATE_KEYS = re.compile(r"year|date|month|day|cal|^(?:[ymd]|from|to|start|end|since|until|period)$", re.IGNORECASE)


def strip_session_ids(url: str) -> str:
    """The URL without session-id path parameters and query parameters."""
    parts = urlsplit(url)
    path = _PATH_SESSION.sub("", parts.path)
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        kept = [(name, value) for name, value in pairs if name.lower() not in _SESSION_PARAMS]
        if len(kept) != len(pairs):
            query = urlencode(kept)
    if path == parts.path and query == parts.query:
        return url
    return urlunsplit((parts.scheme, parts.netloc, path, query, parts.fragment))


def years_in(segments: list[str], query: list[tuple[str, str]]) -> list[int]:
    """The years a URL's dates name (see ``calendar_year`` in the module docstring)."""
    years = []
    for index, segment in enumerate(segments):
        if match := _DATE_VALUE.match(segment):
            years.append(int(match.group(1)))
        elif _YEAR.match(segment) and index + 1 < len(segments) and _MONTH.match(segments[index + 1]):
            years.append(int(segment))
    for key, value in query:
        if match := _DATE_VALUE.match(value):
            years.append(int(match.group(1)))
        elif _YEAR.match(value) and _DATE_KEYS.search(key):
            years.append(int(value))
    return years


def trap_reason(url: str, now: datetime | None = None) -> str | None:
    """Why a URL looks like part of an endless URL space (see the module docstring), or None."""
    if len(url) > MAX_URL_LENGTH:
        return "url_too_long"
    parts = urlsplit(url)
    segments = [segment for segment in parts.path.split("/") if segment]
    if len(segments) > MAX_SEGMENTS:
        return "repeated_segments"
    if segments and max(Counter(segment.lower() for segment in segments).values()) > MAX_SEGMENT_REPEATS:
        return "repeated_segments"
    latest = (now or datetime.now(UTC)).year + 1
    years = years_in(segments, parse_qsl(parts.query, keep_blank_values=True))
    if any(year > latest or year < EARLIEST_YEAR for year in years):
        return "calendar_year"
    return None


class TrapMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.budget = crawler.settings.getint("HOST_PAGE_BUDGET", 0)
        self.spent: Counter[str] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TrapMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> Request | None:
        url = request.url
        clean = strip_session_ids(url)
        if clean != url:
            self.stats.inc_value("traps/session_id_removed")
            return request.replace(url=clean)  # scheduled again: the dupefilter now knows it
        reason = trap_reason(url)
        if reason:
            self.stats.inc_value(f"traps/refused/{reason}")
            logger.info("Refused %s: looks like a crawler trap (%s)", url, reason)
            raise IgnoreRequest(f"crawler trap: {reason}")
        if self.budget:
            host = host_of(url)
            self.spent[host] += 1
            if self.spent[host] > self.budget:
                if self.spent[host] == self.budget + 1:
                    logger.warning("HOST_PAGE_BUDGET (%d requests) spent on %s: no more requests to it in this run",
                                   self.budget, host)
                self.stats.inc_value(f"traps/host_budget_spent/{host}")
                raise IgnoreRequest("HOST_PAGE_BUDGET spent")
        return None
