"""RSS 2.0 / 0.9x, RSS 1.0 (RDF) and Atom feeds: the article entries they list."""

from __future__ import annotations

import html
import logging
from datetime import timezone, tzinfo
from typing import TypedDict

from lxml import etree

from crawler.discovery.xmldoc import (
    child_text,
    children_named,
    descendants_named,
    document_kind,
    load_xml,
)
from crawler.extract.dates import format_datetime, parse_datetime
from crawler.urls import absolute_url

logger = logging.getLogger(__name__)

_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"


class FeedEntry(TypedDict):
    url: str
    title: str | None
    published: str | None  # ISO 8601 with offset
    updated: str | None


def machine_date(value: str | None, default_tz: tzinfo = timezone.utc) -> str | None:
    """An RFC 822 or ISO 8601 date as ISO 8601 with offset; None when unreadable."""
    parsed = parse_datetime(value, default_tz) if value else None
    return format_datetime(parsed) if parsed else None


def _one_line(text: str | None) -> str | None:
    """One line of plain text; HTML entities left in (double-escaped or undefined in XML) decoded."""
    return (" ".join(html.unescape(text).split()) or None) if text else None


def _rss_link(item: etree._Element) -> str | None:
    link = child_text(item, "link")
    if link:
        return link
    for link_node in children_named(item, "link"):  # an atom:link inside an RSS item
        if link_node.get("href"):
            return link_node.get("href")
    for guid in children_named(item, "guid"):
        text = (guid.text or "").strip()
        if guid.get("isPermaLink", "true").lower() != "false" and text.startswith(("http://", "https://")):
            return text
    return None


def _atom_link(entry: etree._Element) -> str | None:
    """The entry's ``rel=alternate`` link (rel defaults to alternate), HTML preferred."""
    alternates = [
        node for node in children_named(entry, "link")
        if node.get("href") and node.get("rel", "alternate").lower() == "alternate"
    ]
    alternates.sort(key=lambda node: "html" not in (node.get("type") or "text/html"))
    return alternates[0].get("href") if alternates else None


def _base(element: etree._Element, url: str) -> str:
    """``xml:base`` of the element or its ancestors, resolved against the feed URL."""
    bases = [node.get(_XML_BASE) for node in reversed(list(element.iterancestors())) if node.get(_XML_BASE)]
    if element.get(_XML_BASE):
        bases.append(element.get(_XML_BASE))
    resolved = url
    for base in bases:
        resolved = absolute_url(base, resolved) or resolved
    return resolved


def entries_from_root(root: etree._Element, url: str, default_tz: tzinfo = timezone.utc) -> list[FeedEntry]:
    kind = document_kind(root)
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    if kind == "atom":
        nodes, link_of = descendants_named(root, "entry"), _atom_link
        published_names, updated_names = ("published", "issued", "created"), ("updated", "modified")
    elif kind in ("rss", "rdf"):
        nodes, link_of = descendants_named(root, "item"), _rss_link
        published_names, updated_names = ("pubdate", "date", "published", "issued"), ("updated", "modified")
    else:
        return []
    for node in nodes:
        entry_url = absolute_url(link_of(node), _base(node, url))
        if not entry_url or entry_url in seen:
            continue
        seen.add(entry_url)
        entries.append({
            "url": entry_url,
            "title": _one_line(child_text(node, "title")),
            "published": machine_date(child_text(node, *published_names), default_tz),
            "updated": machine_date(child_text(node, *updated_names), default_tz),
        })
    return entries


def parse_feed(body: bytes, url: str, default_tz: tzinfo = timezone.utc,
               fallback_encoding: str | None = None) -> list[FeedEntry]:
    """Entries of an RSS or Atom feed, in feed order; [] (and a warning) for anything else.

    Dates without an offset are read in ``default_tz``; relative links resolve against
    ``xml:base`` and the feed URL. Never raises.
    """
    root = load_xml(body, fallback_encoding)
    if document_kind(root) not in ("rss", "rdf", "atom"):
        logger.warning("Not a feed: %s", url)
        return []
    return entries_from_root(root, url, default_tz)
