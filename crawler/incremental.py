"""Incremental crawling: fetch what is new, what a feed/sitemap says changed, and recent
articles now and then (conditionally, so an unchanged page costs a 304) — skip the rest.

Settings: ``INCREMENTAL`` (default True); ``REVISIT_WITHIN_HOURS`` (48): articles first
fetched less than this long ago are revisited to catch updates, at most every
``REVISIT_EVERY_HOURS`` (6), with ``If-None-Match``/``If-Modified-Since``.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from enum import Enum

from scrapy.crawler import Crawler

from crawler.canonical import canonical_url
from crawler.extract.dates import parse_datetime
from crawler.outlets.profile import OutletProfile
from crawler.state import state_store_of


class Decision(Enum):
    FETCH = "fetch"  # not stored, or a newer version is announced
    REVISIT = "revisit"  # stored and recent: fetch conditionally
    SKIP = "skip"


def is_newer(value: str | None, than: str | None) -> bool:
    new, old = parse_datetime(value), parse_datetime(than)
    return bool(new and (old is None or new > old))


def _revisit_due(crawler: Crawler, url: str, now: datetime) -> bool:
    within = crawler.settings.getfloat("REVISIT_WITHIN_HOURS", 48)
    every = crawler.settings.getfloat("REVISIT_EVERY_HOURS", 6)
    validators = state_store_of(crawler).get_validators(url)
    if within <= 0 or validators is None:
        return False
    first, checked = parse_datetime(validators.first_seen_at), parse_datetime(validators.checked_at)
    return bool(first and checked and now - first < timedelta(hours=within) and now - checked >= timedelta(hours=every))


def decide(crawler: Crawler, url: str, profile: OutletProfile | None, updated: str | None = None) -> Decision:
    """What to do with a request for ``url``; ``updated``: a feed entry's ``updated`` or a
    sitemap's ``lastmod``, when known."""
    if not crawler.settings.getbool("INCREMENTAL", True):
        return Decision.FETCH
    canonical = canonical_url(url, profile)
    stored = state_store_of(crawler).record_for_url(canonical)
    if stored is None or is_newer(updated, stored.modified_at or stored.stored_at):
        return Decision.FETCH
    if _revisit_due(crawler, canonical, datetime.now(timezone.utc)):
        return Decision.REVISIT
    return Decision.SKIP


def is_stored(crawler: Crawler, url: str, profile: OutletProfile | None) -> bool:
    """Whether an article at ``url`` is stored already (never, with INCREMENTAL off)."""
    if not crawler.settings.getbool("INCREMENTAL", True):
        return False
    return state_store_of(crawler).record_for_url(canonical_url(url, profile)) is not None


def remember_response(crawler: Crawler, url: str, profile: OutletProfile | None,
                      etag: str | None, last_modified: str | None) -> None:
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    state_store_of(crawler).set_validators(canonical_url(url, profile), etag, last_modified, now)


def conditional_headers(crawler: Crawler, url: str, profile: OutletProfile | None) -> dict[str, str]:
    validators = state_store_of(crawler).get_validators(canonical_url(url, profile))
    headers = {}
    if validators and validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators and validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    return headers
