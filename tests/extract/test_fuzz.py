"""Fuzzing (Hypothesis): every extraction function on random and mutated input never raises,
and what it yields, built into records the way the spiders build them and passed through the
normalize pipeline, always matches the shipped JSON Schemas.

Inputs: random HTML trees (real tag and class names, JSON-LD, OpenGraph, Telegram widget
markup), our fixture pages with random insertions, deletions, duplications and truncations,
text with right-to-left and zero-width characters, lone surrogates, NUL bytes and entities;
random and mutated feeds, sitemaps and robots.txt files. Deep nesting and huge text nodes
are fixed cases below (too slow to generate).

Profiles: ``fuzz`` (default: random, ~60 examples a test), ``fuzz-ci`` (the same, derandomized
so CI runs are reproducible; chosen when ``CI`` is set), ``fuzz-long`` (2,000 examples, for a
hunt: ``FUZZ_PROFILE=fuzz-long pytest tests/extract/test_fuzz.py``). No example database is
written (``database=None``): failures print their input; each crash found is kept as a
``test_regression_*`` test at the end. Hypothesis's own caches go to ``.pytest_cache/hypothesis``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import re
import tempfile
from datetime import UTC
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from parsel import Selector
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.canonical import canonical_url, same_site
from crawler.discovery.feeds import parse_feed
from crawler.discovery.listing import feed_links, newest_listing_date, pagination_links
from crawler.discovery.sitemaps import parse_sitemap, sitemaps_from_robots
from crawler.discovery.xmldoc import load_xml, sniff_kind
from crawler.encoding import decode_html
from crawler.extract.article import extract_article, extract_from_selector
from crawler.extract.authors import clean_author
from crawler.extract.channels import channel_username
from crawler.extract.dates import parse_datetime, to_iso8601
from crawler.extract.images import split_credit
from crawler.extract.metadata import read_metadata
from crawler.extract.not_article import (
    body_problem,
    is_paywall_stub,
    page_problem,
    paywall_prompt,
)
from crawler.extract.overrides import apply_overrides
from crawler.extract.page_kind import (
    is_article_page,
    listing_url_kind,
    looks_like_article_url,
    read_page_hints,
)
from crawler.extract.related import find_related
from crawler.extract.sources import credit_name, find_sources
from crawler.extract.telegram import (
    before_cursor,
    parse_count,
    parse_embed_page,
    parse_preview_page,
    parse_subscribers,
    telegram_post_ref,
)
from crawler.extract.title import clean_title
from crawler.extract.visible_dates import date_from_url, parse_visible_date
from crawler.items import Article, Record, TelegramChannel, make_record
from crawler.outlets.registry import registry
from crawler.schema import DATETIME_PATTERN, URL_PATTERN, load_schema
from crawler.spiders.news import NewsSpider
from crawler.spiders.records import telegram_post_item
from crawler.spiders.telegram import channel_name
from crawler.text import clean_line, clean_multiline
from crawler.urls import absolute_url, host_of, registered_domain
from pipelines.normalize import NormalizePipeline
from pipelines.validate import ValidatePipeline

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
# Hypothesis keeps caches (e.g. constants read from the code) in .hypothesis/ of the working
# directory; .pytest_cache is ignored by git already.
set_hypothesis_home_dir(str(Path(__file__).resolve().parents[2] / ".pytest_cache" / "hypothesis"))

settings.register_profile(
    "fuzz", max_examples=50, deadline=None, database=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
settings.register_profile("fuzz-ci", parent=settings.get_profile("fuzz"), derandomize=True)
settings.register_profile("fuzz-long", parent=settings.get_profile("fuzz"), max_examples=2000)
FUZZ = settings.get_profile(os.environ.get("FUZZ_PROFILE") or ("fuzz-ci" if os.environ.get("CI") else "fuzz"))
SMALL = settings(FUZZ, max_examples=max(20, FUZZ.max_examples // 3))  # for the slow, whole-page checks

URL_RE = re.compile(URL_PATTERN)
DATETIME_RE = re.compile(DATETIME_PATTERN)

# --- strategies ---

SPECIALS = [
    "\u202e", "\u202d", "\u200f", "\u200e", "\u2066", "\u2067", "\u2069", "\u061c",  # bidi controls
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad",  # zero-width
    "\x00", "\ud800", "\udfff", "\udc80abc",  # NUL, lone surrogates
    "\u2028", "\u2029", "\x85", "\r\n", "\r", "\n\n", "\t", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\x9b",
    "\ufffd", "\ufffe", "\uffff", "\U0010ffff", "\U000e0001",
    "&amp;", "&#0;", "&#xD800;", "&#x110000;", "&#9999999999;", "&nbsp;", "&lt;script&gt;", "&bogus;",
    "<", ">", "&", '"', "'", "]]>", "<!--", "-->", "<![CDATA[", "<?xml?>", "<!DOCTYPE x>",
    "e\u0301", "\u0301", "🇺🇦", "👨\u200d👩\u200d👧", "ﷺ", "ß", "İ", "ǅ", "Ⅻ", "٣", "שלום", "مرحبا",
    "Привет, мир", "Їжак і ґанок", "日本語", "2026-11-25T10:00:00+02:00", "2026-13-45T99:99:99+99:99",
    "6 января 2022, 19:15", "вчора о 18:05", "Jan 6, 2022", "0000-00-00", "9999-12-31T23:59:59-23:59",
    "https://t.me/stranaua/123", "t.me/s/durov/5", "@stranaua", "Telegram-канал «Политика Страны»",
    "по данным ТАСС", "Фото: tass.ru", "Photo: Reuters", "Читайте также", "Read also", "8.67M",
    "1 234 subscribers", "Subscribe to continue reading.", "Page not found", "Just a moment...",
    "Strana.news reports", "передає Укрінформ", "By Anna Petrenko", "Автор: Мария Соколова",
]
TAGS = [
    "div", "p", "span", "a", "article", "main", "section", "header", "footer", "nav", "aside", "h1", "h2",
    "h3", "ul", "ol", "li", "figure", "figcaption", "img", "time", "blockquote", "table", "tr", "td", "br",
    "strong", "em", "script", "style", "noscript", "form", "iframe", "meta", "link", "title", "i", "b",
    "template", "svg", "math", "select", "textarea", "video", "source", "picture", "body", "html", "head",
]
CLASSES = [
    "read-also", "related", "lead", "byline", "author", "article-body", "article__text", "caption", "credit",
    "share", "comments", "news-list", "pagination", "next", "paywall", "standfirst", "intro",
    "tgme_widget_message", "tgme_widget_message_text", "tgme_widget_message_photo_wrap",
    "tgme_widget_message_views", "tgme_widget_message_date", "tgme_widget_message_author",
    "tgme_widget_message_forwarded_from_name", "tgme_widget_message_reply", "tgme_widget_message_link_preview",
    "tgme_widget_message_video_player", "tgme_widget_message_roundvideo_player", "tgme_widget_message_sticker_wrap",
    "tgme_widget_message_poll", "tgme_widget_message_document_wrap", "tgme_widget_message_grouped_wrap",
    "tgme_widget_message_voice_player", "tgme_widget_message_location_wrap", "tgme_widget_message_meta",
    "tgme_widget_message_owner_name", "tgme_channel_info", "tgme_channel_info_header_title",
    "tgme_channel_info_header_username", "tgme_channel_info_description", "tgme_channel_info_counter",
    "counter_value", "counter_type", "tgme_page", "tgme_page_title", "tgme_page_extra", "tgme_page_description",
    "tme_messages_more", "service_message", "verified-icon", "js-message_text", "link_preview_title",
]
ATTRIBUTES = [
    "class", "id", "href", "src", "content", "property", "name", "itemprop", "datetime", "rel", "type", "style",
    "data-post", "data-before", "data-src", "lang", "dir", "srcset", "alt", "title", "itemscope", "itemtype",
    "charset", "http-equiv", "data-view", "data-telegram-post", "role", "hidden", "xml:lang", "xmlns",
]
VALUES = [
    "og:type", "article", "website", "og:title", "og:url", "og:image", "og:description", "og:site_name",
    "article:published_time", "article:modified_time", "article:tag", "article:section", "description",
    "author", "canonical", "alternate", "application/ld+json", "application/rss+xml", "main", "headline",
    "datePublished", "articleBody", "rtl", "ru", "uk", "en", "display:none", "stranaua/123", "durov/5", "123",
    "background-image:url('https://cdn4.telesco.pe/file/x.jpg')", "text/html; charset=koi8-r", "utf-16",
]
URLS = [
    "https://spzh.news/en/news/85419-police-department-in-almaty-stormed", "https://strana.news/news/1-x.html",
    "https://tass.ru/politika/123", "https://t.me/s/stranaua", "https://t.me/stranaua/123?embed=1",
    "/news/1-x", "//cdn.example/i.jpg", "javascript:alert(1)", "mailto:a@b.example", "data:text/html,x",
    "http://[::1]/", "http://%zz/", "http://xn--80ak6aa92e.com/", "https://ex.com/a b", "", "#", "?page=2",
    "https://user:pass@host:99999/", "http://[invalid", "\x00http://a", "https://spzh.news/ru/tag/x/",
    "HTTPS://EXAMPLE.COM:443/path/../x?utm_source=a&b=1#f", "http://127.0.0.1:0/", "file:///etc/passwd",
    "https://spzh.news/" + "a/" * 300, "http://ex.com/\u202e/evil", "https://пример.рф/новости/1-x",
]

texts = st.lists(st.one_of(st.text(max_size=12), st.sampled_from(SPECIALS)), max_size=6).map("".join)
urls = st.one_of(st.sampled_from(URLS), texts, st.builds(lambda a, b: a + b, st.sampled_from(URLS), texts))
page_urls = st.sampled_from([
    "https://spzh.news/en/news/85419-police-department-in-almaty-stormed", "https://example.org/news/2026/11/25/story",
    "https://strana.news/news/450000-slug.html", "https://t.me/s/stranaua", "http://127.0.0.1:8000/news/1-x",
])
attribute_values = st.one_of(st.sampled_from(VALUES), st.sampled_from(CLASSES), urls, texts)
JSONLD_KEYS = [
    "@type", "@context", "@graph", "@id", "headline", "articleBody", "datePublished", "dateModified", "author",
    "name", "url", "image", "publisher", "keywords", "articleSection", "isAccessibleForFree", "inLanguage",
    "description", "mainEntityOfPage", "mainEntity", "itemListElement", "hasPart", "cssSelector",
]
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), texts,
              st.sampled_from(["NewsArticle", "Article", "ItemList", "CollectionPage", "Person", "WebPage"])),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(JSONLD_KEYS), inner, max_size=6)),
    max_leaves=20,
)


def _json_text(value: Any, cut: int | None) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text[:cut] if cut is not None else text


jsonld = st.builds(lambda value, cut: f'<script type="application/ld+json">{_json_text(value, cut)}</script>',
                   json_values, st.none() | st.integers(0, 200))


def _render(tag: str, attributes: list[tuple[str, str]], children: list[str], close: bool) -> str:
    attrs = "".join(f' {name}="{value}"' for name, value in attributes)
    return f"<{tag}{attrs}>{''.join(children)}" + (f"</{tag}>" if close else "")


def _node(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(_render, st.sampled_from(TAGS), st.lists(st.tuples(st.sampled_from(ATTRIBUTES), attribute_values), max_size=4),
                     st.lists(children, max_size=5), st.booleans())


fragments = st.recursive(st.one_of(texts, jsonld), _node, max_leaves=16)
documents = st.one_of(
    fragments,
    st.builds(lambda head, body: f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>",
              st.lists(st.one_of(jsonld, _node(texts)), max_size=4).map("".join), fragments),
)


@cache
def _fixture_texts(*folders: str) -> tuple[str, ...]:
    """Our fixture pages as text (each decoded by its own rule), the seeds of mutation."""
    found = []
    for folder in folders:
        for path in sorted((FIXTURES / folder).rglob("*")):
            if path.is_file() and path.suffix in ("", ".html", ".xml", ".txt"):
                data = path.read_bytes()
                if not body_problem(data):
                    found.append(decode_html(data, None)[1])
    return tuple(found)


def _mutate(text: str, operations: list[tuple[int, float, float, str]]) -> str:
    """Insert, delete, duplicate and truncate at random places (fractions of the length)."""
    for kind, start, end, payload in operations:
        a = int(start * len(text))
        b = a + int(end * (len(text) - a))
        if kind == 0:
            text = text[:a] + payload + text[a:]
        elif kind == 1:
            text = text[:a] + text[b:]
        elif kind == 2:
            text = text[:b] + text[a:b] + text[b:]
        elif kind == 3:
            text = text[:b]
        else:
            text = text[:a] + payload + text[b:]
    return text


operations = st.lists(st.tuples(st.integers(0, 4), st.floats(0, 1), st.floats(0, 1),
                                st.one_of(texts, fragments, st.sampled_from(["<div>" * 50, "</div>" * 50, "<p>", "</html>"]))),
                      min_size=1, max_size=6)


def mutated(*folders: str) -> st.SearchStrategy[str]:
    return st.builds(_mutate, st.sampled_from(_fixture_texts(*folders)), operations)


html_inputs = st.one_of(documents, mutated("pages", "site", "discovery/news", "not_articles", "encodings"))
telegram_inputs = st.one_of(documents, mutated("telegram"))
xml_inputs = st.one_of(
    st.binary(max_size=300),
    mutated("discovery").map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.builds(lambda text, encoding: text.encode(encoding, "replace"),
              mutated("discovery"), st.sampled_from(["utf-8", "cp1251", "koi8-r", "utf-16", "latin-1"])),
)

# --- records, built as the spiders build them, then normalized and checked ---


@cache
def _crawler() -> Crawler:
    state = Path(tempfile.mkdtemp(prefix="fuzz-state-")) / "state.sqlite3"
    return get_crawler(NewsSpider, {"STATE_URI": str(state), "CRAWL_ID": "fuzz", "INCREMENTAL": False})


@cache
def _spider() -> NewsSpider:
    crawler = _crawler()
    spider = NewsSpider.from_crawler(crawler, urls="https://spzh.news/en/,https://example.org/,http://127.0.0.1:8000/",
                                     article_pattern=r"/news/\d+")
    crawler.spider = spider
    return spider


@cache
def _pipelines() -> tuple[NormalizePipeline, ValidatePipeline]:
    return NormalizePipeline.from_crawler(_crawler()), ValidatePipeline.from_crawler(_crawler())


@cache
def _full_validator(kind: str) -> Any:
    return fastjsonschema.compile(load_schema(kind))


def _placeholder(schema: dict[str, Any]) -> Any:
    if schema.get("type") == "integer":
        return 1
    return "https://placeholder.example/" if "pattern" in schema and "http" in schema["pattern"] else (
        "2026-01-01T00:00:00+00:00" if "pattern" in schema else "x")


def check_record(record: Record) -> None:
    """Normalized, the record is valid, or dropped by the validate pipeline only for an empty
    required field (a page with no title or body); everything else matches the schema exactly,
    and it serializes as UTF-8 JSON the way the store writes it."""
    normalize, validate = _pipelines()
    item = normalize.process_item(record)
    data = dataclasses.asdict(item)
    schema = load_schema(item.kind)
    required = {name: prop for name, prop in schema["properties"].items() if prop.get("minLength") or prop.get("minimum")}
    problem = validate.problem(item)
    if problem is not None:  # dropped: only ever for a required field left empty (None or "")
        field = problem[0].split("_", 1)[1]
        assert field in required and not data[field], problem
    for name, prop in required.items():
        if not data[name]:
            data[name] = _placeholder(prop)
    _full_validator(item.kind)(data)
    json.dumps(data, ensure_ascii=False).encode("utf-8")


def _response(html: str, url: str) -> HtmlResponse:
    """What the spider gets off the wire: bytes (lone surrogates become invalid UTF-8)."""
    request = Request(url, meta={"discovered_via": {"kind": "link", "from_url": "https://spzh.news/en/"}})
    return HtmlResponse(url, body=html.encode("utf-8", "surrogatepass"), request=request)


async def _collect(results: Any) -> list[Any]:
    return [result async for result in results]


def spider_items(html: str, url: str) -> list[Any]:
    """Everything the news spider's ``parse`` yields for the page, extraction failures asserted away."""
    spider = _spider()
    stats = spider.crawler.stats
    before = {key: value for key, value in stats.get_stats().items() if key.startswith("news/extract_failed/")}
    result = spider.parse(_response(html, url))
    items = asyncio.run(_collect(result)) if hasattr(result, "__aiter__") else list(result)
    after = {key: value for key, value in stats.get_stats().items() if key.startswith("news/extract_failed/")}
    assert after == before, f"extraction raised: {after}"
    return items


def check_article_page(html: str, url: str, direct: bool = True) -> None:
    """Through ``extract_article`` (the public, crawler-free API; ``direct``) and the spider."""
    if direct:
        fields = extract_article(html, url)
        canonical = fields.get("canonical_url") or url
        check_record(make_record(Article, {
            **fields, "id": "fuzz", "crawl_id": "fuzz", "fetched_at": "2026-11-25T00:00:00+00:00",
            "outlet": registered_domain(host_of(canonical)) or None, "discovered_via": {"kind": "link", "from_url": None},
        }))
    for item in spider_items(html, url):  # the spider's own path: response, page checks, record
        if isinstance(item, Record):
            check_record(item)


def check_telegram_page(html: str, url: str) -> None:
    crawler = _crawler()
    preview = parse_preview_page(html, url)
    assert preview["prev_url"] is None or URL_RE.match(preview["prev_url"])
    for post in preview["posts"]:
        check_record(telegram_post_item(post, crawler))
    header = preview["channel"]
    if header is not None:
        name = header.get("channel") or "fuzzchannel"
        check_record(make_record(TelegramChannel, {**header, "id": name, "channel": name, "crawl_id": "fuzz",
                                                   "fetched_at": "2026-11-25T00:00:00+00:00"}))
    post = parse_embed_page(html, url)
    if post is not None:
        check_record(telegram_post_item(post, crawler, {"kind": "telegram", "from_url": None}))
    for value in (html, html.encode("utf-8", "surrogatepass")):  # bytes in, too
        parse_preview_page(value, url)
        parse_embed_page(value, url)


def _is_url(value: Any) -> bool:
    return isinstance(value, str) and bool(URL_RE.match(value))


def _is_date(value: Any) -> bool:
    return value is None or (isinstance(value, str) and bool(DATETIME_RE.match(value)))


# --- the tests ---

@FUZZ
@given(html=documents, url=page_urls)
def test_article_extraction_on_random_html(html, url):
    check_article_page(html, url)


@SMALL
@given(html=mutated("pages", "site", "discovery/news", "not_articles", "encodings"), url=page_urls)
def test_article_extraction_on_mutated_fixture_pages(html, url):
    check_article_page(html, url)


@SMALL
@given(html=html_inputs, url=page_urls, outlet=st.sampled_from(["uoj", "strana", "tass"]))
def test_outlet_profile_selectors(html, url, outlet):
    profile = registry(()).get(outlet)
    fields = extract_from_selector(Selector(text=html.encode("utf-8", "replace").decode("utf-8")), url, profile=profile)
    check_record(make_record(Article, {**fields, "id": "fuzz", "crawl_id": "fuzz",
                                       "fetched_at": "2026-11-25T00:00:00+00:00"}))


@FUZZ
@given(html=telegram_inputs, url=st.sampled_from(["https://t.me/s/kyivwire", "https://t.me/kyivwire/23?embed=1",
                                                  "http://127.0.0.1:8000/s/fixturenews?before=4"]))
def test_telegram_pages(html, url):
    check_telegram_page(html, url)


@FUZZ
@given(value=st.one_of(texts, urls))
def test_small_parsers(value):
    count = parse_count(value)
    assert count is None or (isinstance(count, int) and count >= 0)
    subscribers = parse_subscribers(value)
    assert subscribers is None or subscribers >= 0
    ref = telegram_post_ref(value)
    assert ref is None or (isinstance(ref[0], str) and ref[1] >= 1)
    cursor = before_cursor(value)
    assert cursor is None or cursor >= 0
    channel_name(value)
    channel_username(value)
    listing_url_kind(value)
    looks_like_article_url(value)
    clean_author(value)
    clean_title(value)
    split_credit(value)
    credit_name(value)
    for cleaned in (clean_line(value),):
        assert cleaned is None or not re.search("[\n\r\u2028\u2029\x85\x00]", cleaned)
    multiline = clean_multiline(value)
    assert multiline is None or not re.search("[\r\u2028\u2029\x85\x00]|\n\n\n", multiline)


@FUZZ
@given(href=urls, base=st.one_of(st.none(), urls))
def test_url_helpers(href, base):
    url = absolute_url(href, base)
    assert url is None or _is_url(url)
    host_of(href)
    registered_domain(host_of(href))
    if url:
        canonical = canonical_url(url)
        assert isinstance(canonical, str)
        same_site(url, canonical)
        for profile in registry(()).all():
            canonical_url(url, profile)
            same_site(url, "https://spzh.news/en/", profile)


@FUZZ
@given(value=st.one_of(texts, st.sampled_from(SPECIALS)), url=urls)
def test_date_helpers(value, url):
    for parsed in (parse_datetime(value), parse_visible_date(value), date_from_url(url)):
        assert parsed is None or parsed.tzinfo is not None
    assert _is_date(to_iso8601(value))


@FUZZ
@given(body=st.one_of(texts, mutated("site", "pages").map(lambda html: html[:3000])),
       links=st.lists(st.fixed_dictionaries({"url": urls, "text": st.none() | texts}), max_size=5),
       images=st.lists(st.fixed_dictionaries({"url": urls, "caption": st.none() | texts, "credit": st.none() | texts}), max_size=3),
       language=st.sampled_from([None, "ru", "uk", "en", "xx"]), url=st.none() | urls)
def test_sources(body, links, images, language, url):
    sources = find_sources(body, links, images, language, url=url, own_domains=("spzh.news",), own_names=("СПЖ",))
    record = make_record(Article, {"id": "fuzz", "crawl_id": "fuzz", "fetched_at": "2026-11-25T00:00:00+00:00",
                                   "url": "https://spzh.news/news/1-x", "title": "T", "body": "B", "sources": sources})
    check_record(record)


@FUZZ
@given(html=html_inputs, url=page_urls)
def test_page_level_helpers(html, url):
    selector = Selector(text=html.encode("utf-8", "replace").decode("utf-8"))
    related = find_related(selector, url)
    assert all(_is_url(item["url"]) for item in related)
    assert all(_is_url(link) for link in feed_links(selector, url) + pagination_links(selector, url))
    newest = newest_listing_date(selector, [url], UTC)
    assert newest is None or newest.tzinfo is not None
    metadata = read_metadata(selector)
    hints = read_page_hints(selector, url, re.compile(r"/news/\d+"))
    is_article_page(metadata, url, re.compile(r"/news/\d+"), hints)
    assert page_problem(selector, hints) in (None, "captcha", "soft_404")
    paywall_prompt(selector)
    is_paywall_stub(html, None, True)


@FUZZ
@given(body=st.one_of(st.binary(max_size=400), html_inputs.map(lambda html: html.encode("utf-8", "surrogatepass"))),
       header=st.sampled_from([None, "utf-8", "windows-1251", "koi8-r", "utf-16", "utf-7", "bogus", "latin1"]))
def test_encoding_and_body_checks(body, header):
    encoding, text = decode_html(body, header)
    assert encoding and isinstance(text, str)
    text.encode("utf-8")  # no lone surrogates: the text can always be written out
    assert body_problem(body) in (None, "empty", "pdf", "image", "archive", "json", "binary")


@FUZZ
@given(body=xml_inputs, header=st.sampled_from([None, "utf-8", "windows-1251", "nonsense"]))
def test_feeds_and_sitemaps(body, header):
    sniff_kind(body)
    load_xml(body, header)
    for entry in parse_feed(body, "https://spzh.news/en/rss", fallback_encoding=header):
        assert _is_url(entry["url"]) and _is_date(entry["published"]) and _is_date(entry["updated"])
    sitemap = parse_sitemap(body, "https://spzh.news/sitemap.xml")
    for entry in sitemap.entries:
        assert _is_url(entry["url"]) and _is_date(entry["lastmod"]) and _is_date(entry["news_publication_date"])
    for child in sitemap.sitemaps:
        assert _is_url(child["url"]) and _is_date(child["lastmod"])


@FUZZ
@given(text=st.one_of(texts, mutated("discovery").map(lambda text: text[:2000])))
def test_robots_txt(text):
    for url in sitemaps_from_robots("Sitemap: " + text + "\nsitemap:" + text, "https://spzh.news/robots.txt"):
        assert _is_url(url)


# --- fixed cases too big to generate: deep nesting, huge nodes, many nodes ---

def _deep(depth: int, inner: str, tag: str = "div") -> str:
    return f"<{tag}>" * depth + inner + f"</{tag}>" * depth


STRESS = {
    "nested_divs_5000": "<html><body><article><h1>Deep</h1>" + _deep(5000, "<p>" + "Глубоко вложенный текст. " * 20 + "</p>")
                        + "</article></body></html>",
    "unclosed_divs_5000": "<html><body>" + "<div><p>x" * 5000,
    "nested_inline_3000": "<html><body><p>" + _deep(3000, "text", "b") + "</p></body></html>",
    "nested_lists_2000": "<html><body>" + _deep(2000, "<li>item</li>", "ul") + "</body></html>",
    "huge_text_node_5mb": "<html><head><title>Huge</title></head><body><article><h1>Huge</h1><p>"
                          + ("Огромный текстовый узел без конца. " * 150_000)[:5_000_000] + "</p></article></body></html>",
    "huge_word_no_spaces": "<html><body><article><h1>T</h1><p>" + "x" * 2_000_000 + "</p></article></body></html>",
    "many_paragraphs": "<html><body><article><h1>T</h1>" + "<p>Short paragraph of news text here.</p>" * 5000
                       + "</article></body></html>",
    "many_links": "<html><body><main>" + "".join(f'<a href="/news/{n}-x">Story {n}</a> ' for n in range(5000))
                  + "</main></body></html>",
    "deep_jsonld": '<html><head><script type="application/ld+json">' + '{"@graph": [' * 3000 + '{"@type": "NewsArticle"}'
                   + "]}" * 3000 + "</script></head><body><p>x</p></body></html>",
    "huge_attribute": '<html><body><a href="/news/1-' + "a" * 1_000_000 + '" class="' + "c " * 100_000 + '">x</a></body></html>',
    "rtl_and_zero_width": "<html dir=rtl><head><title>\u202eelbat\u200b\u200d</title></head><body><article><h1>\u2067שלום\u2069</h1><p>"
                          + "\u200f\u202bמרחב\u202c \u200b\u200c\u200d\ufeff\u2060 " * 2000 + "</p></article></body></html>",
    "nul_and_surrogates": "<html><body><article><h1>T\x00\ud800</h1><p>" + "a\x00b\udfffc " * 1000 + "</p></article></body></html>",
}


HUGE = {"huge_text_node_5mb", "huge_word_no_spaces"}  # the spider's path only: the extraction is the same


@pytest.mark.parametrize("name", sorted(STRESS))
def test_stress_pages(name):
    html = STRESS[name]
    check_article_page(html, "https://example.org/news/2026/11/25/story", direct=name not in HUGE)
    check_telegram_page(html, "https://t.me/s/kyivwire")
    body = html.encode("utf-8", "surrogatepass")
    decode_html(body, None)
    body_problem(body)


def test_stress_feeds():
    deep = b'<?xml version="1.0"?><rss><channel>' + b"<item>" * 5000 + b"<link>https://a.example/1</link>" + b"</item>" * 5000
    many = b'<?xml version="1.0"?><urlset>' + b"<url><loc>https://a.example/n</loc></url>" * 50_000 + b"</urlset>"
    for body in (deep, many, b"<rss>" + b"x" * 5_000_000 + b"</rss>"):
        parse_feed(body, "https://a.example/rss")
        parse_sitemap(body, "https://a.example/sitemap.xml")


# --- regressions: crashes the fuzzer found, each fixed in the extraction code ---

TEMPLATE_ATTRIBUTES = """<html><head>
<meta property="og:title" content="Template leftovers" {{vue}}="1" {a}b>
<link rel="alternate" type="application/rss+xml" href="/rss" {x}=1>
</head><body><article><h1>Template leftovers</h1>
<time class="when" datetime="2026-11-25T10:00:00+02:00" {{bind}}>25.11.2026</time>
<p itemprop="description" {{ attrs }}>A page whose markup still has unrendered template attributes in it.</p>
<div class="tgme_widget_message" data-post="kyivwire/7" {{data}}>
<div class="tgme_widget_message_text" {x}>Text of the post <a href="https://t.me/s/kyivwire" {y}>link</a></div></div>
</article></body></html>"""


def test_regression_lone_surrogates_reach_extract_article():
    """``extract_article`` raised UnicodeEncodeError on a lone surrogate (lxml takes UTF-8 only)."""
    fields = extract_article("<html><body><article><h1>Заголовок\ud800</h1><p>Текст\udfff.</p></article></body></html>",
                             "https://example.org/news/1-x")
    assert fields["title"] == "Заголовок?"
    assert extract_article("\ud800", "https://example.org/news/1-x")["title"] is None


def test_regression_attribute_names_lxml_cannot_map():
    """``Selector.attrib`` raised ValueError/KeyError on attribute names like ``{{vue}}``:
    metadata, feed links, profile dates and Telegram posts now read attributes by name."""
    url = "https://example.org/news/1-x"
    fields = extract_article(TEMPLATE_ATTRIBUTES, url)
    assert fields["title"] == "Template leftovers"
    assert feed_links(Selector(text=TEMPLATE_ATTRIBUTES), url) == ["https://example.org/rss"]
    overridden = apply_overrides({"published_at": None}, Selector(text=TEMPLATE_ATTRIBUTES),
                                 {"published_at": "time.when"}, UTC)
    assert overridden["published_at"] == "2026-11-25T10:00:00+02:00"
    posts = parse_preview_page(TEMPLATE_ATTRIBUTES, "https://t.me/s/kyivwire")["posts"]
    assert [post["post_id"] for post in posts] == [7]
    assert posts[0]["links"][0]["url"] == "https://t.me/s/kyivwire"
    check_article_page(TEMPLATE_ATTRIBUTES, url)


def test_regression_channel_name_of_a_broken_url():
    """``channel_name`` (the telegram spider's ``channels=`` argument) raised ValueError on "http://[x"."""
    assert channel_name("http://[invalid") is None
    assert channel_name("https://t.me/s/stranaua") == "stranaua"


def test_regression_link_with_an_unclosed_ipv6_bracket():
    """``absolute_url`` raised ValueError from ``urljoin`` on "http://[x": every page with such
    a link failed in the spider (page links, read-also, body links)."""
    assert absolute_url("http://[invalid", "https://example.org/news/1-x") is None
    html = ('<html><body><article><h1>Broken link</h1><p>A paragraph long enough to be the body of this article, '
            'with <a href="http://[invalid">a broken link</a> and <a href="/news/2-y">a good one</a>.</p></article></body></html>')
    check_article_page(html, "https://example.org/news/1-x")
    assert [link["url"] for link in extract_article(html, "https://example.org/news/1-x")["links"]] == ["https://example.org/news/2-y"]


def test_regression_host_with_spaces_is_no_url():
    """``absolute_url`` returned "http://ex ample.com/" (a host with a space, NUL or ideographic
    space): the article carrying such a link failed the schema and was dropped (``bad_links``)."""
    for href in ("http://ex ample.com/x", "\x00http://a 0", "http://a\x00b/", "http://a\u3000b/"):
        assert absolute_url(href, "https://example.org/") is None
    html = ('<html><body><article><h1>Odd link</h1><p>A paragraph long enough to be the body of this article, '
            'with <a href="http://ex ample.com/x">an odd link</a> in the middle of it, and nothing else.</p>'
            '</article></body></html>')
    check_article_page(html, "https://example.org/news/1-x")
