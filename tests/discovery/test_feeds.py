"""RSS and Atom parsing: real-world shapes, encodings and breakage."""

from __future__ import annotations

import gzip
from datetime import timezone
from zoneinfo import ZoneInfo

from crawler.discovery.feeds import parse_feed

RSS = b"""<?xml version="1.0" encoding="utf-8" ?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>Example News</title>
    <link>https://news.example/</link>
    <lastBuildDate>Tue, 29 Sep 2026 15:03:54 +0300</lastBuildDate>
    <item>
      <title>
        <![CDATA["Quoted" headline & more]]>
      </title>
      <link>https://news.example/politics/news/first-story</link>
      <description><![CDATA[<p>Lead</p>]]></description>
      <pubDate>Tue, 29 Sep 2026 15:05:59 +0300</pubDate>
      <guid isPermaLink="true">https://news.example/politics/news/first-story</guid>
    </item>
    <item>
      <title>Relative link, dc:date</title>
      <link>/society/second-story.html</link>
      <dc:date>2026-09-29T14:51:00+03:00</dc:date>
    </item>
    <item>
      <title>Only a permalink guid</title>
      <guid>https://news.example/third-story</guid>
    </item>
    <item>
      <title>A guid that is not a link</title>
      <guid isPermaLink="false">1f3011bb42f36737c5ac0fd6d7cd3278</guid>
    </item>
    <item>
      <title>Duplicate of the first</title>
      <link>https://news.example/politics/news/first-story</link>
    </item>
  </channel>
</rss>
"""


def test_rss_entries_in_order_with_dates_titles_and_resolved_links():
    entries = parse_feed(RSS, "https://news.example/rss.xml")
    assert entries == [
        {"url": "https://news.example/politics/news/first-story", "title": '"Quoted" headline & more',
         "published": "2026-09-29T15:05:59+03:00", "updated": None},
        {"url": "https://news.example/society/second-story.html", "title": "Relative link, dc:date",
         "published": "2026-09-29T14:51:00+03:00", "updated": None},
        {"url": "https://news.example/third-story", "title": "Only a permalink guid", "published": None, "updated": None},
    ]


def test_rss_in_a_default_namespace():
    # Seen in the wild: <rss xmlns="https://backend.userland.com/rss2">, which namespaces every element.
    body = RSS.replace(b'<rss version="2.0"', b'<rss version="2.0" xmlns="https://backend.userland.com/rss2"')
    assert [entry["url"] for entry in parse_feed(body, "https://news.example/rss.xml")][:2] == [
        "https://news.example/politics/news/first-story", "https://news.example/society/second-story.html",
    ]


def test_windows_1251_declared_in_the_prolog():
    text = """<?xml version="1.0" encoding="windows-1251"?>
<rss version="2.0" xmlns:yandex="news.yandex.ru"><channel><title>Українська правда</title>
<item><title>Новина дня: "Кабмін" ухвалив рішення</title><link>https://www.pravda.example/news/2026/09/29/7268111/</link>
<category>Політика</category><pubDate>Tue, 29 Sep 2026 14:55:53 +0300</pubDate></item>
</channel></rss>"""
    entries = parse_feed(text.encode("windows-1251"), "https://www.pravda.example/rss/")
    assert entries[0]["title"] == 'Новина дня: "Кабмін" ухвалив рішення'
    assert entries[0]["url"] == "https://www.pravda.example/news/2026/09/29/7268111/"


def test_undeclared_legacy_encoding_falls_back_to_the_http_charset():
    text = '<rss version="2.0"><channel><item><title>Новость</title><link>https://a.example/1</link></item></channel></rss>'
    entries = parse_feed(text.encode("windows-1251"), "https://a.example/rss", fallback_encoding="windows-1251")
    assert entries[0]["title"] == "Новость"


def test_atom_alternate_link_preferred_over_enclosure_and_dates_kept():
    body = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example/posts/">
  <title>Blog</title>
  <entry>
    <title type="html">Fish &amp;amp; chips</title>
    <link rel="enclosure" href="https://cdn.example/a.mp3"/>
    <link rel="alternate" type="text/html" href="fish-and-chips"/>
    <published>2026-11-20T08:00:00Z</published>
    <updated>2026-11-21T09:30:00+01:00</updated>
  </entry>
  <entry>
    <title>No rel means alternate</title>
    <link href="https://blog.example/posts/second"/>
    <updated>2026-11-22T10:00:00Z</updated>
  </entry>
  <entry><title>No link at all</title></entry>
</feed>"""
    entries = parse_feed(body, "https://blog.example/atom.xml")
    assert entries == [
        {"url": "https://blog.example/posts/fish-and-chips", "title": "Fish & chips",
         "published": "2026-11-20T08:00:00+00:00", "updated": "2026-11-21T09:30:00+01:00"},
        {"url": "https://blog.example/posts/second", "title": "No rel means alternate",
         "published": None, "updated": "2026-11-22T10:00:00+00:00"},
    ]


def test_rss_1_0_rdf():
    body = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://rdf.example/"><title>RDF</title></channel>
  <item rdf:about="https://rdf.example/a"><title>A</title><link>https://rdf.example/a</link>
    <dc:date>2026-11-20</dc:date></item>
</rdf:RDF>"""
    assert parse_feed(body, "https://rdf.example/index.rdf") == [
        {"url": "https://rdf.example/a", "title": "A", "published": "2026-11-20T00:00:00+00:00", "updated": None},
    ]


def test_dates_without_offset_are_read_in_the_outlet_zone():
    body = b"<rss><channel><item><link>https://a.example/1</link><pubDate>2026-11-20 10:00:00</pubDate></item></channel></rss>"
    assert parse_feed(body, "https://a.example/rss", ZoneInfo("Europe/Kyiv"))[0]["published"] == "2026-11-20T10:00:00+02:00"
    assert parse_feed(body, "https://a.example/rss", timezone.utc)[0]["published"] == "2026-11-20T10:00:00+00:00"


def test_unreadable_dates_are_none_not_errors():
    body = "<rss><channel><item><link>https://a.example/1</link><pubDate>Вт, 29 сен 2026</pubDate></item></channel></rss>"
    assert parse_feed(body.encode(), "https://a.example/rss")[0]["published"] is None


def test_bom_leading_blank_lines_and_gzip():
    body = b"\xef\xbb\xbf\n\n  " + RSS
    assert len(parse_feed(body, "https://news.example/rss.xml")) == 3
    assert len(parse_feed(gzip.compress(RSS), "https://news.example/rss.xml")) == 3


def test_broken_xml_keeps_what_comes_before_the_break():
    body = b"""<?xml version="1.0"?><rss><channel>
<item><title>Fine&nbsp;story</title><link>https://a.example/1</link></item>
<item><title>Cut <b>off<link>https://a.example/2"""
    entries = parse_feed(body, "https://a.example/rss")
    # &nbsp; is not an XML entity: kept as text by the recovering parser, then decoded.
    assert entries[0] == {"url": "https://a.example/1", "title": "Fine story", "published": None, "updated": None}


def test_garbage_never_raises(caplog):
    for body in (b"", b"   ", b"\x1f\x8b\x08garbage", b"<!DOCTYPE html><html><body>Not found</body></html>",
                 b"{\"json\": true}", bytes(range(256)), b"<rss><channel><item>"):
        assert parse_feed(body, "https://a.example/rss") == []
    assert "Not a feed" in caplog.text


def test_no_external_entities_are_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    body = f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>
<rss><channel><item><title>&xxe;</title><link>https://a.example/1</link></item></channel></rss>""".encode()
    entries = parse_feed(body, "https://a.example/rss")
    assert all("TOPSECRET" not in (entry["title"] or "") for entry in entries)
