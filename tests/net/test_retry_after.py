"""429 and 503 with Retry-After pause that host (and only that host) at least that long,
capped by RETRY_AFTER_MAX; give-ups are counted per host. One real crawl over four hosts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from crawler.net.retry_after import retry_after_seconds
from tests.hostileserver import Handler, HostileServer, Seen, dynamic, page, respond
from tests.net.helpers import article_html, crawl, stat


def refuse_first(status: int, retry_after, then: Handler) -> Handler:
    """``status`` with ``Retry-After: retry_after()`` to the first request, ``then`` afterwards."""
    answered = []

    def choose(request: Seen) -> Handler:
        answered.append(request)
        if len(answered) == 1:
            return respond(status, "busy", {"Retry-After": retry_after()}, "text/plain")
        return then

    return dynamic(choose)


def times(server: HostileServer, path: str | None = None) -> list[float]:
    return [seen.time for seen in server.requests if seen.path != "/robots.txt" and (path is None or seen.path == path)]


def test_retry_after_pauses_only_that_host_and_is_capped(tmp_path):
    def http_date_in_3s() -> str:
        return format_datetime(datetime.now(UTC) + timedelta(seconds=3), usegmt=True)

    limited = HostileServer("127.0.0.1", {
        "/news/1-limited": refuse_first(429, lambda: "2", page(article_html("Limited"))),
        "/news/2-limited-too": page(article_html("Limited too")),
    })
    dated = HostileServer("127.0.0.2", {"/news/1-dated": refuse_first(503, http_date_in_3s, page(article_html("Dated")))})
    free = HostileServer("127.0.0.3", {f"/news/{n}-free": page(article_html(f"Free {n}")) for n in range(1, 7)})
    capped = HostileServer("127.0.0.4", {"/news/1-capped": respond(429, "no", {"Retry-After": "3600"}, "text/plain")})
    servers = [limited, dated, free, capped]
    for server in servers:
        server.__enter__()
    try:
        seeds = [limited.base_url + "/news/1-limited", limited.base_url + "/news/2-limited-too",
                 dated.base_url + "/news/1-dated", capped.base_url + "/news/1-capped"]
        seeds += [free.base_url + path for path in free.routes]
        run = crawl("news", {"urls": ",".join(seeds), "article_pattern": r"/news/\d+-"}, {
            "NETWORK_ALLOWLIST": ",".join(server.hostport for server in servers),
            "CONCURRENT_REQUESTS_PER_DOMAIN": "1", "DOWNLOAD_DELAY": "0.2", "DOWNLOAD_DELAY_JITTER": "0",
            "RETRY_TIMES": "1", "RETRY_AFTER_MAX": "2.5",
        }, tmp_path / "out")
    finally:
        for server in servers:
            server.__exit__(None, None, None)
    assert run.returncode == 0, run.log[-3000:]
    titles = sorted(record["title"] for record in run.records("article"))
    assert titles == sorted(["Limited", "Limited too", "Dated"] + [f"Free {n}" for n in range(1, 7)])
    # Retry-After: 2 (under the cap): nothing at all goes to that host for 2 s.
    refused_at = times(limited, "/news/1-limited")[0]
    assert all(moment - refused_at >= 1.95 for moment in times(limited) if moment > refused_at), times(limited)
    # An HTTP date 3 s ahead (whole seconds: 2 to 3 s), capped at RETRY_AFTER_MAX = 2.5 s.
    first, second = times(dated)
    assert 1.95 <= second - first < 3.5
    # Retry-After: 3600, capped at 2.5 s; refused again, given up and counted for that host.
    first, second = times(capped)
    assert 2.45 <= second - first < 3.5
    assert stat(run.log, "retry_after/gave_up/127.0.0.4") == 1
    # The other host went on meanwhile.
    assert any(refused_at < moment < refused_at + 1.9 for moment in times(free)), (refused_at, times(free))


def test_retry_after_seconds():
    now = datetime(2026, 11, 25, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds(b"120", 10.0, now) == 120.0
    assert retry_after_seconds("Wed, 25 Nov 2026 12:00:30 GMT", 10.0, now) == 30.0
    assert retry_after_seconds("Wed, 25 Nov 2026 11:00:00 GMT", 10.0, now) == 0.0  # in the past
    assert retry_after_seconds("soon", 10.0, now) == 10.0
    assert retry_after_seconds(None, 10.0, now) == 10.0
    assert retry_after_seconds("-5", 10.0, now) == 10.0
