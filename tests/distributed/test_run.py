"""The board of a frontier's crawl (``crawler.distributed.run``) on a real redis-server."""

from __future__ import annotations

import pytest
import redis

from scrapy.utils.test import get_crawler

from crawler.distributed.frontier import FrontierKeys
from crawler.distributed.run import FrontierRun
from crawler.spiders.news import NewsSpider


@pytest.fixture
def board(redis_server, request) -> FrontierRun:
    return FrontierRun(redis.Redis.from_url(redis_server.url), FrontierKeys(f"run-{request.node.name}", "news"))


def test_workers_of_one_crawl_share_the_id_of_the_first_to_join(board):
    assert board.join("20261125T120000-aaaa", fresh=True) == "20261125T120000-aaaa"
    assert board.join("20261125T120001-bbbb", fresh=False) == "20261125T120000-aaaa"
    board.leave_part("w1", {"crawl_id": "20261125T120000-aaaa", "counts": {}})
    board.leave_part("w2", {"crawl_id": "20261125T120001-bbbb", "counts": {}})
    assert sorted(part["crawl_id"] for part in board.parts()) == ["20261125T120000-aaaa", "20261125T120001-bbbb"]


def test_a_fresh_start_forgets_what_an_unfinished_crawl_left(board):
    board.join("old", fresh=True)
    board.leave_part("w1", {"crawl_id": "old"})
    assert board.join("new", fresh=True) == "new"
    assert board.parts() == []


def test_closing_ends_the_crawl_and_an_unreadable_part_is_skipped(board):
    board.join("one", fresh=True)
    board.server.hset(board.keys.reports, "intruder", b"\x80not json")
    board.leave_part("w1", {"crawl_id": "one"})
    assert board.parts() == [{"crawl_id": "one"}]
    board.close()
    assert board.crawl_id() is None and board.parts() == []
    assert board.join("two", fresh=False) == "two"


def test_counters_are_shared_and_end_with_the_run(board):
    board.join("one", fresh=True)
    assert [board.count("articles") for _ in range(3)] == [1, 2, 3]
    assert FrontierRun(board.server, board.keys).count("articles", 2) == 5  # another worker's view
    board.close()
    assert board.count("articles") == 1


def test_max_articles_counts_the_articles_of_every_worker(board):
    crawler = get_crawler(NewsSpider)
    spiders = [NewsSpider.from_crawler(crawler, urls="https://example.org/", max_articles="3") for _ in range(2)]
    for spider in spiders:
        spider.frontier_run = board
    board.join("one", fresh=True)
    assert [spider.count_article() for spider in (spiders[0], spiders[1], spiders[0])] == [True, True, True]
    assert spiders[1].count_article() is False  # the budget is spent, by both together
    assert spiders[0].budget_spent() and spiders[1].articles_yielded == 2
