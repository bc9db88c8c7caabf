"""Network guard: unit cases here, a real crawl against a trap server in test_crawl_news."""

import pytest

from crawler.middlewares import refusal_reason

ALLOW = frozenset({"127.0.0.1:8123"})


@pytest.mark.parametrize(("url", "reason"), [
    ("https://spzh.news/en/", None),
    ("http://93.184.216.34/", None),
    ("http://127.0.0.1:8123/", None),  # allowlisted host:port
    ("http://127.0.0.1:8124/", "private_ip"),  # same host, other port
    ("http://localhost:8123/", "local_name"),
    ("http://api.localhost/", "local_name"),
    ("http://10.0.0.5/", "private_ip"),
    ("http://192.168.1.1/", "private_ip"),
    ("http://169.254.169.254/latest/meta-data/", "private_ip"),
    ("http://[::1]/", "private_ip"),
    ("http://[::ffff:127.0.0.1]/", "private_ip"),
    ("http://[fd00::1]/", "private_ip"),
    ("http://2130706433/", "private_ip"),  # 127.0.0.1 as one decimal number
    ("http://0x7f000001/", "private_ip"),
    ("http://0.0.0.0/", "private_ip"),
    ("file:///etc/passwd", "scheme"),
    ("ftp://example.org/", "scheme"),
    ("http://example.org:99999/", "bad_url"),
])
def test_refusal_reason(url, reason):
    assert refusal_reason(url, ALLOW) == reason


def test_incremental_skips_stored_articles_unless_their_source_is_newer(tmp_path):
    from scrapy import Request
    from scrapy.exceptions import IgnoreRequest

    from crawler.middlewares import IncrementalMiddleware
    from crawler.state import state_store_of
    from crawler.state.records import RecordState
    from tests.pipelines.helpers import make_crawler

    crawler = make_crawler(STATE_URI=str(tmp_path / "state.sqlite3"))
    state_store_of(crawler).remember(
        RecordState("a1", "article", "h1", 1, "2026-11-20T10:00:00+00:00"), ["https://x.test/news/1-a"]
    )
    middleware = IncrementalMiddleware.from_crawler(crawler)
    with pytest.raises(IgnoreRequest):
        middleware.process_request(Request("https://www.x.test/news/1-a/?utm_source=rss"))
    assert middleware.process_request(Request("https://x.test/news/2-b")) is None  # new
    assert middleware.process_request(Request("https://x.test/news/")) is None  # a listing
    updated = Request("https://x.test/news/1-a", meta={"source_updated": "2026-11-21T08:00:00+00:00"})
    assert middleware.process_request(updated) is None
    older = Request("https://x.test/news/1-a", meta={"source_updated": "2026-11-19T08:00:00+00:00"})
    with pytest.raises(IgnoreRequest):
        middleware.process_request(older)
    assert crawler.stats.get_value("incremental/skipped_known") == 2
