"""Scheduled reruns: unchanged sources give nothing new; a changed article comes back as revision 2.

Runs against SQLite and a real redis-server (the ``state_uri`` fixture)."""

from __future__ import annotations

import json

import jsonschema

from crawler.schema import load_schema
from tests.conftest import FIXTURES, run_crawl
from tests.siteserver import FixtureServer

ARTICLES = {"/news/1-story", "/news/2-story", "/news/3-story"}


def crawl(server: FixtureServer, output_dir, state_uri):
    result = run_crawl("news", {"urls": server.base_url + "/"},
                       {"NETWORK_ALLOWLIST": server.hostport, "STATE_URI": state_uri}, output_dir)
    assert result.returncode == 0, result.log[-3000:]
    return result


def article_fetches(server: FixtureServer, since: int) -> list[str]:
    return [path for path in server.paths_requested()[since:] if path in ARTICLES]


def test_unchanged_rerun_then_one_changed_article(tmp_path, state_uri):
    output = tmp_path / "data"
    with FixtureServer(FIXTURES / "incremental" / "v1", variables={}) as server:
        first = crawl(server, output, state_uri)
        assert sorted(record["url"].split("/", 3)[3] for record in first.records("article")) == \
            ["news/1-story", "news/2-story", "news/3-story"]
        first_requests = len(server.requests)
        files_after_first = set(first.files())

        second = crawl(server, output, state_uri)
        assert set(second.files()) == files_after_first  # nothing new written
        assert article_fetches(server, first_requests) == []  # only discovery pages fetched
        second_requests = len(server.requests) - first_requests
        assert second_requests < first_requests

        server.root = (FIXTURES / "incremental" / "v2").resolve()  # story 2 is corrected
        before_third = len(server.requests)
        third = crawl(server, output, state_uri)
        assert article_fetches(server, before_third) == ["/news/2-story"]
    new_files = set(third.files()) - files_after_first
    records = [record for path in new_files for record in third.records("article") if path in third.files("article")]
    (revised,) = {record["id"]: record for record in records if record["url"].endswith("/news/2-story")}.values()
    assert revised["revision"] == 2 and "Correction" in revised["body"]
    emitted = [line for path in new_files for line in path.read_text("utf-8").splitlines()]
    assert len(emitted) == 1
    jsonschema.validate(revised, load_schema("article"))


def test_recent_articles_are_revisited_conditionally(tmp_path, state_uri):
    """A site that changes a page without telling its sitemap: the revisit finds it; an
    unchanged page costs a 304 and gives no record."""
    output = tmp_path / "data"
    revisit_now = {"REVISIT_EVERY_HOURS": "0"}
    with FixtureServer(FIXTURES / "incremental" / "v1", variables={}) as server:
        crawl(server, output, state_uri)
        files_after_first = set((output).rglob("*.jsonl"))
        before = len(server.requests)
        unchanged = run_crawl("news", {"urls": server.base_url + "/"},
                              {"NETWORK_ALLOWLIST": server.hostport, "STATE_URI": state_uri, **revisit_now}, output)
        assert sorted(article_fetches(server, before)) == sorted(ARTICLES)  # revisited...
        assert "'incremental/not_modified': 3" in unchanged.log  # ...and all unchanged
        assert set(output.rglob("*.jsonl")) == files_after_first

        server.root = (FIXTURES / "incremental" / "v3").resolve()  # story 3 updated, sitemap not
        changed = run_crawl("news", {"urls": server.base_url + "/"},
                            {"NETWORK_ALLOWLIST": server.hostport, "STATE_URI": state_uri, **revisit_now}, output)
    assert changed.returncode == 0
    assert "'incremental/not_modified': 2" in changed.log
    new = [record for path in set(output.rglob("*.jsonl")) - files_after_first
           for record in map(json.loads, path.read_text("utf-8").splitlines())]
    assert [(record["url"].rsplit("/", 1)[-1], record["revision"]) for record in new] == [("3-story", 2)]
