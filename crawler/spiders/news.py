"""The ``news`` spider: discovery and link following only; extraction lives in ``crawler.extract``.

    scrapy crawl news -a urls=https://spzh.news/en/,https://example.org/news/
    scrapy crawl news -a urls=... -a article_pattern='/news/\\d+'
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import Response, TextResponse

from crawler.extract import extract_from_selector, is_article_page
from crawler.extract.dates import get_timezone, utc_now_iso
from crawler.extract.metadata import read_metadata
from crawler.items import Article, article_id, content_hash, make_record
from crawler.run import crawl_id_of
from crawler.urls import absolute_url, host_of, registered_domain

_SKIPPED_EXTENSIONS = re.compile(
    r"\.(?:jpe?g|png|gif|webp|svg|ico|bmp|tiff?|pdf|zip|gz|rar|7z|mp[34]|m4a|avi|mov|webm|"
    r"ogg|wav|flac|docx?|xlsx?|pptx?|css|js|woff2?|ttf|eot|exe|dmg|apk|iso)$",
    re.IGNORECASE,
)


def split_arg(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


class NewsSpider(scrapy.Spider):
    name = "news"

    def __init__(self, urls: str | None = None, article_pattern: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_urls = [url for url in (absolute_url(raw) for raw in split_arg(urls)) if url]
        if not self.start_urls:
            raise ValueError("news spider needs -a urls=<comma-separated start URLs>")
        self.article_pattern = re.compile(article_pattern) if article_pattern else None
        self.site_domains = sorted({registered_domain(host_of(url)) for url in self.start_urls})
        self.allowed_domains = list(self.site_domains)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.start_urls:
            yield scrapy.Request(url, callback=self.parse, meta={"discovered_via": {"kind": "seed", "from_url": None}})

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("news/skipped/not_text")
            return
        metadata = read_metadata(response.selector)
        if is_article_page(metadata, response.url, self.article_pattern):
            try:
                yield self.article(response, metadata)
            except Exception as error:  # one bad page must not stop link following or the crawl
                self.crawler.stats.inc_value(f"news/extract_failed/{type(error).__name__}")
                self.logger.error("Extraction failed on %s: %r", response.url, error, exc_info=True)
        yield from self.follow_links(response)

    def article(self, response: TextResponse, metadata: Any) -> Article:
        tz = get_timezone(self.crawler.settings.get("DEFAULT_TIMEZONE"))
        fields = extract_from_selector(response.selector, response.url, metadata=metadata, default_tz=tz)
        canonical = fields.get("canonical_url") or response.url
        self.crawler.stats.inc_value("news/articles_extracted")
        return make_record(Article, {
            **fields,
            "id": article_id(canonical),
            "crawl_id": crawl_id_of(self.crawler),
            "fetched_at": utc_now_iso(),
            "outlet": registered_domain(host_of(canonical)),
            "content_hash": content_hash(fields.get("title"), fields.get("body")),
            "discovered_via": response.meta.get("discovered_via"),
        })

    def follow_links(self, response: TextResponse) -> Iterator[scrapy.Request]:
        """Links to pages of the start sites; the dupefilter drops the ones already seen."""
        seen: set[str] = set()
        for href in response.xpath("//a[@href]/@href").getall():
            url = absolute_url(href, response.url)
            if not url or url in seen or _SKIPPED_EXTENSIONS.search(url.split("?", 1)[0]):
                continue
            seen.add(url)
            if registered_domain(host_of(url)) not in self.site_domains:
                continue
            yield scrapy.Request(
                url,
                callback=self.parse,
                meta={"discovered_via": {"kind": "link", "from_url": response.url}},
            )
