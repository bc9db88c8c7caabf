"""Sitemaps, sitemap indexes, Google News sitemaps, gzip, robots.txt Sitemap lines."""

from __future__ import annotations

import gzip
from zoneinfo import ZoneInfo

from crawler.discovery.sitemaps import Sitemap, parse_sitemap, sitemaps_from_robots
from crawler.discovery.xmldoc import gunzip, sniff_kind

URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <loc>https://outlet.example/news/1-first</loc>
    <lastmod>2026-11-20T10:00:00+02:00</lastmod>
    <changefreq>never</changefreq>
    <image:image><image:loc>https://outlet.example/1.jpg</image:loc></image:image>
  </url>
  <url><loc> https://outlet.example/news/2-second </loc><lastmod>2026-11-21</lastmod></url>
  <url><loc>/news/3-relative</loc></url>
  <url><lastmod>2026-11-21</lastmod></url>
  <url><loc>javascript:alert(1)</loc></url>
</urlset>"""

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://outlet.example/sitemap-2026-11.xml</loc><lastmod>2026-11-24</lastmod></sitemap>
  <sitemap><loc>https://outlet.example/sitemap-2021.xml.gz</loc></sitemap>
</sitemapindex>"""

NEWS = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>https://outlet.example/news/9-breaking</loc>
    <news:news>
      <news:publication><news:name>Outlet</news:name><news:language>uk</news:language></news:publication>
      <news:publication_date>2026-11-24T07:15:00+02:00</news:publication_date>
      <news:title><![CDATA[Уряд ухвалив  рішення]]></news:title>
    </news:news>
  </url>
</urlset>""".encode()


def test_urlset_entries_resolved_deduplicated_and_dated():
    sitemap = parse_sitemap(URLSET, "https://outlet.example/sitemap.xml", ZoneInfo("Europe/Kyiv"))
    assert sitemap.kind == "urlset" and sitemap.sitemaps == []
    assert sitemap.entries == [
        {"url": "https://outlet.example/news/1-first", "lastmod": "2026-11-20T10:00:00+02:00",
         "news_publication_date": None, "news_title": None},
        {"url": "https://outlet.example/news/2-second", "lastmod": "2026-11-21T00:00:00+02:00",
         "news_publication_date": None, "news_title": None},
        {"url": "https://outlet.example/news/3-relative", "lastmod": None,
         "news_publication_date": None, "news_title": None},
    ]


def test_sitemap_index_lists_child_sitemaps():
    sitemap = parse_sitemap(INDEX, "https://outlet.example/sitemap.xml")
    assert sitemap.kind == "sitemapindex" and sitemap.entries == []
    assert sitemap.sitemaps == [
        {"url": "https://outlet.example/sitemap-2026-11.xml", "lastmod": "2026-11-24T00:00:00+00:00"},
        {"url": "https://outlet.example/sitemap-2021.xml.gz", "lastmod": None},
    ]


def test_google_news_sitemap_publication_date_and_title():
    [entry] = parse_sitemap(NEWS, "https://outlet.example/news-sitemap.xml").entries
    assert entry == {"url": "https://outlet.example/news/9-breaking", "lastmod": None,
                     "news_publication_date": "2026-11-24T07:15:00+02:00", "news_title": "Уряд ухвалив рішення"}


def test_gzipped_sitemap_and_sniffing():
    body = gzip.compress(URLSET)
    assert sniff_kind(body) == "urlset"
    assert len(parse_sitemap(body, "https://outlet.example/sitemap.xml.gz").entries) == 3
    assert sniff_kind(INDEX) == "sitemapindex"
    assert sniff_kind(NEWS) == "urlset"
    assert sniff_kind(b"<!DOCTYPE html><html><head>") is None


def test_no_namespace_or_a_wrong_one_still_works():
    body = URLSET.replace(b'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"', b'xmlns="http://www.google.com/schemas/sitemap/0.84"')
    assert len(parse_sitemap(body, "https://outlet.example/s.xml").entries) == 3
    body = URLSET.replace(b'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"', b"")
    assert len(parse_sitemap(body, "https://outlet.example/s.xml").entries) == 3


def test_broken_and_garbage_sitemaps_never_raise():
    cut = URLSET[: URLSET.index(b"<url><loc>/news/3")]
    assert [entry["url"] for entry in parse_sitemap(cut, "https://outlet.example/s.xml").entries] == [
        "https://outlet.example/news/1-first", "https://outlet.example/news/2-second",
    ]
    truncated_gzip = gzip.compress(URLSET)[:-40]
    assert parse_sitemap(truncated_gzip, "https://outlet.example/s.xml.gz").kind == "urlset"
    for body in (b"", b"<html><body>Moved</body></html>", b"\x1f\x8bnot gzip", b"<rss><channel/></rss>"):
        assert parse_sitemap(body, "https://outlet.example/s.xml") == Sitemap()


def test_gzip_bomb_is_refused():
    bomb = gzip.compress(b"<urlset>" + b" " * 5_000_000 + b"</urlset>")
    assert gunzip(bomb, max_size=1_000_000) is None


def test_sitemaps_from_robots_txt():
    robots = """User-agent: *
Disallow: /search
Sitemap: https://outlet.example/sitemap.xml
sitemap:https://outlet.example/news-sitemap.xml   # Google News
SITEMAP : /relative-sitemap.xml
Sitemap: https://outlet.example/sitemap.xml
# Sitemap: https://outlet.example/commented-out.xml
"""
    assert sitemaps_from_robots(robots, "https://outlet.example/robots.txt") == [
        "https://outlet.example/sitemap.xml",
        "https://outlet.example/news-sitemap.xml",
        "https://outlet.example/relative-sitemap.xml",
    ]
