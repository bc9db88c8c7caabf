"""Credentials never follow a redirect or meta refresh to another host, port or scheme.

A real ``scrapy runspider`` crawl with the project's settings: requests carrying
Authorization and Cookie (and Proxy-Authorization through a proxy) are redirected within
their origin and to other ports and hosts; the servers record what they received.
"""

from __future__ import annotations

import sys

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.http import Response

from crawler.net.credentials import RedirectCredentialsMiddleware, origin
from tests.hostileserver import HostileServer, Seen, page, redirect
from tests.net.credspider import CREDENTIALS, PROXY_CREDENTIALS
from tests.net.helpers import run_command
from tests.pipelines.helpers import make_crawler

SECRETS = {"authorization", "cookie", "proxy-authorization"}


def secrets(seen: Seen) -> set[str]:
    return {name for name in seen.headers if name in SECRETS}


def landed(server: HostileServer, path: str) -> Seen:
    matches = [seen for seen in server.requests if seen.path == path]
    assert len(matches) == 1, server.paths()
    return matches[0]


def test_credentials_stay_with_their_origin_on_redirects_and_meta_refresh(tmp_path):
    refresh = '<html><head><meta http-equiv="refresh" content="0;url={}"></head><body>moved</body></html>'
    with HostileServer() as other_port, HostileServer("127.0.0.2") as other_host, \
            HostileServer("127.0.0.4") as proxied_other, HostileServer() as proxy:
        other_port.routes.update({"/land-port": page("ok"), "/land-refresh": page("ok")})
        other_host.routes["/land-host"] = page("ok")
        with HostileServer(routes={
            "/same": redirect("/land-same"),
            "/land-same": page("ok"),
            "/to-port": redirect(f"{other_port.base_url}/land-port"),
            "/to-host": redirect(f"{other_host.base_url}/land-host"),
            "/refresh": page(refresh.format(f"{other_port.base_url}/land-refresh")),
        }) as site:
            # The proxy serves the origin 127.0.0.3 itself, by path: /proxied-start redirects
            # to 127.0.0.4, which the proxy also fetches for us (it answers /proxied-land).
            proxy.routes.update({"/proxied-start": redirect(f"http://{proxied_other.host}:{proxied_other.port}/proxied-land"),
                                 "/proxied-land": page("ok")})
            urls = [f"{site.base_url}/{path}" for path in ("same", "to-port", "to-host", "refresh")]
            allow = [site.hostport, other_port.hostport, other_host.hostport, proxy.hostport,
                     f"127.0.0.3:{proxied_other.port}", proxied_other.hostport]
            command = [sys.executable, "-m", "scrapy", "runspider", "tests/net/credspider.py",
                       "-a", "urls=" + ",".join(urls),
                       "-a", f"proxy_urls=http://127.0.0.3:{proxied_other.port}/proxied-start",
                       "-a", f"proxy={proxy.base_url}",
                       "-s", "NETWORK_ALLOWLIST=" + ",".join(allow), "-s", "ROBOTSTXT_OBEY=False",
                       "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
                       "-s", f"STATE_URI={tmp_path}/state.sqlite3", "-s", f"OUTPUT_DIR={tmp_path}/out"]
            run = run_command(command, tmp_path / "out")
    assert run.returncode == 0, run.log[-3000:]
    assert run.log.count("Landed on") == 5, run.log[-3000:]
    assert secrets(landed(site, "/same")) == {"authorization", "cookie"}
    assert landed(site, "/land-same").headers["authorization"] == CREDENTIALS["Authorization"]
    assert landed(site, "/land-same").headers["cookie"] == CREDENTIALS["Cookie"]
    for server, path in ((other_port, "/land-port"), (other_host, "/land-host"), (other_port, "/land-refresh")):
        assert secrets(landed(server, path)) == set(), path
    start, land = landed(proxy, "/proxied-start"), landed(proxy, "/proxied-land")
    assert start.headers["proxy-authorization"] == PROXY_CREDENTIALS["Proxy-Authorization"]
    assert secrets(land) == set()


def redirected(source: str, target: str, status: int = 301) -> Request:
    """What Scrapy's RedirectMiddleware, then ours, make of a redirect with credentials."""
    crawler = make_crawler()
    request = Request(source, headers={**CREDENTIALS, **PROXY_CREDENTIALS})
    response = Response(source, status=status, headers={"Location": target}, request=request)
    follow = RedirectMiddleware.from_crawler(crawler).process_response(request, response)
    assert isinstance(follow, Request)
    RedirectCredentialsMiddleware.from_crawler(crawler).process_request(follow)
    return follow


def test_scheme_and_port_changes_drop_credentials_that_scrapy_keeps():
    upgraded = redirected("http://news.test/a", "https://news.test/a")  # Scrapy keeps the Cookie here
    assert not {b"Authorization", b"Cookie", b"Proxy-Authorization"} & set(upgraded.headers)
    other_port = redirected("https://news.test/a", "https://news.test:8443/a")  # ... and here
    assert b"Cookie" not in other_port.headers
    same = redirected("https://news.test/a", "https://NEWS.test:443/b")
    assert same.headers[b"Cookie"] == CREDENTIALS["Cookie"].encode()
    assert same.headers[b"Authorization"] == CREDENTIALS["Authorization"].encode()


def test_origin_fills_in_default_ports():
    assert origin("http://Example.org/x") == ("http", "example.org", 80)
    assert origin("https://example.org:443/") == origin("https://example.org/")
    assert origin("https://example.org:8443/") != origin("https://example.org/")
