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
