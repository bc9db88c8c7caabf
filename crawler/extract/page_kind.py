"""Is a page an article, or a listing/tag/author/search page that only leads to articles?

Two kinds of evidence, both read by pure functions:

- the URL: ``/tag/x/``, ``/author/x/``, ``/category/x/``, ``/search``, ``/page/3/``,
  ``?page=3``, feeds (``listing_url_kind``);
- the markup: a JSON-LD ``CollectionPage``/``ItemList``/``SearchResultsPage``, several
  JSON-LD articles on one page, or a page full of article links with little text of its
  own (``PageHints``, read once from the page by ``read_page_hints``).

A page that says it is an article (JSON-LD article, ``og:type=article``, the outlet's URL
pattern) is one unless the evidence clearly says it is a list.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from lxml import etree
from parsel import Selector

from crawler.extract.metadata import PageMetadata
from crawler.urls import absolute_url, host_of, registered_domain

# Path segments that start a listing when at most one more segment follows (/tag/kyiv/).
_LISTING_SEGMENTS = {
    "tag": "tag", "tags": "tag", "topic": "tag", "topics": "tag", "theme": "tag", "themes": "tag",
    "author": "author", "authors": "author", "avtor": "author", "autor": "author",
    "category": "category", "categories": "category", "rubric": "category", "rubrika": "category",
}
_SEARCH_SEGMENTS = frozenset({"search", "poisk", "poshuk", "suche", "find"})
_FEED_SEGMENTS = frozenset({"feed", "feeds", "rss", "atom", "rss.xml", "atom.xml", "feed.xml"})
_FEED_SUFFIXES = (".rss", ".atom", ".xml", ".xml.gz")
_PAGE_QUERY = re.compile(r"^(?:page|paged|pagen_\d+|pg)$", re.IGNORECASE)
_SEARCH_QUERY = frozenset({"q", "s", "query", "search", "text"})
_ID = re.compile(r"\d{4,}")
_SLUG_WORD = re.compile(r"[^\W_]+")
_JSON_WRAPPERS = re.compile(r"^\s*(<!--|//<!\[CDATA\[)|(-->|//\]\]>)\s*$", re.MULTILINE)

COLLECTION_TYPES = frozenset({"CollectionPage", "ItemList", "SearchResultsPage", "ProfilePage", "OfferCatalog"})
MANY_ARTICLE_LINKS = 8  # a list shows at least this many article links ...
LIST_LINK_DENSITY = 0.5  # ... and most of its main text is link text


def listing_url_kind(url: str) -> str | None:
    """``tag``, ``author``, ``category``, ``search``, ``page`` or ``feed`` when the URL says so."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    segments = [segment.lower() for segment in parts.path.split("/") if segment]
    query = [(key.lower(), value) for key, value in parse_qsl(parts.query, keep_blank_values=True)]
    if any(segment in _FEED_SEGMENTS for segment in segments) or parts.path.lower().endswith(_FEED_SUFFIXES):
        return "feed"
    if any(segment in _SEARCH_SEGMENTS for segment in segments) or any(key in _SEARCH_QUERY for key, _ in query):
        return "search"
    for index, segment in enumerate(segments):
        rest = segments[index + 1:]
        if segment == "page" and rest and rest[0].isdigit():
            return "page"
        kind = _LISTING_SEGMENTS.get(segment)
        if kind and len(rest) <= 1:
            return kind
        if kind and len(rest) >= 2 and rest[1] in ("page", "feed", "rss"):
            return kind
    if any(_PAGE_QUERY.match(key) and value.isdigit() for key, value in query):
        return "page"
    return None


def is_listing_url(url: str) -> bool:
    return listing_url_kind(url) is not None


def looks_like_article_url(url: str, url_pattern: re.Pattern[str] | None = None) -> bool:
    """An article URL by the outlet's pattern, or (without one) by shape: an id or a long slug."""
    if url_pattern is not None:
        return bool(url_pattern.search(url))
    if is_listing_url(url):
        return False
    try:
        path = urlsplit(url).path
    except ValueError:
        return False
    last = next((segment for segment in reversed(path.split("/")) if segment), "")
    stem = re.sub(r"\.s?html?$", "", last, flags=re.IGNORECASE)
    return bool(_ID.search(stem)) or len(_SLUG_WORD.findall(stem)) >= 4


@dataclass(frozen=True)
class PageHints:
    """Markup evidence for "this page is a list", read by ``read_page_hints``."""

    jsonld_types: frozenset[str] = frozenset()
    article_links: int = 0  # distinct same-site article URLs linked from the main content
    text_chars: int = 0  # visible text of the main content
    link_chars: int = 0  # of which inside links

    @property
    def link_density(self) -> float:
        return self.link_chars / self.text_chars if self.text_chars else 0.0


def _jsonld_types(texts: list[str]) -> frozenset[str]:
    """Every ``@type`` at the top of the page's JSON-LD (incl. ``@graph``), without nested nodes."""
    types: set[str] = set()
    for text in texts:
        try:
            data: Any = json.loads(_JSON_WRAPPERS.sub("", text), strict=False)
        except (ValueError, RecursionError):
            continue
        nodes = data if isinstance(data, list) else [data]
        for node in list(nodes):
            if isinstance(node, dict) and isinstance(node.get("@graph"), list):
                nodes.extend(node["@graph"])
        for node in nodes:
            if not isinstance(node, dict):
                continue
            raw = node.get("@type")
            for value in raw if isinstance(raw, list) else [raw]:
                if isinstance(value, str):
                    types.add(value.rsplit("/", 1)[-1])
    return frozenset(types)


_CONTENT_ROOT = "(//main | //*[@role='main'])[1]"
_OUTSIDE_CHROME = (
    "not(ancestor::nav or ancestor::header or ancestor::footer or ancestor::aside or "
    "ancestor::script or ancestor::style or ancestor::noscript or ancestor::form)"
)
_CONTENT_ROOT_XPATH = etree.XPath(_CONTENT_ROOT)
_BODY_XPATH = etree.XPath("//body")
_CONTENT_HREFS = etree.XPath(f".//a[@href][{_OUTSIDE_CHROME}]/@href", smart_strings=False)
_CONTENT_TEXTS = etree.XPath(f".//text()[{_OUTSIDE_CHROME}]", smart_strings=False)
_CONTENT_LINK_TEXTS = etree.XPath(f".//a//text()[{_OUTSIDE_CHROME}]", smart_strings=False)


def read_page_hints(selector: Selector, url: str, url_pattern: re.Pattern[str] | None = None,
                    metadata: PageMetadata | None = None) -> PageHints:
    """Read the markup evidence of one page (its main content when marked, else its body).

    ``metadata``: the page's ``read_metadata``, when already read (its JSON-LD is not parsed again)."""
    if metadata is not None:
        jsonld_types = metadata.jsonld_types
    else:
        jsonld_types = _jsonld_types(selector.xpath(
            '//script[contains(translate(@type, "LDJSON", "ldjson"), "ld+json")]/text()').getall())
    document = selector.root
    if isinstance(document, etree._Element):  # compiled, on the lxml tree: no Selector per result
        element = (_CONTENT_ROOT_XPATH(document) or _BODY_XPATH(document) or [document])[0]
        hrefs, texts, link_texts = _CONTENT_HREFS(element), _CONTENT_TEXTS(element), _CONTENT_LINK_TEXTS(element)
    else:
        root = (selector.xpath(_CONTENT_ROOT) or selector.xpath("//body") or [selector])[0]
        hrefs = root.xpath(f".//a[@href][{_OUTSIDE_CHROME}]/@href").getall()
        texts = root.xpath(f".//text()[{_OUTSIDE_CHROME}]").getall()
        link_texts = root.xpath(f".//a//text()[{_OUTSIDE_CHROME}]").getall()
    site = registered_domain(host_of(url))
    article_urls: dict[str, None] = {}
    for href in hrefs:
        link = absolute_url(href, url)
        if link and link != url and registered_domain(host_of(link)) == site and looks_like_article_url(link, url_pattern):
            article_urls.setdefault(link.split("#", 1)[0], None)
    text = "".join(texts)
    link_text = "".join(link_texts)
    return PageHints(
        jsonld_types=jsonld_types,
        article_links=len(article_urls),
        text_chars=len("".join(text.split())),
        link_chars=len("".join(link_text.split())),
    )


def _has_article_body(metadata: PageMetadata) -> bool:
    return any(isinstance(node.get("articleBody"), str) and node["articleBody"].strip()
               for node in metadata.jsonld_articles)


def _distinct_jsonld_articles(metadata: PageMetadata) -> int:
    keys = {str(node.get("url") or node.get("@id") or node.get("headline") or id(node)) for node in metadata.jsonld_articles}
    return len(keys)


def declares_collection(metadata: PageMetadata, hints: PageHints) -> bool:
    """JSON-LD says "collection": a CollectionPage/ItemList/... or several article nodes.

    A JSON-LD article with a real ``articleBody`` outweighs it.
    """
    if _has_article_body(metadata):
        return False
    return bool(hints.jsonld_types & COLLECTION_TYPES) or _distinct_jsonld_articles(metadata) >= 3


def looks_like_listing(metadata: PageMetadata, hints: PageHints) -> bool:
    """The markup clearly says "list of articles", whatever ``og:type`` claims: collection
    JSON-LD, or many article links with ``og:type=website`` or little text besides them.
    """
    if _has_article_body(metadata):
        return False
    if declares_collection(metadata, hints):
        return True
    if hints.article_links < MANY_ARTICLE_LINKS:
        return False
    og_type = (metadata.first("og:type") or "").lower()
    return og_type == "website" or hints.link_density >= LIST_LINK_DENSITY


def is_article_page(
    metadata: PageMetadata,
    url: str,
    url_pattern: re.Pattern[str] | None = None,
    hints: PageHints | None = None,
) -> bool:
    """An article page by JSON-LD type, ``og:type=article``, or the outlet's article URL pattern,
    unless its URL (when the pattern does not vouch for it) or its markup say it is a list.
    """
    pattern_match = bool(url_pattern and url_pattern.search(url))
    if hints is not None:
        # The outlet's pattern vouches for the URL: only explicit collection markup overrules it.
        says_list = declares_collection(metadata, hints) if pattern_match else looks_like_listing(metadata, hints)
        if says_list:
            return False
    if not pattern_match and is_listing_url(url):
        return False
    if metadata.jsonld_articles:
        return True
    if (metadata.first("og:type") or "").lower() == "article":
        return True
    return pattern_match
