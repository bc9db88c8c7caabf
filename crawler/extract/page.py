"""One fetched HTML page read in one pass: is it an article, its fields, and where it leads.

The news spider's page work as a pure function (HTML and URL in, a ``PageReading`` out), so
that it can run in the crawl process or in a worker process (``crawler.extract.pool``) and
give the same result either way. The page is parsed once; its structured metadata is read
once and shared by the page-kind decision and the extraction.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timezone, tzinfo
from typing import Any

from lxml import etree
from parsel import Selector
from w3lib.html import get_base_url

from crawler.discovery.listing import feed_links, listing_pages, newest_listing_date
from crawler.extract.dates import format_datetime
from crawler.extract.article import extract_from_selector
from crawler.extract.metadata import PageMetadata, read_metadata
from crawler.extract.not_article import page_problem
from crawler.extract.page_kind import declares_collection, is_article_page, read_page_hints
from crawler.outlets.profile import OutletProfile
from crawler.urls import absolute_url

_HREFS = etree.XPath("//a[@href]/@href", smart_strings=False)
LISTING_MIN_ARTICLE_LINKS = 3  # a non-article page linking this many articles is a listing

Extractor = Callable[[Selector, str, PageMetadata, tzinfo, "OutletProfile | None"], dict[str, Any]]


@dataclass
class PageReading:
    """What one page is and holds. Picklable: it travels back from extraction workers."""

    article: bool
    links: list[str] = field(default_factory=list)  # absolute http(s) URLs of its <a href>, each once, in page order
    fields: dict[str, Any] | None = None  # the Article fields (article pages that were extracted)
    error: str | None = None  # the exception class name when extraction failed
    error_detail: str | None = None  # its traceback
    pages: dict[str, int | None] = field(default_factory=dict)  # pagination links -> page number shown (non-article pages)
    feeds: list[str] = field(default_factory=list)  # feeds the page announces (when asked for)
    collection: bool = False  # many article links or collection markup: a listing
    newest_date: str | None = None  # the newest date a listing shows (ISO 8601), see newest_listing_date
    problem: str | None = None  # captcha or soft_404 (crawler.extract.not_article): nothing to read or follow


def default_extractor(selector: Selector, url: str, metadata: PageMetadata, tz: tzinfo,
                      profile: OutletProfile | None) -> dict[str, Any]:
    return extract_from_selector(selector, url, metadata=metadata, default_tz=tz, profile=profile)


def page_links(selector: Selector, url: str) -> list[str]:
    """Every link of the page as an absolute http(s) URL, each once, in page order."""
    root = selector.root
    hrefs = _HREFS(root) if isinstance(root, etree._Element) else selector.xpath("//a[@href]/@href").getall()
    found: dict[str, None] = {}
    for href in hrefs:
        link = absolute_url(href, url)
        if link:
            found.setdefault(link, None)
    return list(found)


def read_page(
    selector: Selector,
    url: str,
    *,
    pattern: re.Pattern[str] | None = None,
    profile: OutletProfile | None = None,
    tz: tzinfo = timezone.utc,
    extract: bool = True,
    want_feeds: bool = False,
    extractor: Extractor | None = None,
) -> PageReading:
    """Read a parsed page. ``extract=False`` leaves an article's fields out (a spent budget);
    ``want_feeds`` also collects the feeds a non-article page announces. An exception of the
    extractor costs the fields only: it is reported in ``error``, the links are still read."""
    metadata = read_metadata(selector)
    hints = read_page_hints(selector, url, pattern, metadata)
    problem = page_problem(selector, hints)
    if problem:
        return PageReading(article=False, problem=problem)
    links = page_links(selector, url)
    if not is_article_page(metadata, url, pattern, hints):
        newest = newest_listing_date(selector, links, tz)
        return PageReading(
            article=False,
            links=links,
            newest_date=format_datetime(newest) if newest else None,
            pages=listing_pages(selector, url),
            feeds=feed_links(selector, url) if want_feeds else [],
            collection=hints.article_links >= LISTING_MIN_ARTICLE_LINKS or declares_collection(metadata, hints),
        )
    reading = PageReading(article=True, links=links)
    if extract:
        try:
            reading.fields = (extractor or default_extractor)(selector, url, metadata, tz, profile)
        except Exception as error:  # one bad page must not stop link following or the crawl
            reading.error = type(error).__name__
            reading.error_detail = "".join(traceback.format_exception(error))
    return reading


def selector_for(html: str, url: str, kind: str = "html") -> Selector:
    """The page parsed as Scrapy parses a response (``<base href>`` honoured)."""
    return Selector(text=html, type=kind, base_url=get_base_url(html[:4096], url))


def read_html(html: str, url: str, kind: str = "html", **options: Any) -> PageReading:
    """``read_page`` on HTML text: what an extraction worker runs."""
    return read_page(selector_for(html, url, kind), url, **options)
