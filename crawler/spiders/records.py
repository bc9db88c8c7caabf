"""Records both spiders build from what extraction read (news articles, Telegram posts)."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.http import TextResponse

from crawler.extract.dates import utc_now_iso
from crawler.items import (
    Article,
    DiscoveredVia,
    TelegramPost,
    article_id,
    content_hash,
    make_record,
)
from crawler.outlets.profile import OutletProfile
from crawler.run import crawl_id_of
from crawler.urls import host_of, registered_domain


def article_record(crawler: Crawler, response: TextResponse, fields: dict[str, Any],
                   profile: OutletProfile | None) -> Article:
    """The record of an article page from its extracted fields."""
    canonical = fields.get("canonical_url") or response.url
    return make_record(Article, {
        **fields,
        "id": article_id(canonical),
        "crawl_id": crawl_id_of(crawler),
        "fetched_at": utc_now_iso(),
        "outlet": profile.domains[0] if profile else registered_domain(host_of(canonical)),
        "language": fields.get("language") or (profile.language_for(response.url) if profile else None),
        "content_hash": content_hash(fields.get("title"), fields.get("body")),
        "discovered_via": response.meta.get("discovered_via"),
    })  # type: ignore[return-value]


def telegram_post_item(post: dict[str, Any], crawler: Crawler, discovered_via: DiscoveredVia | None = None) -> TelegramPost:
    """The record of a parsed post (``crawler.extract.telegram``) for this run."""
    return make_record(TelegramPost, {
        **post,
        "crawl_id": crawl_id_of(crawler),
        "fetched_at": utc_now_iso(),
        "discovered_via": discovered_via,
    })  # type: ignore[return-value]
