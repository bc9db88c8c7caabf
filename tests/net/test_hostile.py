"""Hostile servers: each failure ends within DOWNLOAD_TIMEOUT, is retried RETRY_TIMES times,
and never becomes an article, not even half of one.

One real crawl against a server that never answers, hangs after the headers, trickles a
valid article a byte at a time (never idle, so only a deadline on the whole download stops
it: Scrapy's DOWNLOAD_TIMEOUT is one), resets the connection before answering and half way
through a body without Content-Length, sends less than its Content-Length, and breaks its
chunked encoding. The half-sent bodies are halves of a real article page.
"""

from __future__ import annotations

from itertools import pairwise

from tests.hostileserver import (
    HostileServer,
    broken_chunked,
    hang_after_headers,
    never_answer,
    page,
    reset,
    reset_mid_body,
    short_body,
    trickle,
)
from tests.net.helpers import article_html, crawl, stat

TIMEOUT = 2.0
RETRIES = 1
TIMEOUTS = ["/news/2-no-answer", "/news/3-hang-after-headers", "/news/4-trickle"]
BROKEN = ["/news/5-reset", "/news/6-reset-mid-body", "/news/7-short-body", "/news/8-broken-chunked"]


def test_hostile_servers_fail_in_time_with_bounded_retries_and_no_partial_article(tmp_path):
    routes = {
        "/news/1-good": page(article_html("Good")),
        "/news/2-no-answer": never_answer(),
        "/news/3-hang-after-headers": hang_after_headers(),
        "/news/4-trickle": trickle(article_html("Trickle"), interval=0.05),
        "/news/5-reset": reset(),
        "/news/6-reset-mid-body": reset_mid_body(article_html("Reset mid body")),
        "/news/7-short-body": short_body(article_html("Short body")),
        "/news/8-broken-chunked": broken_chunked(article_html("Broken chunked")),
    }
    with HostileServer(routes=routes) as site:
        seeds = ",".join(site.base_url + path for path in routes)
        run = crawl("news", {"urls": seeds, "article_pattern": r"/news/\d+-"}, {
            "NETWORK_ALLOWLIST": site.hostport, "DOWNLOAD_TIMEOUT": str(TIMEOUT), "RETRY_TIMES": str(RETRIES),
        }, tmp_path / "out")
    assert run.returncode == 0, run.log[-3000:]
    assert [record["title"] for record in run.records("article")] == ["Good"]
    attempts = RETRIES + 1
    for path in TIMEOUTS:
        times = [seen.time for seen in site.requests if seen.path == path]
        assert len(times) == attempts, (path, len(times))
        assert all(later - earlier < TIMEOUT + 1.5 for earlier, later in pairwise(times)), (path, times)
        assert f"Getting {site.base_url}{path} took longer than {TIMEOUT} seconds" in run.log
    for path in BROKEN:
        # Twisted itself may try once more when a kept-alive connection fails before answering.
        assert attempts <= site.count(path) <= 2 * attempts, (path, site.count(path))
        assert f"Gave up retrying <GET {site.base_url}{path}>" in run.log
    assert stat(run.log, "truncated/gave_up") == 1  # the reset half way through a close-delimited body
    # The whole crawl: start-up, then every failure in parallel, each attempt within the timeout.
    assert run.seconds < 8 + attempts * TIMEOUT, run.seconds
