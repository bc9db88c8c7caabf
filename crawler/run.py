"""Identity of one crawl run, shared by the spider (records) and the store (file names)."""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timezone

from scrapy.crawler import Crawler

_CRAWL_ID = re.compile(r"^(\d{8}T\d{6}Z)-[0-9a-z]+$")
_ATTRIBUTE = "_newscrawler_crawl_id"


def new_crawl_id(now: datetime | None = None) -> str:
    """``<UTC start time>-<random>``: sortable by start, unique across machines."""
    moment = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    return f"{moment:%Y%m%dT%H%M%SZ}-{secrets.token_hex(4)}"


def crawl_id_of(crawler: Crawler) -> str:
    """The crawl id of this run: the ``CRAWL_ID`` setting, or one made at first use."""
    crawl_id = getattr(crawler, _ATTRIBUTE, None)
    if crawl_id is None:
        crawl_id = crawler.settings.get("CRAWL_ID") or new_crawl_id()
        if not re.fullmatch(r"[0-9A-Za-z._-]{1,80}", crawl_id):
            raise ValueError(f"CRAWL_ID must be 1-80 letters, digits, '.', '_' or '-': {crawl_id!r}")
        setattr(crawler, _ATTRIBUTE, crawl_id)
    return crawl_id


def crawl_date(crawl_id: str) -> str:
    """The UTC date (YYYY-MM-DD) a crawl started, from its id; today for custom ids."""
    match = _CRAWL_ID.match(crawl_id)
    started = (
        datetime.strptime(match.group(1), "%Y%m%dT%H%M%SZ") if match else datetime.now(timezone.utc)
    )
    return started.strftime("%Y-%m-%d")
