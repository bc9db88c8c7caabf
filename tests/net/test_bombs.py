"""Decompression bombs and endless bodies stop at DOWNLOAD_MAXSIZE, with memory bounded.

One real crawl with the project's default limit (8 MiB) against bombs of 512 MiB of zeros
in each encoding Scrapy accepts (gzip, deflate, br, zstd) and a chunked body that never
ends, fetched one after the other before an article: each is dropped with a logged reason,
the peak memory of the crawl stays far below one bomb, and the article is still written.
Without the limit (Scrapy's default is 1 GiB) each bomb would be inflated whole.
"""

from __future__ import annotations

import pytest

from tests.hostileserver import (
    MIB,
    HostileServer,
    brotli_bomb,
    deflate_bomb,
    encoded,
    endless_chunked,
    gzip_bomb,
    page,
    zstd_bomb,
)
from tests.net.helpers import article_html, crawl

BOMB = 512 * MIB
ENCODINGS = {"gzip": gzip_bomb, "deflate": deflate_bomb, "br": brotli_bomb, "zstd": zstd_bomb}


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    return {encoding: make(BOMB) for encoding, make in ENCODINGS.items()}


def test_bombs_and_endless_bodies_stop_at_the_size_limit_and_the_crawl_goes_on(bombs, tmp_path):
    routes = {f"/news/1{number}-{encoding}-bomb": encoded(body, encoding)
              for number, (encoding, body) in enumerate(bombs.items())}
    routes["/news/20-endless"] = endless_chunked()
    routes["/news/30-after-the-bombs"] = page(article_html("After the bombs"))
    with HostileServer(routes=routes) as site:
        seeds = ",".join(site.base_url + path for path in routes)
        run = crawl("news", {"urls": seeds, "article_pattern": r"/news/\d+-"}, {
            "NETWORK_ALLOWLIST": site.hostport, "CONCURRENT_REQUESTS_PER_DOMAIN": "1", "RETRY_TIMES": "0",
        }, tmp_path / "out")
    assert run.returncode == 0, run.log[-3000:]
    assert all(len(body) < 2 * MIB for body in bombs.values())  # small on the wire: only decoding is big
    for path in list(routes)[:4]:
        assert f"Ignored response <200 {site.base_url}{path}> because its body" in run.log
        assert "exceeded DOWNLOAD_MAXSIZE (8388608 B) during decompression" in run.log
    assert "larger than download max size (8388608)" in run.log  # the endless body
    assert [record["title"] for record in run.records("article")] == ["After the bombs"]
    assert run.max_rss_mib < 320, f"peak memory {run.max_rss_mib:.0f} MiB"
    print(f"peak memory of the crawl: {run.max_rss_mib:.0f} MiB; each bomb inflates to {BOMB // MIB} MiB")
