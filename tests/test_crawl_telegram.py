"""``scrapy crawl telegram`` (and ``news`` citing t.me posts) against local Telegram pages.

The fixture server on 127.0.0.1 stands in for t.me (TELEGRAM_BASE_URL); see
tests/fixtures/telegram/README.md for what each page holds.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path

import jsonschema
import pytest

from crawler.schema import load_schema
from crawler.spiders.telegram import channel_name, retry_after_seconds
from tests.conftest import FIXTURES, CrawlResult, run_crawl
from tests.siteserver import FixtureServer

TELEGRAM = FIXTURES / "telegram"
KYIVWIRE_HISTORY = [1, 2, 5, 8, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 25, 26, 27]


def telegram_server() -> FixtureServer:
    server = FixtureServer(TELEGRAM)
    server.redirects["/s/nopreview"] = server.base_url + "/nopreview"  # a channel without a public preview
    server.redirects["/s/gonewire"] = server.base_url + "/"  # a missing channel: Telegram's home page
    return server


@pytest.fixture(scope="module")
def telegram_site():
    with telegram_server() as server:
        yield server


def crawl(server: FixtureServer, output_dir: Path, channels: str, settings: dict[str, str] | None = None,
          **args: str) -> CrawlResult:
    return run_crawl(
        "telegram", {"channels": channels, **args},
        {"TELEGRAM_BASE_URL": server.base_url, "NETWORK_ALLOWLIST": server.hostport, "ROBOTSTXT_OBEY": "False",
         **(settings or {})},
        output_dir,
    )


def stats(result: CrawlResult) -> dict[str, int]:
    """The run's counters named ``telegram/...`` or ``news/...``, from Scrapy's stats dump."""
    return {name: int(value) for name, value in re.findall(r"'((?:telegram|news|dedup)/[^']+)': (\d+)", result.log)}


def validated(result: CrawlResult) -> list[dict]:
    assert result.returncode == 0, result.log[-3000:]
    records = result.records()
    for record in records:
        jsonschema.validate(record, load_schema(record["kind"]))
    return records


def requests_since(server: FixtureServer, start: int) -> list[str]:
    return server.requests[start:]


# --- channel crawls ---

def test_channel_history_and_channels_that_end_early(telegram_site, tmp_path):
    start = len(telegram_site.requests)
    result = crawl(telegram_site, tmp_path, "fixturenews,@nopreview,https://t.me/gonewire,t.me/s/ghostwire,loopwire")
    validated(result)
    posts = {record["id"]: record for record in result.records("telegram_post")}
    assert sorted(posts) == sorted([f"fixturenews/{n}" for n in range(1, 7)] + [f"loopwire/{n}" for n in (6, 7, 8, 9)])
    news = {record["post_id"]: record for record in result.records("telegram_post") if record["channel"] == "fixturenews"}
    assert news[4]["views"] == 8_670_000 and news[5]["views"] == 79_800 and news[6]["views"] == 94
    assert news[4]["text"] == "Protests continue in the city centre.\n\nMore at our site."
    assert news[4]["author"] == "Olena K." and news[4]["channel_title"] == "Fixture News Channel"
    assert news[4]["links"] == [{"url": "https://fixture-herald.test/news/1", "text": "our site"}]
    assert news[5]["hashtags"] == ["видео"]
    assert news[6]["edited"] and not news[5]["edited"]
    assert news[1]["service"] and news[1]["views"] is None
    assert news[6]["url"] == "https://t.me/fixturenews/6" and news[6]["id"] == "fixturenews/6"
    assert news[6]["published_at"] == "2026-11-22T10:45:00+00:00"
    assert news[6]["content_hash"].startswith("sha256:") and news[6]["discovered_via"] is None
    channels = {record["channel"]: record for record in result.records("telegram_channel")}
    assert set(channels) == {"fixturenews", "loopwire", "nopreview"}  # nopreview from its landing page
    assert channels["fixturenews"]["subscribers"] == 79_800 and channels["fixturenews"]["verified"]
    assert channels["fixturenews"]["description"] == "Made-up channel for tests.\nSecond line of the description."
    assert channels["nopreview"]["title"] == "No Preview" and channels["nopreview"]["subscribers"] == 1234
    counters = stats(result)
    assert counters["telegram/nopreview/no_preview"] == 1
    assert counters["telegram/gonewire/missing"] == 1 and counters["telegram/ghostwire/missing"] == 1
    assert counters["telegram/fixturenews/posts"] == 6 and counters["telegram/fixturenews/pages"] == 2
    assert counters["telegram/fixturenews/end/history_start"] == 1
    assert counters["telegram/loopwire/end/cursor_stuck"] == 1  # page 2 points forward again: no loop
    requested = requests_since(telegram_site, start)
    assert requested.count("/s/loopwire?before=8") == 1 and "/s/loopwire?before=9" not in requested


def test_max_pages_bounds_the_history(telegram_site, tmp_path):
    result = crawl(telegram_site, tmp_path, "fixturenews", max_pages="1")
    validated(result)
    assert sorted(record["post_id"] for record in result.records("telegram_post")) == [4, 5, 6]
    assert stats(result)["telegram/fixturenews/end/max_pages"] == 1


def test_since_stops_at_the_first_older_post(telegram_site, tmp_path):
    start = len(telegram_site.requests)
    result = crawl(telegram_site, tmp_path, "kyivwire", since="2026-11-20")
    validated(result)
    assert sorted(record["post_id"] for record in result.records("telegram_post")) == [21, 22, 23, 25, 26, 27]
    assert requests_since(telegram_site, start) == ["/s/kyivwire", "/s/kyivwire?before=21"]
    assert stats(result)["telegram/kyivwire/end/since"] == 1


def test_max_posts_takes_the_newest_posts(telegram_site, tmp_path):
    start = len(telegram_site.requests)
    result = crawl(telegram_site, tmp_path, "kyivwire", max_posts="4")
    validated(result)
    assert sorted(record["post_id"] for record in result.records("telegram_post")) == [23, 25, 26, 27]
    assert requests_since(telegram_site, start) == ["/s/kyivwire"]
    assert stats(result)["telegram/kyivwire/end/max_posts"] == 1


def test_rate_limited_channel_waits_for_retry_after_while_others_go_on(telegram_site, tmp_path):
    telegram_site.statuses["/s/busywire"] = [(429, {"Retry-After": "1"})]
    telegram_site.statuses["/s/throttled"] = [(429, {"Retry-After": "1"})] * 5
    start = len(telegram_site.request_times)
    result = crawl(telegram_site, tmp_path, "busywire,throttled,fixturenews", {"TELEGRAM_RATE_LIMIT_RETRIES": "2"})
    validated(result)
    posts = {record["id"] for record in result.records("telegram_post")}
    assert "busywire/1" in posts and {f"fixturenews/{n}" for n in range(1, 7)} <= posts
    counters = stats(result)
    assert counters["telegram/busywire/rate_limited"] == 1 and counters["telegram/busywire/posts"] == 1
    assert counters["telegram/throttled/rate_limited"] == 3  # the first answer and two retries
    assert counters["telegram/throttled/end/rate_limited"] == 1
    times = telegram_site.request_times[start:]
    busy = [moment for moment, path in times if path == "/s/busywire"]
    assert len(busy) == 2 and busy[1] - busy[0] >= 0.9  # Retry-After: 1 honoured
    other = [moment for moment, path in times if path == "/s/fixturenews?before=4"]
    assert other and other[0] < busy[1]  # the other channel did not wait for it


def test_three_page_history_then_a_rerun_reads_only_the_first_page(tmp_path):
    output = tmp_path / "data"
    with telegram_server() as server:
        first = crawl(server, output, "kyivwire")
        validated(first)
        assert server.requests == ["/s/kyivwire", "/s/kyivwire?before=21", "/s/kyivwire?before=12"]
        posts = {record["post_id"]: record for record in first.records("telegram_post")}
        assert sorted(posts) == KYIVWIRE_HISTORY
        assert [item["type"] for item in posts[22]["media"]] == ["photo", "video", "photo"]
        assert posts[23]["forwarded_from"] == {"name": "River Port Official", "url": "https://t.me/riverport_official/880"}
        assert posts[25]["reply_to"] == {"url": "https://t.me/kyivwire/22"}
        assert posts[26]["link_preview"]["title"] == "Draft budget for 2027"
        assert posts[27]["media"] == [{"type": "poll", "url": "https://t.me/kyivwire/27"}]
        assert posts[11]["text"] == "The mayor said:\nEvery bridge will be inspected before winter.\nWe will follow up."
        assert posts[1]["service"] and posts[20]["edited"]
        assert len({record["crawl_id"] for record in first.records()}) == 1
        first_files = {path: path.read_bytes() for path in first.files()}

        server.root = (TELEGRAM / "later").resolve()  # a few days later: 28, 29, 31 new, 26 edited
        server.requests.clear()
        second = crawl(server, output, "kyivwire")
        validated(second)
        assert server.requests == ["/s/kyivwire"]
    assert {path: path.read_bytes() for path in first_files} == first_files  # earlier output untouched
    new_files = [path for path in second.files() if path not in first_files]
    new_posts = [record for path in new_files if "telegram_post" in str(path)
                 for record in map(json.loads, path.read_text("utf-8").splitlines())]
    assert sorted(record["post_id"] for record in new_posts if not record["edited"]) == [28, 29, 31]
    (edited,) = [record for record in new_posts if record["edited"]]  # a stored post seen edited: a new revision
    assert edited["post_id"] == 26 and edited["text"].endswith("(corrected link to the annex).")
    assert edited["revision"] == 2
    counters = stats(second)
    assert counters["telegram/kyivwire/end/known"] == 1 and counters["telegram/kyivwire/seen_known"] == 3
    assert counters["dedup/duplicate/telegram_post"] == 2  # the unchanged stored posts on the first page


def test_a_crawl_cut_short_is_continued_next_time_not_hidden_behind_the_cursor(tmp_path):
    output = tmp_path / "data"
    with telegram_server() as server:
        first = crawl(server, output, "kyivwire", max_pages="1")
        validated(first)
        first_ids = {record["post_id"] for record in first.records("telegram_post")}
        assert min(first_ids) == 21 and server.requests == ["/s/kyivwire"]
        server.requests.clear()
        second = crawl(server, output, "kyivwire")
        validated(second)
        # the newest page again (for new posts), then straight on from where the first crawl stopped
        assert server.requests == ["/s/kyivwire", "/s/kyivwire?before=21", "/s/kyivwire?before=12"]
        every_id = {record["post_id"] for record in second.records("telegram_post")}
        assert sorted(every_id) == KYIVWIRE_HISTORY
        server.requests.clear()
        third = crawl(server, output, "kyivwire")  # history complete: only the newest page
        validated(third)
        assert server.requests == ["/s/kyivwire"]


# --- articles citing posts ---

def crawl_article(server: FixtureServer, output_dir: Path, **settings: str) -> CrawlResult:
    return run_crawl(
        "news", {"urls": server.base_url + "/news/301-debris-near-river-port"},
        {"TELEGRAM_BASE_URL": server.base_url, "NETWORK_ALLOWLIST": server.hostport, **settings},
        output_dir,
    )


def test_article_citing_telegram_posts_fetches_them_through_embed_pages(telegram_site, tmp_path):
    start = len(telegram_site.requests)
    result = crawl_article(telegram_site, tmp_path)
    validated(result)
    (article,) = result.records("article")
    posts = {record["id"]: record for record in result.records("telegram_post")}
    assert sorted(posts) == ["kyivwire/23", "kyivwire/26"]  # 30 was deleted; channel and invite links are no posts
    cited = posts["kyivwire/23"]
    assert cited["discovered_via"] == {"kind": "telegram", "from_url": article["url"]}
    assert cited["forwarded_from"]["name"] == "River Port Official" and cited["views"] == 1_300
    assert cited["url"] == "https://t.me/kyivwire/23" and cited["crawl_id"] == article["crawl_id"]
    assert posts["kyivwire/26"]["link_preview"]["site_name"] == "Kyiv City Council"
    embeds = sorted(path for path in requests_since(telegram_site, start) if "embed" in path)
    assert embeds == ["/kyivwire/23?embed=1", "/kyivwire/26?embed=1", "/kyivwire/30?embed=1"]  # 23 once
    counters = stats(result)
    assert counters["news/telegram/posts"] == 2 and counters["news/telegram/no_post"] == 1


def test_following_telegram_links_can_be_switched_off(telegram_site, tmp_path):
    start = len(telegram_site.requests)
    result = crawl_article(telegram_site, tmp_path, FOLLOW_TELEGRAM_LINKS="False")
    validated(result)
    assert len(result.records("article")) == 1 and result.records("telegram_post") == []
    assert not [path for path in requests_since(telegram_site, start) if "embed" in path]


# --- small helpers ---

@pytest.mark.parametrize(("raw", "name"), [
    ("stranaua", "stranaua"), ("@stranaua", "stranaua"), ("https://t.me/stranaua", "stranaua"),
    ("t.me/s/stranaua", "stranaua"), ("https://t.me/stranaua/1234", "stranaua"), ("a b", None),
])
def test_channel_name(raw, name):
    assert channel_name(raw) == name


def test_channel_arguments_are_checked():
    from crawler.spiders.telegram import TelegramSpider

    with pytest.raises(ValueError):
        TelegramSpider(channels="kyivwire,not a channel")
    with pytest.raises(ValueError):
        TelegramSpider(channels="kyivwire", max_posts="0")
    assert TelegramSpider(channels="kyivwire,@KyivWire,t.me/s/kyivwire").channels == ["kyivwire"]


@pytest.mark.parametrize(("value", "seconds"), [
    (b"7", 7.0), ("0", 0.0), (None, 10.0), ("", 10.0), ("soon", 10.0),
    ("Wed, 25 Nov 2026 07:00:30 GMT", 30.0), ("Wed, 25 Nov 2026 06:59:00 GMT", 0.0),
])
def test_retry_after_seconds(value, seconds):
    now = datetime(2026, 11, 25, 7, 0, 0, tzinfo=timezone.utc)
    assert retry_after_seconds(value, default=10.0, now=now) == seconds


def test_max_posts_holds_for_a_walk_continued_by_another_worker():
    """A history page handed to a worker that has seen none of the channel (distributed
    mode, or a JOBDIR resume) counts the posts the walk took before it."""
    from scrapy import Request
    from scrapy.http import HtmlResponse
    from scrapy.utils.test import get_crawler

    from crawler.spiders.telegram import TelegramSpider

    spider = TelegramSpider.from_crawler(get_crawler(TelegramSpider), channels="kyivwire", max_posts="12")
    url = "https://t.me/s/kyivwire?before=21"
    walk = {"known": None, "backfilling": False, "posts": 10}
    request = Request(url, meta={"telegram_page": 2, "telegram_cursor": 21, "telegram_walk": walk})
    body = (TELEGRAM / "s" / "kyivwire__before=21").read_bytes().replace(b"{{BASE}}", b"https://t.me")
    out = list(spider.read_response(HtmlResponse(url, body=body, request=request, encoding="utf-8"), "kyivwire"))
    posts = [item for item in out if type(item).__name__ == "TelegramPost"]
    assert [post.post_id for post in posts] == [20, 19]
    assert not [item for item in out if isinstance(item, Request)]  # the walk ends here: max_posts
