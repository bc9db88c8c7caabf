"""From a channel post to the article it links to (``TELEGRAM_FOLLOW_POST_LINKS``): a real
``scrapy crawl telegram`` against a local channel whose posts link to a local outlet."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from crawler.schema import load_schema
from crawler.spiders.post_links import post_link_urls
from tests.conftest import FIXTURES, run_crawl
from tests.net.helpers import stat
from tests.siteserver import FixtureServer

ARTICLE = """<html lang="en"><head><meta property="og:type" content="article">
<meta property="article:published_time" content="2026-11-20T07:30:00+00:00">
<title>Protests continue in the city centre | Fixture Herald</title></head>
<body><article><h1>Protests continue in the city centre</h1>
<p>Several thousand people gathered on the main square on Friday morning, the city police said.</p>
<p>The organisers said the protest would go on until the council answers their demands.</p>
<p>Public transport in the centre ran on diverted routes for most of the day.</p>
</article></body></html>"""


def build(root: Path, outlet: str) -> None:
    """A channel ``linkwire`` (the fixturenews page with its links pointed to ``outlet``) in
    ``root/telegram``; the article it links to, a page that is no article, and a photo in
    ``root/outlet``."""
    channel = (FIXTURES / "telegram" / "s" / "fixturenews").read_text("utf-8")
    channel = channel.replace("fixturenews", "linkwire").replace(
        "https://fixture-herald.test/news/1", f"{outlet}/news/1-protests-continue")
    channel = channel.replace("Вторая строка.", f'Вторая строка. <a href="{outlet}/about">About us</a> '
                              f'<a href="{outlet}/photos/crowd.jpg">photo</a> '
                              f'<a href="{outlet}/news/1-protests-continue">again</a> '
                              '<a href="/s/linkwire?q=%23tag">#tag</a>')
    (root / "telegram" / "s").mkdir(parents=True)
    (root / "outlet" / "news").mkdir(parents=True)
    (root / "telegram" / "s" / "linkwire").write_text(channel, "utf-8")
    (root / "outlet" / "news" / "1-protests-continue").write_text(ARTICLE, "utf-8")
    (root / "outlet" / "about").write_text("<html><body><h1>About us</h1><p>We are a news site.</p></body></html>", "utf-8")


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """(telegram, outlet): the channel and the outlet it links to, on two local servers."""
    root = tmp_path_factory.mktemp("linkwire")
    (root / "outlet").mkdir()
    with FixtureServer(root / "outlet") as outlet:
        build(root, outlet.base_url)
        with FixtureServer(root / "telegram") as telegram:
            yield telegram, outlet


def crawl(servers, output_dir: Path, **settings: str):
    telegram, outlet = servers
    return run_crawl("telegram", {"channels": "linkwire", "max_pages": "1"}, {
        "TELEGRAM_BASE_URL": telegram.base_url, "NETWORK_ALLOWLIST": f"{telegram.hostport},{outlet.hostport}",
        "ROBOTSTXT_OBEY": "False", **settings,
    }, output_dir)


def test_a_post_link_to_an_article_becomes_an_article_record(servers, tmp_path):
    telegram, server = servers
    start = len(server.requests)
    run = crawl(servers, tmp_path, TELEGRAM_FOLLOW_POST_LINKS="True")
    assert run.returncode == 0, run.log[-3000:]
    [article] = run.records("article")
    jsonschema.validate(article, load_schema("article"))
    assert article["title"] == "Protests continue in the city centre"
    assert article["url"] == f"{server.base_url}/news/1-protests-continue"
    # Linked from posts 6 and 4: pages are read newest post first, so post 6 found it.
    assert article["discovered_via"] == {"kind": "telegram", "from_url": "https://t.me/linkwire/6"}
    assert len(run.records("telegram_post")) == 3
    fetched = server.requests[start:]
    assert fetched.count("/news/1-protests-continue") == 1  # linked from two posts, fetched once
    assert "/about" in fetched and "/photos/crowd.jpg" not in fetched
    assert [path for path in telegram.requests if "q=" in path] == []  # a hashtag link is Telegram's own page
    assert stat(run.log, "telegram/post_links/not_article/not_an_article_page") == 1
    assert stat(run.log, "telegram/post_links/articles") == 1


def test_post_links_are_not_followed_unless_asked(servers, tmp_path):
    telegram, outlet = servers
    start, telegram_start = len(outlet.requests), len(telegram.requests)
    run = crawl(servers, tmp_path)
    assert run.returncode == 0, run.log[-3000:]
    assert run.records("article") == [] and len(run.records("telegram_post")) == 3
    assert outlet.requests[start:] == [] and telegram.requests[telegram_start:] == ["/s/linkwire"]


def test_post_link_urls_keep_web_pages_only():
    post = {
        "links": [{"url": "https://outlet.example/news/1"}, {"url": "https://t.me/other/5"},
                  {"url": "https://mirror.example/t/?q=%23tag"}, {"url": "https://outlet.example/img/a.JPG"},
                  {"url": "https://outlet.example/news/1"}, {"url": "javascript:alert(1)"}, {"url": None}],
        "link_preview": {"url": "https://agency.example/2026/11/20/story"},
    }
    assert post_link_urls(post, "https://mirror.example") == [
        "https://outlet.example/news/1", "https://agency.example/2026/11/20/story"]
