"""Structured metadata of a page: JSON-LD (incl. ``@graph``), OpenGraph and ``<meta>`` tags."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from parsel import Selector

ARTICLE_TYPES = frozenset({
    "Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle",
    "OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle", "BlogPosting",
    "LiveBlogPosting", "SatiricalArticle", "Report", "ScholarlyArticle", "TechArticle",
})
_JSON_COMMENT = re.compile(r"^\s*(<!--|//<!\[CDATA\[)|(-->|//\]\]>)\s*$", re.MULTILINE)


@dataclass
class PageMetadata:
    """What a page says about itself in machine-readable form."""

    jsonld_articles: list[dict[str, Any]] = field(default_factory=list)
    meta: dict[str, list[str]] = field(default_factory=dict)
    canonical: str | None = None
    html_lang: str | None = None
    jsonld_types: frozenset[str] = frozenset()  # @types at the top of the JSON-LD (incl. @graph), not nested

    def first(self, *names: str) -> str | None:
        """The first non-empty ``<meta>`` value among ``names`` (in that order)."""
        for name in names:
            for value in self.meta.get(name, []):
                if value.strip():
                    return value.strip()
        return None

    def all(self, name: str) -> list[str]:
        return [value.strip() for value in self.meta.get(name, []) if value.strip()]

    @property
    def article(self) -> dict[str, Any]:
        """The main JSON-LD article node (the one with the longest body), or {}."""
        if not self.jsonld_articles:
            return {}
        return max(self.jsonld_articles, key=lambda node: len(str(node.get("articleBody") or "")))


def _types_of(node: dict[str, Any]) -> set[str]:
    raw = node.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return {str(value).rsplit("/", 1)[-1] for value in values if value}


def _walk_nodes(data: Any) -> list[dict[str, Any]]:
    """Every dict node of a JSON-LD document, following lists, @graph and mainEntity."""
    found: list[dict[str, Any]] = []
    stack = [data]
    while stack:
        current = stack.pop()
        if isinstance(current, list):
            stack.extend(reversed(current))
        elif isinstance(current, dict):
            found.append(current)
            for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
                if isinstance(current.get(key), (list, dict)):
                    stack.append(current[key])
    return found


def parse_jsonld(texts: list[str], top_types: set[str] | None = None) -> list[dict[str, Any]]:
    """Article nodes of the page's JSON-LD blocks; broken blocks are skipped. ``top_types``
    collects the ``@type`` names of the top-level nodes (and ``@graph`` members)."""
    articles = []
    for text in texts:
        try:
            data = json.loads(_JSON_COMMENT.sub("", text), strict=False)
        except (ValueError, RecursionError):
            continue
        articles.extend(node for node in _walk_nodes(data) if _types_of(node) & ARTICLE_TYPES)
        if top_types is not None:
            top_types.update(_top_types(data))
    return articles


def _top_types(data: Any) -> set[str]:
    nodes = list(data) if isinstance(data, list) else [data]
    for node in list(nodes):
        if isinstance(node, dict) and isinstance(node.get("@graph"), list):
            nodes.extend(node["@graph"])
    types: set[str] = set()
    for node in nodes:
        if isinstance(node, dict):
            raw = node.get("@type")
            types.update(value.rsplit("/", 1)[-1] for value in (raw if isinstance(raw, list) else [raw])
                         if isinstance(value, str))
    return types


def read_metadata(selector: Selector) -> PageMetadata:
    """Collect JSON-LD article nodes, meta tags (by name, property and itemprop) and links."""
    meta: dict[str, list[str]] = {}
    # Attributes are read one by one (element.get): ``Selector.attrib`` reads them all and
    # raises on names lxml cannot map, like the ``{{vue}}`` of an unrendered template.
    for node in selector.xpath("//meta[@content]"):
        element = node.root
        key = element.get("property") or element.get("name") or element.get("itemprop")
        if key:
            meta.setdefault(key.strip().lower(), []).append(element.get("content", ""))
    for node in selector.xpath("//*[@itemprop][not(self::meta)]"):
        element = node.root
        key = "itemprop:" + element.get("itemprop", "").strip().lower()
        value = element.get("datetime") or element.get("content")
        if value:
            meta.setdefault(key, []).append(value)
    jsonld_texts = selector.xpath(
        '//script[contains(translate(@type, "LDJSON", "ldjson"), "ld+json")]/text()'
    ).getall()
    top_types: set[str] = set()
    return PageMetadata(
        jsonld_articles=parse_jsonld(jsonld_texts, top_types),
        jsonld_types=frozenset(top_types),
        meta=meta,
        canonical=selector.xpath('//link[@rel="canonical"]/@href').get(),
        html_lang=selector.xpath("/html/@lang").get() or selector.xpath("/html/@xml:lang").get(),
    )


def jsonld_text_values(value: Any, key: str = "name") -> list[str]:
    """Strings inside a JSON-LD value that may be a string, a node, or a list of either."""
    items = value if isinstance(value, list) else [value]
    texts = []
    for item in items:
        if isinstance(item, str):
            texts.append(item)
        elif isinstance(item, dict) and isinstance(item.get(key), str):
            texts.append(item[key])
    return [text.strip() for text in texts if text and text.strip()]
