"""Network guard in real crawls: seeds, links, redirects and meta refreshes to host names that
resolve to loopback addresses, and to addresses written into URLs, never reach the trap server.

The first test resolves names through ``tests.net.resolver.MappedResolver`` (the machine is
offline), set as the upstream of the guarded resolver the crawl really uses; the second uses
the machine's own host name, which resolves to a loopback address through /etc/hosts.
"""

from __future__ import annotations

import ipaddress
import socket

import pytest

from crawler.net.addresses import address_allowed, parse_allowlist, refusal_reason
from tests.hostileserver import HostileServer, page, redirect
from tests.net.helpers import article_html, crawl, stat

ARTICLE = r"/news/\d+-"


def links_page(*urls: str) -> str:
    anchors = "".join(f'<p><a href="{url}">link {number}</a></p>' for number, url in enumerate(urls))
    return f"<html><head><title>Links</title></head><body>{anchors}</body></html>"


def refresh_page(url: str) -> str:
    return f'<html><head><meta http-equiv="refresh" content="0; url={url}"></head><body>Moved</body></html>'


def test_names_resolving_to_loopback_are_refused_in_seeds_links_redirects_and_meta_refresh(tmp_path):
    with HostileServer("127.0.0.2") as trap, HostileServer("127.0.0.3") as allowed:
        intranet = f"http://intranet.test:{trap.port}"
        allowed.routes["/news/1-allowed-by-name"] = page(article_html("Allowed by name"))
        with HostileServer(routes={
            "/": page(links_page(f"{intranet}/news/1-linked")),
            "/go": redirect(f"{intranet}/news/2-redirected"),
            "/refresh": page(refresh_page(f"{intranet}/news/3-refreshed")),
            "/refresh-ip": page(refresh_page(f"http://127.0.0.2:{trap.port}/news/4-refreshed-ip")),
            "/refresh-hex": page(refresh_page(f"http://0x7f000002:{trap.port}/news/5-refreshed-hex")),
            "/go-file": redirect("file:///etc/passwd"),
        }) as site:
            seeds = [site.base_url + path for path in ("/", "/go", "/refresh", "/refresh-ip", "/refresh-hex", "/go-file")]
            seeds += [f"{intranet}/news/6-seed", f"http://127.0.0.2:{trap.port}/news/7-seed-ip",
                      f"http://0x7f000002:{trap.port}/news/8-seed-hex",
                      f"http://allowed.test:{allowed.port}/news/1-allowed-by-name"]
            run = crawl("news", {"urls": ",".join(seeds), "article_pattern": ARTICLE}, {
                "NETWORK_ALLOWLIST": f"{site.hostport},allowed.test:{allowed.port}",
                "NETWORK_GUARD_RESOLVER": "tests.net.resolver.MappedResolver",
                "TEST_HOSTS": "intranet.test=127.0.0.2,allowed.test=127.0.0.3",
                "DOWNLOAD_TIMEOUT": "3",
            }, tmp_path / "out")
    assert run.returncode == 0, run.log[-3000:]
    assert trap.connections == 0, trap.paths()
    # The allowlisted name went through the same resolver: the guard is the one in use.
    assert "/news/1-allowed-by-name" in allowed.paths()
    assert [record["title"] for record in run.records("article")] == ["Allowed by name"]
    assert f"Refused to connect to intranet.test:{trap.port}: it resolves to 127.0.0.2" in run.log
    for path in ("/news/1-linked", "/news/2-redirected", "/news/3-refreshed"):
        # Refused when connecting, or before (once the resolver has found intranet.test out).
        assert f"Refused {intranet}{path}" in run.log or f"Error downloading <GET {intranet}{path}>" in run.log
    for url in (f"http://127.0.0.2:{trap.port}/news/4-refreshed-ip", f"http://0x7f000002:{trap.port}/news/5-refreshed-hex"):
        assert f"Refused {url}: private_ip" in run.log
    assert stat(run.log, "network_guard/refused/resolves_private")


@pytest.fixture(scope="module")
def loopback_hostname() -> tuple[str, str]:
    """The machine's host name and the loopback address /etc/hosts gives it, or skip."""
    name = socket.gethostname()
    try:
        infos = socket.getaddrinfo(name, 80, socket.AF_INET, socket.SOCK_STREAM)
    except OSError:
        pytest.skip(f"{name} does not resolve")
    addresses = [info[4][0] for info in infos if ipaddress.ip_address(info[4][0]).is_loopback]
    if not addresses:
        pytest.skip(f"{name} does not resolve to a loopback address here")
    return name, addresses[0]


def test_the_machines_own_name_resolves_to_loopback_and_is_refused(loopback_hostname, tmp_path):
    """No test resolver: the system's resolution (/etc/hosts) of a name, as in production."""
    name, address = loopback_hostname
    with HostileServer(address, routes={"/news/1-trap": page(article_html("Trap"))}) as trap, \
            HostileServer("127.0.0.3") as site:
        site.routes["/go"] = redirect(f"http://{name}:{trap.port}/news/1-trap")
        seeds = f"http://{name}:{trap.port}/news/1-trap,{site.base_url}/go"
        run = crawl("news", {"urls": seeds, "article_pattern": ARTICLE},
                    {"NETWORK_ALLOWLIST": site.hostport, "DOWNLOAD_TIMEOUT": "3"}, tmp_path / "out")
    assert run.returncode == 0, run.log[-3000:]
    assert trap.connections == 0
    assert f"resolves to {address}" in run.log
    assert run.records("article") == []


@pytest.mark.parametrize(("url", "reason"), [
    ("http://[::ffff:7f00:1]/", "private_ip"),  # IPv4-mapped, hex form
    ("http://[2002:7f00:1::]/", "private_ip"),  # 6to4 around 127.0.0.1
    ("http://[64:ff9b::a9fe:a9fe]/", "private_ip"),  # NAT64 around 169.254.169.254
    ("http://[fe80::1]/", "private_ip"),  # link-local
    ("http://100.64.0.1/", "private_ip"),  # shared address space (carrier NAT)
    ("http://0177.0.0.1/", None),  # not an address to Python's parser: a name, left to the resolver
    ("http://[2606:4700::1111]/", None),
    ("gopher://example.org/", "scheme"),
])
def test_refusal_reason_more_forms(url, reason):
    assert refusal_reason(url, frozenset()) == reason


def test_resolved_addresses_are_checked_against_the_allowlist_by_name_or_address():
    allow = parse_allowlist(["intranet.local:8080", "[::1]:9000", "10.0.0.7:443"])
    assert address_allowed("example.org", "93.184.216.34", 80, allow)
    assert not address_allowed("example.org", "127.0.0.1", 80, allow)
    assert not address_allowed("example.org", "169.254.169.254", 80, allow)
    assert address_allowed("intranet.local", "10.0.0.5", 8080, allow)
    assert not address_allowed("intranet.local", "10.0.0.5", 8081, allow)
    assert address_allowed("anything", "::1", 9000, allow)
    assert address_allowed("wiki", "10.0.0.7", 443, allow)
    assert not address_allowed("example.org", "fe80::1%eth0", 80, allow)
