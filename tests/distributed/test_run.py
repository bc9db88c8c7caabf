"""The board of a frontier's crawl (``crawler.distributed.run``) on a real redis-server."""

from __future__ import annotations

import pytest
import redis

from crawler.distributed.frontier import FrontierKeys
from crawler.distributed.run import FrontierRun


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
