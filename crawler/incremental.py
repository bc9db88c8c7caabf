"""Is an article already stored, with nothing newer announced? (Incremental crawling.)"""

from __future__ import annotations

from scrapy.crawler import Crawler

from crawler.canonical import canonical_url
from crawler.extract.dates import parse_datetime
from crawler.outlets.profile import OutletProfile
from crawler.state import state_store_of


def is_newer(value: str | None, than: str | None) -> bool:
    new, old = parse_datetime(value), parse_datetime(than)
    return bool(new and (old is None or new > old))


def is_stored(crawler: Crawler, url: str, profile: OutletProfile | None, updated: str | None = None) -> bool:
    """True when the state store holds the article at ``url`` and ``updated`` (a feed entry's
    ``updated``, a sitemap's ``lastmod``) is not newer than the stored copy."""
    if not crawler.settings.getbool("INCREMENTAL", True):
        return False
    stored = state_store_of(crawler).record_for_url(canonical_url(url, profile))
    if stored is None:
        return False
    return not is_newer(updated, stored.modified_at or stored.stored_at)
