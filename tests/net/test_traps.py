"""Crawler traps end within the per-host budget: one real crawl, with no depth limit, over an
endless calendar, relative links that add a path segment on every page, a session id in
every link, a redirect loop, an endless redirect chain and an endless meta-refresh chain."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

import pytest

from crawler.net.traps import strip_session_ids, trap_reason
from tests.hostileserver import Handler, HostileServer, Seen, dynamic, page, redirect
from tests.net.helpers import crawl, stat

BUDGET = 80
NOW = datetime.now(UTC)


def html(*hrefs: str, head: str = "") -> str:
    links = "".join(f'<li><a href="{href}">{href}</a></li>' for href in hrefs)
    return f"<html><head><title>Page</title>{head}</head><body><ul>{links}</ul></body></html>"


def calendar(request: Seen) -> Handler:
    match = re.search(r"month=(\d{4})-(\d{2})", request.target)
    year, month = (int(match.group(1)), int(match.group(2))) if match else (NOW.year, NOW.month)
    previous = f"{year - (month == 1)}-{(month - 2) % 12 + 1:02d}"
    following = f"{year + (month == 12)}-{month % 12 + 1:02d}"
    return page(html(f"/calendar?month={previous}", f"/calendar?month={following}"))


def sessions(request: Seen) -> Handler:
    fresh = uuid.uuid4().hex
    return page(html(f"/shop?PHPSESSID={fresh}", f"/shop;jsessionid={fresh}", f"/shop?id=1&sid={fresh}"))


def chain(request: Seen) -> Handler:
    number = int(request.path.rsplit("/", 1)[1])
    return redirect(f"/chain/{number + 1}")


def refresh_chain(request: Seen) -> Handler:
    number = int(request.path.rsplit("/", 1)[1])
    return page(html(head=f'<meta http-equiv="refresh" content="0; url=/refresh/{number + 1}">'))


def segment_paths() -> list[str]:
    paths, todo = [], [["a"]]
    while todo:
        segments = todo.pop()
        paths.append("/" + "/".join(segments) + "/")
        todo += [segments + [next_one] for next_one in "ab" if segments.count(next_one) < 2]
    return paths


def test_traps_end_within_the_per_host_budget(tmp_path):
    servers = {
        "calendar": HostileServer("127.0.0.1", {"/calendar": dynamic(calendar)}),
        "segments": HostileServer("127.0.0.2", {"/a/*": page(html("a/", "b/"))}),
        "sessions": HostileServer("127.0.0.3", {"/shop": dynamic(sessions), "/shop;*": dynamic(sessions)}),
        "redirects": HostileServer("127.0.0.4", {
            "/loop-a": redirect("/loop-b"), "/loop-b": redirect("/loop-a"),
            "/chain/*": dynamic(chain), "/refresh/*": dynamic(refresh_chain),
        }),
    }
    for server in servers.values():
        server.__enter__()
    try:
        base = {name: server.base_url for name, server in servers.items()}
        seeds = [f"{base['calendar']}/calendar?month={NOW.year}-{NOW.month:02d}", f"{base['segments']}/a/", f"{base['sessions']}/shop",
                 f"{base['redirects']}/loop-a", f"{base['redirects']}/chain/1", f"{base['redirects']}/refresh/1"]
        run = crawl("news", {"urls": ",".join(seeds)}, {
            "NETWORK_ALLOWLIST": ",".join(server.hostport for server in servers.values()),
            "DEPTH_LIMIT": "0", "HOST_PAGE_BUDGET": str(BUDGET), "CLOSESPIDER_TIMEOUT": "60",
            "DISCOVER_ROBOTS_SITEMAPS": "False", "DISCOVER_FEED_LINKS": "False",
        }, tmp_path / "out", timeout=90)
    finally:
        for server in servers.values():
            server.__exit__(None, None, None)
    assert run.returncode == 0, run.log[-3000:]
    assert "Spider closed (finished)" in run.log
    for name, server in servers.items():
        assert len(server.requests) <= BUDGET, (name, len(server.requests))
    months = [seen.target.split("=")[1] for seen in servers["calendar"].requests if "month=" in seen.target]
    assert max(months) == f"{NOW.year + 1}-12"  # the next year is the last one a news calendar may show
    assert stat(run.log, "traps/refused/calendar_year") == 1  # January after it, once (then the dupefilter)
    assert stat(run.log, "traps/host_budget_spent/127.0.0.1")  # the calendar back to 1900 hit the budget
    # Every path of a and b segments, starting with a, with no segment three times (9 of them).
    assert sorted(servers["segments"].paths()) == sorted(["/robots.txt", *segment_paths()])
    shop = [seen.target for seen in servers["sessions"].requests if seen.path != "/robots.txt"]
    assert sorted(shop) == ["/shop", "/shop?id=1"]
    redirected = servers["redirects"].paths()
    assert redirected.count("/loop-a") == 1 and redirected.count("/loop-b") == 1
    assert len([path for path in redirected if path.startswith("/chain/")]) == 11  # REDIRECT_MAX_TIMES = 10
    assert len([path for path in redirected if path.startswith("/refresh/")]) == 11


@pytest.mark.parametrize(("url", "reason"), [
    ("https://x.org/calendar/2031/05/", "calendar_year"),
    ("https://x.org/events?year=2031", "calendar_year"),
    ("https://x.org/cal?month=2031-05", "calendar_year"),
    ("https://x.org/archive/1850-01-01", "calendar_year"),
    ("https://x.org/news/2026/11/25/slug", None),
    ("https://x.org/news/4521", None),  # an id, not a year
    ("https://x.org/news?page=2050", None),  # a page number, not a year
    ("https://x.org/tag/1812", None),
    ("https://x.org/a/a/a/", "repeated_segments"),
    ("https://x.org/" + "/".join(f"s{n}" for n in range(25)), "repeated_segments"),
    ("https://x.org/a/b/a/b/", None),
    ("https://x.org/?q=" + "x" * 2100, "url_too_long"),
])
def test_trap_reason(url, reason):
    assert trap_reason(url) == reason


@pytest.mark.parametrize(("url", "clean"), [
    ("https://x.org/p;jsessionid=ABC123?x=1", "https://x.org/p?x=1"),
    ("https://x.org/p?PHPSESSID=abc&id=2", "https://x.org/p?id=2"),
    ("https://x.org/p?id=2&sid=f00", "https://x.org/p?id=2"),
    ("https://x.org/p?id=2", "https://x.org/p?id=2"),
    ("https://x.org/p?side=1", "https://x.org/p?side=1"),
])
def test_strip_session_ids(url, clean):
    assert strip_session_ids(url) == clean
