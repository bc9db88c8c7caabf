"""``scrapy crawl telegram`` against a local channel preview (TELEGRAM_BASE_URL)."""

from __future__ import annotations

import jsonschema
import pytest

from crawler.extract.telegram import parse_count
from crawler.schema import load_schema
from crawler.spiders.telegram import channel_name
from tests.conftest import FIXTURES, run_crawl
from tests.siteserver import FixtureServer


@pytest.fixture(scope="module")
def telegram_site():
    with FixtureServer(FIXTURES / "telegram") as server:
        server.redirects["/s/nopreview"] = server.base_url + "/nopreview"
        yield server


def crawl(server, tmp_path, channels: str, max_pages: int = 5):
    return run_crawl(
        "telegram", {"channels": channels, "max_pages": str(max_pages)},
        {"TELEGRAM_BASE_URL": server.base_url, "NETWORK_ALLOWLIST": server.hostport, "ROBOTSTXT_OBEY": "False"},
        tmp_path,
    )


def test_channel_history_is_read_back_to_the_first_post(telegram_site, tmp_path):
    result = crawl(telegram_site, tmp_path, "fixturenews,@nopreview")
    assert result.returncode == 0, result.log[-3000:]
    posts = {record["post_id"]: record for record in result.records("telegram_post")}
    assert sorted(posts) == [1, 2, 3, 4, 5, 6]
    for record in result.records():
        jsonschema.validate(record, load_schema(record["kind"]))
    assert posts[4]["views"] == 8_670_000 and posts[5]["views"] == 79_800 and posts[6]["views"] == 94
    assert posts[4]["text"] == "Protests continue in the city centre.\n\nMore at our site."
    assert posts[4]["author"] == "Olena K."
    assert posts[4]["links"] == [{"url": "https://fixture-herald.test/news/1", "text": "our site"}]
    assert posts[5]["hashtags"] == ["видео"]
    assert posts[6]["edited"] and not posts[5]["edited"]
    assert posts[1]["service"] and posts[1]["views"] is None
    assert posts[6]["url"] == "https://t.me/fixturenews/6"
    assert posts[6]["published_at"] == "2026-11-22T10:45:00+00:00"
    (channel,) = result.records("telegram_channel")
    assert channel["channel"] == "fixturenews" and channel["subscribers"] == 79_800 and channel["verified"]
    assert channel["description"] == "Made-up channel for tests.\nSecond line of the description."
    assert "telegram/nopreview/no_preview" in result.log


def test_max_pages_bounds_the_history(telegram_site, tmp_path):
    result = crawl(telegram_site, tmp_path, "fixturenews", max_pages=1)
    assert sorted(record["post_id"] for record in result.records("telegram_post")) == [4, 5, 6]


@pytest.mark.parametrize(("raw", "name"), [
    ("stranaua", "stranaua"), ("@stranaua", "stranaua"), ("https://t.me/stranaua", "stranaua"),
    ("t.me/s/stranaua", "stranaua"), ("https://t.me/stranaua/1234", "stranaua"), ("a b", None),
])
def test_channel_name(raw, name):
    assert channel_name(raw) == name


@pytest.mark.parametrize(("text", "count"), [
    ("8.67M", 8_670_000), ("79.8K", 79_800), ("94", 94), ("11 286 994", 11_286_994),
    ("1,024", 1024), ("1.2B", 1_200_000_000), ("", None), ("many", None),
])
def test_parse_count(text, count):
    assert parse_count(text) == count
