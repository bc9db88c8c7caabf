"""XML sitemaps (urlset), sitemap indexes and Google News sitemaps; sitemaps in robots.txt."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import timezone, tzinfo
from typing import TypedDict

from lxml import etree

from crawler.discovery.feeds import machine_date
from crawler.discovery.xmldoc import (
    DocumentKind,
    child_text,
    children_named,
    document_kind,
    load_xml,
)
from crawler.urls import absolute_url

logger = logging.getLogger(__name__)


class SitemapEntry(TypedDict):
    url: str
    lastmod: str | None  # ISO 8601 with offset
    news_publication_date: str | None
    news_title: str | None


class ChildSitemap(TypedDict):
    url: str
    lastmod: str | None


@dataclass
class Sitemap:
    """A parsed sitemap: page entries (urlset) or child sitemaps (index); ``kind`` None for garbage."""

    kind: DocumentKind | None = None
    entries: list[SitemapEntry] = field(default_factory=list)
    sitemaps: list[ChildSitemap] = field(default_factory=list)


def parse_sitemap(body: bytes, url: str, default_tz: tzinfo = timezone.utc) -> Sitemap:
    """Read a (possibly gzipped or broken) sitemap. Never raises.

    Namespaces are not checked (many sitemaps get them wrong); relative ``<loc>`` values are
    resolved against the sitemap URL; entries without a usable URL are dropped.
    """
    root = load_xml(body)
    if document_kind(root) not in ("urlset", "sitemapindex"):
        logger.warning("Not a sitemap: %s", url)
        return Sitemap()
    return sitemap_from_root(root, url, default_tz)


def sitemap_from_root(root: etree._Element, url: str, default_tz: tzinfo = timezone.utc) -> Sitemap:
    """The entries or child sitemaps of an already loaded sitemap document."""
    kind = document_kind(root)
    if kind not in ("urlset", "sitemapindex"):
        return Sitemap()
    result = Sitemap(kind=kind)
    seen: set[str] = set()
    for node in children_named(root, "sitemap" if kind == "sitemapindex" else "url"):
        loc = absolute_url(child_text(node, "loc"), url)
        if not loc or loc in seen:
            continue
        seen.add(loc)
        lastmod = machine_date(child_text(node, "lastmod"), default_tz)
        if kind == "sitemapindex":
            result.sitemaps.append({"url": loc, "lastmod": lastmod})
            continue
        news = next(iter(children_named(node, "news")), None)
        published = title = None
        if news is not None:  # <news:news> of a Google News sitemap
            published = machine_date(child_text(news, "publication_date"), default_tz)
            title = " ".join((child_text(news, "title") or "").split()) or None
        result.entries.append(
            {"url": loc, "lastmod": lastmod, "news_publication_date": published, "news_title": title}
        )
    return result


_SITEMAP_LINE = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


def sitemaps_from_robots(text: str, robots_url: str) -> list[str]:
    """``Sitemap:`` URLs of a robots.txt, in order, without duplicates."""
    found: dict[str, None] = {}
    for match in _SITEMAP_LINE.finditer(text):
        url = absolute_url(match.group(1).split("#", 1)[0], robots_url)
        if url:
            found.setdefault(url, None)
    return list(found)
