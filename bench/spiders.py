"""Baseline spiders for ``bench/crawl.py``, run with plain Scrapy settings (not the project's).

- ``BareSpider``: what a minimal Scrapy project does: a handful of parsel selectors per page
  and ``response.follow`` on every link (Scrapy's offsite filter and dupefilter sort them out).
- ``BareSeenSpider``: the same, skipping links it already followed before making Requests;
- ``TrafilaturaSpider``: the bare spider's link following, and ``trafilatura.extract`` on every page.

Both yield one dict per page, written by Scrapy's JSON lines feed exporter.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy.http import Response, TextResponse


class BareSpider(scrapy.Spider):
    name = "bench_bare"

    def __init__(self, start: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_urls = [start]
        self.allowed_domains = ["127.0.0.1"]

    def item(self, response: TextResponse) -> dict[str, Any]:
        return {
            "url": response.url,
            "title": response.css("h1::text").get(),
            "published": response.css("time::attr(datetime)").get(),
            "author": response.css(".article__author a::text").get(),
            "lead": response.css(".article__lead::text").get(),
            "body": "\n\n".join(response.css(".article__body p::text").getall()),
        }

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        if not isinstance(response, TextResponse):
            return
        yield self.item(response)
        for href in response.css("a::attr(href)").getall():
            if not href.startswith(("mailto:", "javascript:", "tel:")):  # response.follow raises on them
                yield response.follow(href, self.parse)


class BareSeenSpider(BareSpider):
    """The bare spider, but a link it already followed is skipped before a Request is made
    (what our spiders do): Scrapy's own ceiling on this site."""

    name = "bench_bare_seen"

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        if not isinstance(response, TextResponse):
            return
        seen = self.__dict__.setdefault("_seen", set())
        yield self.item(response)
        for href in response.css("a::attr(href)").getall():
            if href.startswith(("mailto:", "javascript:", "tel:")):
                continue
            url = response.urljoin(href)
            if url not in seen:
                seen.add(url)
                yield response.follow(url, self.parse)


class TrafilaturaSpider(BareSpider):
    name = "bench_trafilatura"

    def item(self, response: TextResponse) -> dict[str, Any]:
        from trafilatura import extract

        return {"url": response.url, "text": extract(response.text, url=response.url, include_comments=False,
                                                     include_tables=False)}
