"""What an HTML page offers for discovery: feeds it announces, its next listing pages and
how recent the newest story it lists is."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timezone, tzinfo

from lxml import etree
from parsel import Selector

from crawler.extract.dates import parse_datetime
from crawler.extract.visible_dates import date_from_url
from crawler.urls import absolute_url

FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})

# Link texts that mean "the next page of this list" in the languages we crawl.
_NEXT_TEXTS = frozenset({
    "next", "next page", "older", "older posts", "older entries", "more news", "load more",
    "далее", "дальше", "следующая", "следующая страница", "вперед", "вперёд", "ещё", "еще",
    "больше новостей", "показать еще", "показать ещё",
    "далі", "наступна", "наступна сторінка", "ще", "більше новин", "показати ще",
    "›", "»", "→", ">", ">>",
})
_ARROWS = "«»‹›←→<>|"
_PAGE_NUMBER = re.compile(r"^\d{1,4}$")
_PAGE_URL = re.compile(r"(?:/page/\d+/?$|[?&](?:page|paged|pagen_\d+)=\d+(?:&|$))", re.IGNORECASE)
_PAGINATION_CONTAINER = (
    "ancestor::*[contains(translate(@class, 'PAGINTOR', 'pagintor'), 'pagina') or "
    "contains(translate(@class, 'PAGER', 'pager'), 'pager') or "
    "contains(translate(@id, 'PAGINTOR', 'pagintor'), 'pagina') or "
    "contains(translate(@aria-label, 'PAGINTOR', 'pagintor'), 'pagina')]"
)


_TEXTS = etree.XPath(".//text()", smart_strings=False)
_LINKS = etree.XPath("//link[@href]")
_ANCHORS = etree.XPath("//a[@href]")
_IN_PAGINATION = etree.XPath(_PAGINATION_CONTAINER)
_TIME_VALUES = etree.XPath("//time/@datetime", smart_strings=False)


def _tokens(value: str | None) -> set[str]:
    return set((value or "").lower().split())


def feed_links(selector: Selector, base_url: str) -> list[str]:
    """Feeds a page announces with ``<link rel=alternate type=application/rss+xml|atom+xml>``.

    Comment feeds (WordPress puts one on every post) are left out.
    """
    found: dict[str, None] = {}
    for node in selector.xpath("//link[@href]"):
        attrs = node.root.attrib  # looked up by name: Selector.attrib raises on names like {{x}}
        if "alternate" not in _tokens(attrs.get("rel")):
            continue
        if (attrs.get("type") or "").split(";", 1)[0].strip().lower() not in FEED_TYPES:
            continue
        url = absolute_url(attrs["href"], base_url)
        if url and "comment" not in url.lower() and "comment" not in (attrs.get("title") or "").lower():
            found.setdefault(url, None)
    return list(found)


def _link_text(node: Selector | etree._Element) -> str:
    element = node.root if isinstance(node, Selector) else node
    text = " ".join(" ".join(_TEXTS(element)).split()).lower()
    label = (element.get("aria-label") or element.get("title") or "").strip().lower()
    return text or label


def pagination_links(selector: Selector, base_url: str) -> list[str]:
    """Further pages of a listing: ``rel=next``, "next"-like links and page numbers.

    Page-number links count only inside a pagination block or when their URL looks like a
    page URL (``/page/3/``, ``?page=3``), so that "5 comments" style links are not taken.
    """
    return list(listing_pages(selector, base_url))


def listing_pages(selector: Selector, base_url: str) -> dict[str, int | None]:
    """The links of :func:`pagination_links`, each with the page number its text shows
    (None for "next" links): how far into the listing a link leads."""
    found: dict[str, int | None] = {}

    def add(href: str | None, number: int | None = None) -> None:
        url = absolute_url(href, base_url)
        if url and url != base_url:
            found[url] = number or found.get(url)

    root = selector.root
    if isinstance(root, etree._Element):  # compiled, on the lxml tree: no Selector per link
        links, anchors = _LINKS(root), _ANCHORS(root)
    else:
        links = [node.root for node in selector.xpath("//link[@href]")]
        anchors = [node.root for node in selector.xpath("//a[@href]")]
    for node in links:
        if "next" in _tokens(node.get("rel")):
            add(node.get("href"))
    for node in anchors:
        href = node.get("href")
        if "next" in _tokens(node.get("rel")):
            add(href)
            continue
        text = _link_text(node)
        bare = text.strip(_ARROWS + " ").strip()
        is_next = text in _NEXT_TEXTS or bare in _NEXT_TEXTS
        is_page_number = bool(_PAGE_NUMBER.match(bare)) and bool(
            _IN_PAGINATION(node) or _PAGE_URL.search(absolute_url(href, base_url) or "")
        )
        if is_page_number:
            add(href, int(bare))
        elif is_next:
            add(href)
    return found


def newest_listing_date(selector: Selector, links: Iterable[str], tz: tzinfo = timezone.utc) -> datetime | None:
    """The newest date a listing page shows: its ``<time datetime>`` values and the dates in
    its links' URLs (``/2026/11/20/slug``); None when it shows none. The newest, so that an
    old "most read" box never makes a page of new stories look old."""
    root = selector.root
    values = _TIME_VALUES(root) if isinstance(root, etree._Element) else selector.xpath("//time/@datetime").getall()
    moments = [moment for moment in (parse_datetime(value, tz) for value in values[:200]) if moment]
    moments += [moment for moment in (date_from_url(url, tz) for url in links) if moment]
    return max(moments, default=None)
