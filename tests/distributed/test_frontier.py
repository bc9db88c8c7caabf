"""The reliable frontier queue on a real redis-server."""

from __future__ import annotations

import time

import pytest
import redis
import scrapy

from crawler.distributed.frontier import FrontierKeys, ReliableQueue
from crawler.distributed.serializer import loads_request


class Spider(scrapy.Spider):
    name = "sample"
    frontier_methods = frozenset({"parse"})

    def parse(self, response):  # pragma: no cover
        pass


@pytest.fixture
def server(redis_server):
    return redis.Redis.from_url(redis_server.url)


@pytest.fixture
def keys(request):
    return FrontierKeys(f"fq-{request.node.name}", "sample")


def queue_for(server, keys, worker: str) -> ReliableQueue:
    return ReliableQueue(server, Spider(), keys, worker)


def push(queue: ReliableQueue, url: str, priority: int = 0) -> None:
    queue.push(scrapy.Request(url, callback=queue.spider.parse, priority=priority))


def url_of(queue: ReliableQueue, popped) -> str:
    return loads_request(popped[1], queue.spider)[0].url


def test_higher_priority_first_then_first_in_first_out(server, keys):
    queue = queue_for(server, keys, "w1")
    for url, priority in [("https://a.example/1", 0), ("https://a.example/2", 0), ("https://a.example/3", 5)]:
        push(queue, url, priority)
    assert [url_of(queue, queue.pop()) for _ in range(3)] == [
        "https://a.example/3", "https://a.example/1", "https://a.example/2"]
    assert queue.pop() is None


def test_a_popped_request_is_in_flight_until_acknowledged(server, keys):
    queue = queue_for(server, keys, "w1")
    push(queue, "https://a.example/1")
    token, _ = queue.pop()
    assert (len(queue), queue.in_flight()) == (0, 1)
    queue.ack([token])
    assert (len(queue), queue.in_flight()) == (0, 0)


def test_a_dead_workers_requests_go_back_to_the_queue(server, keys):
    dead, alive = queue_for(server, keys, "dead"), queue_for(server, keys, "alive")
    push(dead, "https://a.example/1", priority=3)
    push(dead, "https://a.example/2")
    dead.pop(), dead.pop()
    alive.heartbeat()
    assert alive.requeue_dead(worker_timeout=60) == 0  # the dead one beat a moment ago
    time.sleep(1.2)
    alive.heartbeat()
    assert alive.requeue_dead(worker_timeout=1) == 2
    assert (len(alive), alive.in_flight()) == (2, 0)
    assert url_of(alive, alive.pop()) == "https://a.example/1"  # its priority is kept


def test_a_live_workers_requests_stay_with_it(server, keys):
    one, other = queue_for(server, keys, "one"), queue_for(server, keys, "other")
    push(one, "https://a.example/1")
    one.pop()
    time.sleep(1.2)
    one.heartbeat()
    assert other.requeue_dead(worker_timeout=1) == 0
    assert one.in_flight() == 1


def test_a_clean_stop_gives_back_only_its_own_unfinished_requests(server, keys):
    one, other = queue_for(server, keys, "one"), queue_for(server, keys, "other")
    for number in range(3):
        push(one, f"https://a.example/{number}")
    token_one, _ = one.pop()
    other.pop()
    assert one.release([token_one]) == 1
    assert (len(one), one.in_flight()) == (2, 1)
