"""robots.txt per RFC 9309 in one real crawl over seven hosts, each with its own robots.txt:
rules with a Crawl-delay, 403, garbage, 503, a robots.txt that never answers, a 429, and a
host name that does not resolve."""

from __future__ import annotations

from itertools import pairwise

import pytest

from crawler.net.robots import ALLOW_ALL, DISALLOW_ALL, RULES, verdict_for_status
from tests.conftest import run_crawl
from tests.hostileserver import HostileServer, never_answer, page, respond
from tests.net.helpers import article_html, crawl, stat
from tests.siteserver import FixtureServer

RULES_TXT = "User-agent: *\nDisallow: /private/\nCrawl-delay: 1.5\n"
PAGES = ["/news/1-first", "/news/2-second", "/news/3-third"]


def site(host: str, robots) -> HostileServer:
    routes = {path: page(article_html(f"{host} {path}")) for path in PAGES}
    routes["/private/4-secret"] = page(article_html("Secret"))
    routes["/robots.txt"] = robots
    return HostileServer(host, routes)


def test_robots_txt_errors_disallow_4xx_and_garbage_allow_and_crawl_delay_is_kept(tmp_path):
    text = "text/plain"
    servers = {
        "rules": site("127.0.0.1", respond(200, RULES_TXT, content_type=text)),
        "forbidden": site("127.0.0.2", respond(403, "no", content_type=text)),
        "garbage": site("127.0.0.3", respond(200, bytes(range(256)) * 8 + b"<html>{oops", content_type=text)),
        "unavailable": site("127.0.0.4", respond(503, "down", content_type=text)),
        "silent": site("127.0.0.5", never_answer()),
        "limited": site("127.0.0.6", respond(429, "slow down", content_type=text)),
    }
    for server in servers.values():
        server.__enter__()
    try:
        seeds = [server.base_url + path for server in servers.values() for path in [*PAGES, "/private/4-secret"]]
        seeds.append("http://missing.test/news/1-first")
        run = crawl("news", {"urls": ",".join(seeds), "article_pattern": r"/news/\d+-"}, {
            "NETWORK_ALLOWLIST": ",".join(server.hostport for server in servers.values()),
            "NETWORK_GUARD_RESOLVER": "tests.net.resolver.MappedResolver",  # missing.test: no such name
            "DISCOVER_ROBOTS_SITEMAPS": "False", "DOWNLOAD_TIMEOUT": "2", "RETRY_TIMES": "1",
            "DOWNLOAD_DELAY_JITTER": "0", "RETRY_AFTER_DEFAULT": "0",
            # AutoThrottle on, and quick: the Crawl-delay must hold although it lowers the delay.
            "AUTOTHROTTLE_ENABLED": "True", "AUTOTHROTTLE_START_DELAY": "0", "AUTOTHROTTLE_TARGET_CONCURRENCY": "8",
        }, tmp_path / "out")
    finally:
        for server in servers.values():
            server.__exit__(None, None, None)
    assert run.returncode == 0, run.log[-3000:]
    fetched = {name: [path for path in server.paths() if path != "/robots.txt"] for name, server in servers.items()}
    assert sorted(fetched["rules"]) == PAGES  # /private/ is disallowed
    assert sorted(fetched["forbidden"]) == sorted(fetched["garbage"]) == sorted([*PAGES, "/private/4-secret"])
    assert fetched["unavailable"] == fetched["silent"] == fetched["limited"] == []
    assert servers["unavailable"].count("/robots.txt") == 2  # retried once, then the host is left alone
    assert servers["silent"].count("/robots.txt") == 2
    starts = sorted(seen.time for seen in servers["rules"].requests if seen.path in PAGES)
    gaps = [later - earlier for earlier, later in pairwise(starts)]
    assert min(gaps) >= 1.25, gaps  # Crawl-delay: 1.5 (seen by the server: connection times vary)
    for outcome in ("disallow_all/503", "disallow_all/429", "disallow_all/DownloadTimeoutError",
                    "allow_all/403", "rules/parsed"):
        assert stat(run.log, f"robotstxt/outcome/{outcome}"), outcome
    assert "robots.txt of http://missing.test is unreachable" in run.log
    assert stat(run.log, "robotstxt/host_disallowed") == 3 * 4 + 1
    assert stat(run.log, "robotstxt/forbidden") == 1


@pytest.mark.parametrize(("status", "policy"), [
    (200, RULES), (204, RULES), (301, ALLOW_ALL), (400, ALLOW_ALL), (401, ALLOW_ALL), (403, ALLOW_ALL),
    (404, ALLOW_ALL), (410, ALLOW_ALL), (429, DISALLOW_ALL), (500, DISALLOW_ALL), (503, DISALLOW_ALL),
    (599, DISALLOW_ALL), (101, DISALLOW_ALL),
])
def test_verdict_for_status(status, policy):
    assert verdict_for_status(status) == policy


def test_the_spider_reads_sitemap_lines_from_the_one_robots_txt_download(tmp_path):
    root = tmp_path / "site"
    (root / "news").mkdir(parents=True)
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /private/\nSitemap: {{BASE}}/sitemap.xml\n")
    (root / "index.html").write_text('<html lang="en"><body><p>Nothing linked here.</p></body></html>')
    entries = "".join(f"<url><loc>{{{{BASE}}}}/news/{n}-story</loc></url>" for n in (1, 2))
    (root / "sitemap.xml").write_text(
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>')
    for n in (1, 2):
        (root / "news" / f"{n}-story").write_text(article_html(f"Story {n}"))
    with FixtureServer(root, variables={}) as server:
        run = run_crawl("news", {"urls": server.base_url + "/", "article_pattern": r"/news/\d+-"},
                        {"NETWORK_ALLOWLIST": server.hostport}, tmp_path / "out")
    assert run.returncode == 0, run.log[-3000:]
    assert server.requests.count("/robots.txt") == 1  # the rules and the Sitemap: lines from one download
    assert stat(run.log, "robotstxt/reused") == 1
    assert sorted(record["url"].rsplit("/", 1)[1] for record in run.records("article")) == ["1-story", "2-story"]
