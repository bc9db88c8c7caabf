"""Pause and resume one crawl with JOBDIR: SIGINT (Scrapy's graceful stop), then the same command again.

The site is generated: 6 listing pages of 20 articles each, served slowly enough that the
first run is still busy when it is interrupted. The server counts completed answers per
path, so the test can tell that the resumed run fetched only what the first one had not.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import jsonschema
import pytest

from crawler.schema import load_schema
from crawler.state import open_state_store
from tests.conftest import REPO, crawl_command, crawl_env
from tests.siteserver import FixtureServer, _Handler

LISTINGS, PER_LISTING = 6, 20
ARTICLES = LISTINGS * PER_LISTING
WORDS = ("river bridge council budget school harbour train festival archive storm vote market "
         "museum factory clinic library court mayor season report village airport tower").split()


def article_path(number: int) -> str:
    return f"/news/{number}-story-{number}"


def write_site(root: Path) -> None:
    """Index -> listings (with pagination) -> articles with distinct bodies and dates."""
    (root / "news").mkdir(parents=True)
    (root / "list").mkdir()
    links = "".join(f'<li><a href="/list/{page}">Page {page}</a></li>' for page in range(1, LISTINGS + 1))
    (root / "index.html").write_text(f"<!DOCTYPE html><html><body><ul>{links}</ul></body></html>", "utf-8")
    words = random.Random(6)
    for page in range(1, LISTINGS + 1):
        numbers = range((page - 1) * PER_LISTING + 1, page * PER_LISTING + 1)
        items = "".join(f'<li><a href="{article_path(n)}">Story {n}</a></li>' for n in numbers)
        following = f'<a rel="next" href="/list/{page + 1}">Next</a>' if page < LISTINGS else ""
        (root / "list" / str(page)).write_text(
            f"<!DOCTYPE html><html><body><ul>{items}</ul><nav class='pagination'>{following}</nav></body></html>", "utf-8")
        for n in numbers:
            paragraphs = "".join(
                "<p>" + " ".join(words.choice(WORDS) for _ in range(40)) + f" ({n}.{i})</p>" for i in range(3))
            (root / "news" / f"{n}-story-{n}").write_text(
                '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
                f"<title>Story {n}</title>"
                '<meta property="og:type" content="article">'
                f'<meta property="og:title" content="Story number {n} of the archive">'
                f'<meta property="article:published_time" content="2026-01-{1 + n % 28:02d}T10:00:00+00:00">'
                f'</head><body><nav><a href="/">Home</a></nav><div class="post-content"><h1>Story number {n} of the archive</h1>'
                f"{paragraphs}</div></body></html>", "utf-8")


class _SlowHandler(_Handler):
    def do_GET(self) -> None:  # noqa: N802
        time.sleep(self.server.delay)
        super().do_GET()
        self.server.completed.append(self.path)  # the whole answer was written


class SlowServer(FixtureServer):
    """FixtureServer with a delay per request and a record of answers completed."""

    def __init__(self, root: Path, delay: float) -> None:
        super().__init__(root)
        self.RequestHandlerClass = _SlowHandler
        self.delay = delay
        self.completed: list[str] = []


def write_channel(root: Path, channel: str, pages: int, per_page: int) -> None:
    """A t.me/s preview of ``pages`` pages, newest first, each with a load-more cursor to the next."""
    (root / "s").mkdir(parents=True, exist_ok=True)
    for page in range(pages):
        top = (pages - page) * per_page
        first = top - per_page + 1
        more = (f'<div class="js-messages_more_wrap"><a href="/s/{channel}?before={first}" '
                f'class="tme_messages_more js-messages_more" data-before="{first}"></a></div>') if first > 1 else ""
        posts = "".join(
            f'<div class="tgme_widget_message_wrap"><div class="tgme_widget_message js-widget_message" data-post="{channel}/{n}">'
            f'<div class="tgme_widget_message_text js-message_text" dir="auto">Report number {n} from the wire.</div>'
            f'<span class="tgme_widget_message_meta"><a class="tgme_widget_message_date" href="https://t.me/{channel}/{n}">'
            f'<time datetime="2026-10-01T{n // 60:02d}:{n % 60:02d}:00+00:00">x</time></a></span></div></div>'
            for n in range(first, top + 1))
        name = channel if page == 0 else f"{channel}__before={top + 1}"
        (root / "s" / name).write_text(
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><meta property="og:title" content="Slow Wire"></head>'
            f'<body><main class="tgme_main"><section class="tgme_channel_history">{more}{posts}</section></main></body></html>',
            "utf-8")


def articles_in(output: Path) -> list[dict]:
    return [json.loads(line) for path in sorted(output.glob("article/*/*.jsonl"))
            for line in path.read_text("utf-8").splitlines()]


def path_of(record: dict) -> str:
    return "/" + record["canonical_url"].split("/", 3)[3]


def test_sigint_then_rerun_with_the_same_jobdir_resumes_without_refetching(tmp_path: Path) -> None:
    write_site(tmp_path / "site")
    output, state_uri = tmp_path / "data", f"sqlite:///{tmp_path}/state.sqlite3"
    with SlowServer(tmp_path / "site", delay=0.05) as server:
        command = crawl_command(
            "news", {"urls": server.base_url + "/", "article_pattern": r"/news/\d+-"},
            {"NETWORK_ALLOWLIST": server.hostport, "OUTPUT_DIR": str(output), "STATE_URI": state_uri,
             "JOBDIR": str(tmp_path / "job"), "CONCURRENT_REQUESTS_PER_DOMAIN": "4"},
        )
        log1 = tmp_path / "run1.log"
        with open(log1, "wb") as log:
            first = subprocess.Popen(command, cwd=REPO, env=crawl_env(), stdout=log, stderr=subprocess.STDOUT)
            deadline = time.monotonic() + 30
            while sum(path.startswith("/news/") for path in server.completed) < 30:
                assert first.poll() is None and time.monotonic() < deadline, log1.read_text("utf-8")[-3000:]
                time.sleep(0.05)
            first.send_signal(signal.SIGINT)  # once: graceful, the queue stays in JOBDIR
            assert first.wait(30) == 0, log1.read_text("utf-8")[-3000:]
        run1_log = log1.read_text("utf-8")
        done_in_run1 = set(server.completed)
        requests_before = len(server.requests)
        run1 = articles_in(output)

        second = subprocess.run(command, cwd=REPO, env=crawl_env(), capture_output=True, text=True, timeout=60)
        run2_log = second.stdout + second.stderr
        assert second.returncode == 0, run2_log[-3000:]
        requested_in_run2 = [path.split("?", 1)[0] for path in server.requests[requests_before:]]

    assert "'finish_reason': 'shutdown'" in run1_log
    assert 0 < len(run1) < ARTICLES  # really interrupted half way
    assert "Resuming crawl" in run2_log and "'finish_reason': 'finished'" in run2_log
    assert "scheduler/enqueued/disk" in run1_log
    for log in (run1_log, run2_log):  # every request went to the disk queue (picklable callbacks and meta)
        assert "scheduler/enqueued/memory" not in log and "scheduler/dequeued/memory" not in log
        assert "unserializable" not in log and "Traceback" not in log

    everything = articles_in(output)
    assert Counter(path_of(record) for record in everything) == Counter(article_path(n) for n in range(1, ARTICLES + 1))
    for record in everything:
        jsonschema.validate(record, load_schema("article"))
    assert len({record["crawl_id"] for record in everything}) == 2

    # robots.txt is asked for by every run; any other page once in both runs together.
    assert [path for path in requested_in_run2 if path in done_in_run1 and path != "/robots.txt"] == []
    assert [path for path, count in Counter(requested_in_run2).items() if count > 1 and path != "/robots.txt"] == []

    store = open_state_store(state_uri)  # what run 1 wrote is in the incremental state, too
    try:
        for record in run1:
            known = store.get_record(record["id"])
            assert known is not None and known.content_hash == record["content_hash"]
    finally:
        store.close()


def test_a_resumed_telegram_channel_walk_reads_its_history_to_the_start(tmp_path: Path) -> None:
    pages, per_page = 8, 10
    write_channel(tmp_path / "site", "slowwire", pages, per_page)
    with SlowServer(tmp_path / "site", delay=0.25) as server:
        command = crawl_command(
            "telegram", {"channels": "slowwire"},
            {"TELEGRAM_BASE_URL": server.base_url, "NETWORK_ALLOWLIST": server.hostport, "ROBOTSTXT_OBEY": "False",
             "OUTPUT_DIR": str(tmp_path / "data"), "STATE_URI": f"sqlite:///{tmp_path}/state.sqlite3",
             "JOBDIR": str(tmp_path / "job")},
        )
        first = subprocess.Popen(command, cwd=REPO, env=crawl_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while len(server.completed) < 3:
            assert first.poll() is None and time.monotonic() < deadline
            time.sleep(0.02)
        first.send_signal(signal.SIGINT)
        assert first.wait(30) == 0
        second = subprocess.run(command, cwd=REPO, env=crawl_env(), capture_output=True, text=True, timeout=60)
        assert second.returncode == 0, second.stderr[-3000:]
        requested = Counter(path for path in server.requests)

    posts = [json.loads(line)["post_id"] for path in sorted((tmp_path / "data").glob("telegram_post/*/*.jsonl"))
             for line in path.read_text("utf-8").splitlines()]
    assert max(requested.values()) == 1  # no page fetched twice
    assert Counter(posts) == Counter(range(1, pages * per_page + 1))
