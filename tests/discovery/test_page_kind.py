"""Article pages versus listing, tag, author, search and section pages."""

from __future__ import annotations

import json
import re

import pytest
from parsel import Selector

from crawler.extract.metadata import read_metadata
from crawler.extract.page_kind import (
    PageHints,
    is_article_page,
    listing_url_kind,
    looks_like_article_url,
    looks_like_listing,
    read_page_hints,
)

URL = "https://outlet.example/news/12345-minister-resigns"


@pytest.mark.parametrize(("url", "kind"), [
    ("https://outlet.example/tag/kyiv/", "tag"),
    ("https://outlet.example/ru/tags/kyiv", "tag"),
    ("https://outlet.example/tag/kyiv/page/3/", "tag"),
    ("https://outlet.example/author/anna-marchenko/", "author"),
    ("https://outlet.example/category/politics/", "category"),
    ("https://outlet.example/search?q=kyiv", "search"),
    ("https://outlet.example/search/kyiv/", "search"),
    ("https://outlet.example/?s=kyiv", "search"),
    ("https://outlet.example/news/page/2/", "page"),
    ("https://outlet.example/news/?page=2", "page"),
    ("https://outlet.example/news/?PAGEN_1=4", "page"),
    ("https://outlet.example/feed/", "feed"),
    ("https://spzh.news/ru/tag/tihikos/rss", "feed"),
    ("https://outlet.example/sitemap.xml", "feed"),
    ("https://outlet.example/news/12345-minister-resigns", None),
    ("https://outlet.example/news/12345-minister-resigns?utm_source=tg", None),
    ("https://tass.ru/politika/12345678", None),
    ("https://outlet.example/?p=123", None),  # a WordPress post id, not a page number
    ("https://outlet.example/topics/war/2026/11/12345-long-read", None),
    ("https://outlet.example/", None),
])
def test_listing_url_kind(url, kind):
    assert listing_url_kind(url) == kind


@pytest.mark.parametrize(("url", "expected"), [
    ("https://outlet.example/news/12345-minister-resigns", True),
    ("https://tass.ru/politika/12345678", True),
    ("https://outlet.example/2026/11/20/council-approves-the-budget/", True),
    ("https://strana.news/news/467890-zelenskij.html", True),
    ("https://outlet.example/news/", False),
    ("https://outlet.example/about.html", False),
    ("https://outlet.example/tag/very-long-tag-name-here/", False),
    ("https://outlet.example/politics", False),
])
def test_looks_like_article_url(url, expected):
    assert looks_like_article_url(url) is expected


def test_article_url_pattern_decides_when_given():
    pattern = re.compile(r"/news/\d+-")
    assert looks_like_article_url("https://outlet.example/news/1-a", pattern)
    assert not looks_like_article_url("https://outlet.example/2026/11/20/long-slug-of-words/", pattern)


def page(head: str = "", main: str = "", jsonld: object | None = None) -> Selector:
    script = f'<script type="application/ld+json">{json.dumps(jsonld)}</script>' if jsonld is not None else ""
    nav = "".join(f'<a href="/news/{90000 + i}-menu-link-{i}">Menu link {i}</a>' for i in range(20))
    return Selector(text=f"<html><head>{head}{script}</head><body><nav>{nav}</nav><main>{main}</main>"
                         "<footer><a href='/about'>About</a></footer></body></html>")


BODY = "".join(f"<p>{'Long paragraph of the article text, with real sentences in it. ' * 5}</p>" for _ in range(4))
TEASERS = "".join(f'<h2><a href="/news/{1000 + i}-story-number-{i}">Story number {i} of the day</a></h2>' for i in range(12))
OG_ARTICLE = '<meta property="og:type" content="article">'
OG_WEBSITE = '<meta property="og:type" content="website">'


def kind_of(selector: Selector, url: str = URL, pattern: re.Pattern[str] | None = None) -> bool:
    metadata = read_metadata(selector)
    return is_article_page(metadata, url, pattern, read_page_hints(selector, url, pattern))


def test_a_real_article_with_related_links_is_an_article():
    related = "".join(f'<li><a href="/news/{2000 + i}-related-{i}">Related {i}</a></li>' for i in range(4))
    selector = page(OG_ARTICLE, f"<article><h1>Minister resigns</h1>{BODY}<ul class='related'>{related}</ul></article>")
    assert kind_of(selector)
    hints = read_page_hints(selector, URL)
    assert hints.article_links == 4  # the 20 menu links are in <nav>: not counted
    assert hints.link_density < 0.2


def test_a_list_with_og_type_article_is_a_listing():
    assert not kind_of(page(OG_ARTICLE, f"<h1>World</h1>{TEASERS}"), "https://outlet.example/world/")


def test_a_list_with_a_generic_newsarticle_jsonld_is_a_listing():
    generic = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Outlet: latest news"}
    assert not kind_of(page("", f"<h1>Latest</h1>{TEASERS}", generic), "https://outlet.example/latest")


def test_og_type_website_with_many_article_links_is_a_listing_even_with_summaries():
    teasers = "".join(f'<div><a href="/news/{1000 + i}-story-{i}">Story {i}</a><p>{"A summary of the story. " * 4}</p></div>'
                      for i in range(10))
    selector = page(OG_WEBSITE, teasers, {"@type": "NewsArticle", "headline": "Front page"})
    hints = read_page_hints(selector, "https://outlet.example/")
    assert hints.article_links == 10 and hints.link_density < 0.5
    assert not kind_of(selector, "https://outlet.example/")


def test_collection_markup_says_listing():
    for jsonld in (
        {"@context": "https://schema.org", "@type": "CollectionPage", "name": "Politics"},
        {"@context": "https://schema.org", "@graph": [{"@type": "WebSite"}, {"@type": "ItemList", "itemListElement": []}]},
        [{"@type": "SearchResultsPage"}, {"@type": "NewsArticle", "headline": "x"}],
        {"@type": "ItemList", "itemListElement": [
            {"@type": "ListItem", "item": {"@type": "NewsArticle", "headline": f"Story {i}", "url": f"/news/{i}"}}
            for i in range(5)]},
    ):
        selector = page(OG_ARTICLE, "<h1>Politics</h1><p>Short intro.</p>", jsonld)
        assert not kind_of(selector, "https://outlet.example/politics"), jsonld


def test_breadcrumbs_are_not_a_collection():
    jsonld = [{"@type": "NewsArticle", "headline": "Minister resigns"},
              {"@type": "BreadcrumbList", "itemListElement": [{"@type": "ListItem", "position": 1, "name": "News"}]}]
    assert kind_of(page("", f"<h1>Minister resigns</h1>{BODY}", jsonld))


def test_an_article_body_in_jsonld_outweighs_list_markup():
    jsonld = [{"@type": "NewsArticle", "headline": "Ten things", "articleBody": "Full text " * 50},
              {"@type": "ItemList", "itemListElement": []}]
    assert kind_of(page(OG_ARTICLE, f"<h1>Ten things</h1>{TEASERS}", jsonld))


def test_listing_urls_are_not_articles_unless_the_outlet_pattern_says_so():
    selector = page(OG_ARTICLE, f"<h1>Kyiv</h1>{BODY}", {"@type": "NewsArticle", "headline": "Kyiv"})
    assert not kind_of(selector, "https://outlet.example/tag/kyiv/")
    assert not kind_of(selector, "https://outlet.example/author/anna/")
    assert not kind_of(selector, "https://outlet.example/search?q=kyiv")
    assert kind_of(selector, "https://outlet.example/topic/kyiv/12345-story", re.compile(r"/\d+-"))
    assert kind_of(selector, "https://outlet.example/tag/12345-story", re.compile(r"/\d+-"))


def test_the_outlet_pattern_is_overruled_only_by_explicit_collection_markup():
    pattern = re.compile(r"/news/")
    assert kind_of(page("", f"<h1>Short</h1>{TEASERS}"), "https://outlet.example/news/1-short", pattern)
    collection = page("", TEASERS, {"@type": "CollectionPage"})
    assert not kind_of(collection, "https://outlet.example/news/", pattern)


def test_plain_pages_keep_the_old_rules():
    assert kind_of(page(OG_ARTICLE, BODY))
    assert not kind_of(page("", BODY))
    assert kind_of(page("", BODY), URL, re.compile(r"/news/\d+-"))
    metadata = read_metadata(page(OG_ARTICLE, BODY))
    assert is_article_page(metadata, URL)  # hints are optional


def test_looks_like_listing_thresholds():
    metadata = read_metadata(page(OG_ARTICLE))
    assert not looks_like_listing(metadata, PageHints(article_links=7, text_chars=100, link_chars=90))
    assert looks_like_listing(metadata, PageHints(article_links=8, text_chars=100, link_chars=60))
    assert not looks_like_listing(metadata, PageHints(article_links=20, text_chars=1000, link_chars=300))
