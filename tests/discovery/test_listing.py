"""Feeds announced by a page and pagination links."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from parsel import Selector

from crawler.discovery.listing import feed_links, listing_pages, newest_listing_date, pagination_links

BASE = "https://outlet.example/news/"


def page(html: str) -> Selector:
    return Selector(text=f"<html><head>{html}</head><body>{html}</body></html>")


def test_feed_links_rss_and_atom_but_not_comments_or_other_alternates():
    selector = Selector(text="""<html><head>
<link rel="alternate" type="application/rss+xml" title="News" href="/rss.xml">
<link rel="Alternate" type="application/atom+xml; charset=utf-8" href="https://outlet.example/atom">
<link rel="alternate" type="application/rss+xml" title="Comments Feed" href="/comments/feed/">
<link rel="alternate" hreflang="ru" href="/ru/">
<link rel="alternate" type="application/json" href="/wp-json/">
<link rel="stylesheet" type="application/rss+xml" href="/not-a-feed.xml">
<link rel="alternate" type="application/rss+xml" href="/rss.xml">
</head><body></body></html>""")
    assert feed_links(selector, BASE) == ["https://outlet.example/rss.xml", "https://outlet.example/atom"]


def test_rel_next_on_link_and_anchor():
    selector = Selector(text="""<html><head><link rel="next" href="?page=2"><link rel="prev" href="/news/"></head>
<body><a rel="nofollow next" href="/news/page/2/">2</a></body></html>""")
    assert pagination_links(selector, BASE) == ["https://outlet.example/news/?page=2", "https://outlet.example/news/page/2/"]


def test_next_texts_in_several_languages_and_arrows():
    for text in ("Next", "Next &raquo;", "Older posts", "»", "Далее", "Следующая страница →", "Наступна", "Далі ›"):
        selector = Selector(text=f'<html><body><a href="/news/page/2/">{text}</a></body></html>')
        assert pagination_links(selector, BASE) == ["https://outlet.example/news/page/2/"], text


def test_previous_and_ordinary_links_are_not_pagination():
    selector = Selector(text="""<html><body>
<a href="/news/">&laquo; Prev</a> <a href="/news/12345-story">Next generation reactors</a>
<a href="/news/12345-story#comments">5</a> <a href="/about">About</a></body></html>""")
    assert pagination_links(selector, BASE) == []


def test_page_numbers_inside_a_pagination_block_or_with_page_urls():
    selector = Selector(text="""<html><body>
<div class="b-pagination"><span>1</span> <a href="/news/p2.html">2</a> <a href="/news/p3.html">3</a></div>
<nav aria-label="Pagination"><a href="/news/list-4">4</a></nav>
<a href="/news/?PAGEN_1=5">5</a> <a href="/video/7">7</a></body></html>""")
    assert pagination_links(selector, BASE) == [
        "https://outlet.example/news/p2.html", "https://outlet.example/news/p3.html",
        "https://outlet.example/news/list-4", "https://outlet.example/news/?PAGEN_1=5",
    ]


def test_the_page_itself_is_not_its_next_page():
    selector = Selector(text='<html><body><div class="pagination"><a href="/news/">1</a></div></body></html>')
    assert pagination_links(selector, BASE) == []


def test_listing_pages_carry_the_page_number_their_link_shows():
    selector = Selector(text="""<html><body><nav class="pagination">
<a href="/news/">1</a> <span>2</span> <a href="/news/page/3/">3</a> <a href="/news/page/40/">40</a>
<a rel="next" href="/news/page/3/">Next</a> <a href="/news/archive">More news</a></nav></body></html>""")
    assert listing_pages(selector, BASE + "page/2/") == {
        "https://outlet.example/news/": 1, "https://outlet.example/news/page/3/": 3,
        "https://outlet.example/news/page/40/": 40, "https://outlet.example/news/archive": None,
    }


def test_newest_listing_date_from_time_elements_and_link_urls():
    kyiv = timezone(timedelta(hours=2))
    selector = Selector(text="""<html><body><ul>
<li><a href="/news/1">One</a> <time datetime="2026-11-20T09:30:00+02:00">20 Nov</time></li>
<li><a href="/news/2">Two</a> <time datetime="2026-11-19">19 Nov</time></li>
<li><a href="/news/3">Three</a> <time datetime="yesterday-ish">?</time></li></ul>
<aside>Most read: <time datetime="2019-01-01T00:00:00Z">2019</time></aside></body></html>""")
    assert newest_listing_date(selector, [], kyiv) == datetime(2026, 11, 20, 9, 30, tzinfo=kyiv)
    links = [BASE + "2026/11/21/new-story", BASE + "2025/01/02/old-story", BASE + "about"]
    assert newest_listing_date(selector, links, kyiv) == datetime(2026, 11, 21, tzinfo=kyiv)
    assert newest_listing_date(Selector(text="<html><body><a href='/a'>a</a></body></html>"), [BASE + "a"]) is None
