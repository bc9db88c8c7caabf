"""Frontier entries are JSON data; decoding never runs code named by the data."""

from __future__ import annotations

import json
import pickle

import pytest
import scrapy

from crawler.distributed.serializer import (
    RejectedRequest,
    UnserializableRequest,
    dumps_request,
    loads_request,
)


class Spider(scrapy.Spider):
    name = "sample"
    frontier_methods = frozenset({"parse", "failed"})

    def parse(self, response):  # pragma: no cover - never called
        pass

    def failed(self, failure):  # pragma: no cover
        pass

    def parse_secret(self, response):  # pragma: no cover - not declared for the frontier
        pass


@pytest.fixture
def spider() -> Spider:
    return Spider()


def test_a_request_round_trips_with_everything_the_spiders_use(spider):
    request = scrapy.Request(
        "https://example.org/news/1?x=1", callback=spider.parse, errback=spider.failed,
        meta={"discovered_via": {"kind": "feed", "from_url": None}, "depth": 2, "hops": [1, 2], "raw": b"\x00\xff"},
        cb_kwargs={"channel": "stranaua"}, headers={"If-None-Match": '"abc"'}, priority=-3, dont_filter=True,
    )
    copy, dropped = loads_request(dumps_request(request, spider), spider)
    assert dropped == 0
    assert (copy.url, copy.callback, copy.errback) == (request.url, spider.parse, spider.failed)
    assert copy.meta == request.meta and copy.cb_kwargs == request.cb_kwargs
    assert copy.headers.get("If-None-Match") == b'"abc"'
    assert (copy.priority, copy.dont_filter, copy.method) == (-3, True, "GET")


def test_entries_are_plain_json(spider):
    entry = json.loads(dumps_request(scrapy.Request("https://example.org/", callback=spider.parse), spider))
    assert entry["callback"] == "parse" and entry["v"] == 1


def test_equal_requests_make_equal_entries(spider):
    def make():
        return scrapy.Request("https://example.org/a", callback=spider.parse, meta={"b": 1, "a": 2})

    assert dumps_request(make(), spider) == dumps_request(make(), spider)


@pytest.mark.parametrize("data, reason", [
    (pickle.dumps({"url": "https://example.org/"}), "not_json"),
    (b"[1, 2]", "not_an_object"),
    (b'{"v": 99, "url": "https://example.org/"}', "unknown_version"),
    (b'{"v": 1, "url": "file:///etc/passwd"}', "bad_url"),
    (b'{"v": 1, "url": "https://example.org/", "callback": "closed"}', "unknown_callback"),
    (b'{"v": 1, "url": "https://example.org/", "callback": "parse_secret"}', "unknown_callback"),
    (b'{"v": 1, "url": "https://example.org/", "errback": "__init__"}', "unknown_callback"),
    (b'{"v": 1, "url": "https://example.org/", "meta": {"x": {"$bytes": "not base64!"}}}', "bad_value"),
    (b'{"v": 1, "url": "https://example.org/", "method": "GET /admin"}', "bad_shape"),
])
def test_hostile_or_broken_entries_are_refused(spider, data, reason):
    with pytest.raises(RejectedRequest) as refused:
        loads_request(data, spider)
    assert refused.value.reason == reason


def test_a_class_named_in_an_entry_is_never_loaded(spider):
    entry = b'{"v": 1, "url": "https://example.org/", "_class": "os.system", "callback": "parse"}'
    request, _ = loads_request(entry, spider)
    assert type(request) is scrapy.Request


def test_options_that_weaken_defences_are_dropped(spider):
    entry = json.dumps({
        "v": 1, "url": "https://example.org/", "callback": "parse",
        "meta": {"proxy": "http://attacker:8080", "dont_obey_robotstxt": True, "download_maxsize": 0, "depth": 1},
        "headers": {"Authorization": ["Basic eDp5"], "Accept": ["text/html"]},
    })
    request, dropped = loads_request(entry, spider)
    assert dropped == 4
    assert request.meta == {"depth": 1}
    assert request.headers.get("Authorization") is None and request.headers.get("Accept") == b"text/html"


def test_requests_the_frontier_cannot_hold_are_refused_when_queued(spider):
    with pytest.raises(UnserializableRequest):
        dumps_request(scrapy.Request("https://example.org/", callback=spider.parse, meta={"when": object()}), spider)
    with pytest.raises(UnserializableRequest):
        dumps_request(scrapy.Request("https://example.org/", callback=lambda response: None), spider)
    with pytest.raises(UnserializableRequest):
        dumps_request(scrapy.FormRequest("https://example.org/", callback=spider.parse), spider)
