"""End to end: ``scrapy crawl news`` as a subprocess against the fixture site on 127.0.0.1."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import jsonschema
import pytest

from crawler.schema import load_schema
from tests.conftest import REPO, SITE, crawl_env, run_crawl
from tests.siteserver import FixtureServer

ARTICLE_PATHS = {
    "/en/news/85419-police-department-in-almaty-stormed",
    "/news/102-vlasti-obyavili-komendantskiy-chas",
    "/news/103-uriad-skasuvav-zasidannia",
    "/news/104-plain-page-without-metadata",
    "/news/105-line-separators-in-quotes",
}


def crawl_site(site, output_dir, **settings):
    return run_crawl(
        "news",
        {"urls": site.base_url + "/", "article_pattern": r"/news/\d+-"},
        {"NETWORK_ALLOWLIST": site.hostport, **settings},
        output_dir,
    )


@pytest.fixture(scope="module")
def first_crawl(site, tmp_path_factory):
    requests_before = len(site.requests)
    result = crawl_site(site, tmp_path_factory.mktemp("data"))
    assert result.returncode == 0, result.log[-3000:]
    result.requested = site.paths_requested()[requests_before:]
    return result


def test_every_line_validates_against_the_shipped_schema(first_crawl):
    records = first_crawl.records()
    assert records
    for record in records:
        jsonschema.validate(record, load_schema(record["kind"]))


def test_all_fixture_articles_and_nothing_else(first_crawl):
    articles = first_crawl.records("article")
    canonical_paths = {record["canonical_url"].split(":", 2)[2].split("/", 1)[1] for record in articles}
    assert {"/" + path for path in canonical_paths} == ARTICLE_PATHS
    assert len({record["crawl_id"] for record in articles}) == 1


def test_article_fields_made_it_through_the_pipelines(first_crawl):
    by_path = {record["url"].split("/", 3)[3]: record for record in first_crawl.records("article")}
    almaty = by_path["en/news/85419-police-department-in-almaty-stormed"]
    assert almaty["title"] == "Police department in Almaty stormed with shouts"
    assert almaty["published_at"] == "2022-01-06T19:15:00+02:00"
    assert almaty["language"] == "en"
    assert almaty["body"].count("\n\n") == 2
    assert almaty["discovered_via"]["kind"] in {"link", "seed"}
    separators = by_path["news/105-line-separators-in-quotes"]
    assert separators["published_at"] == "2022-01-08T09:30:00+00:00"  # no offset on the page: DEFAULT_TIMEZONE
    assert "\x07" not in separators["body"]
    assert separators["title"] == "Line separators in quotes"


def test_output_lines_split_safely(first_crawl):
    for path in first_crawl.files():
        data = path.read_bytes()
        assert data.endswith(b"\n")
        text = data.decode("utf-8")
        for separator in ("\u2028", "\u2029", "\x85"):
            assert separator not in text
        assert len(text.splitlines()) == data.count(b"\n")


def test_robots_txt_is_obeyed_and_non_pages_are_not_fetched(first_crawl):
    assert "/robots.txt" in first_crawl.requested
    assert not any(path.startswith("/private/") for path in first_crawl.requested)
    assert "/static/logo.png" not in first_crawl.requested
    assert "robotstxt/forbidden" in first_crawl.log


def test_a_rerun_writes_new_output_and_never_touches_the_old(site, tmp_path):
    first = crawl_site(site, tmp_path)
    old_files = first.files()
    digests = {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in old_files}
    first_ids = {record["crawl_id"] for record in first.records()}
    without_dedup = json.dumps({"pipelines.normalize.NormalizePipeline": 100, "pipelines.validate.ValidatePipeline": 200,
                                "pipelines.store.JsonLinesStorePipeline": 900})
    second = crawl_site(site, tmp_path, ITEM_PIPELINES=without_dedup, INCREMENTAL="False")  # writes all again
    assert second.returncode == 0
    new_files = [path for path in second.files() if path not in digests]
    assert len(new_files) == 1
    assert {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in old_files} == digests
    second_ids = {json.loads(line)["crawl_id"] for line in new_files[0].read_text("utf-8").splitlines()}
    assert len(second_ids) == 1 and second_ids.isdisjoint(first_ids)


def test_a_rerun_over_an_unchanged_site_fetches_no_article_and_emits_nothing(site, tmp_path, state_uri):
    first = crawl_site(site, tmp_path, STATE_URI=state_uri)
    assert len(first.records("article")) == len(ARTICLE_PATHS)
    before = len(site.requests)
    second = crawl_site(site, tmp_path, STATE_URI=state_uri)
    assert second.returncode == 0
    assert second.files() == first.files()  # no new output file
    refetched = [path for path in site.paths_requested()[before:] if path in ARTICLE_PATHS]
    assert refetched == []
    assert "incremental/skipped_known" in second.log


def test_one_record_per_article_despite_tracking_parameters(first_crawl):
    ids = [record["id"] for record in first_crawl.records("article")]
    assert len(ids) == len(set(ids)) == len(ARTICLE_PATHS)


def test_depth_limit_bounds_the_crawl(site, tmp_path):
    result = crawl_site(site, tmp_path, DEPTH_LIMIT="1")
    assert result.returncode == 0
    paths = {record["url"].split("/", 3)[3] for record in result.records("article")}
    # depth 1 from the home page reaches only the article linked from it
    assert paths == {"en/news/85419-police-department-in-almaty-stormed"}


def test_network_guard_refuses_a_seed_and_a_redirect_to_another_loopback_host(tmp_path):
    with FixtureServer(SITE, host="127.0.0.2") as trap:
        with FixtureServer(SITE, redirects={"/go": trap.base_url + "/"}) as site:
            result = run_crawl(
                "news",
                {"urls": f"{site.base_url}/go,{trap.base_url}/"},
                {"NETWORK_ALLOWLIST": site.hostport},
                tmp_path,
            )
        assert result.returncode == 0, result.log[-2000:]
        assert trap.requests == []
        assert "network_guard/refused/private_ip" in result.log


def test_scrapy_list_shows_both_spiders():
    done = subprocess.run([sys.executable, "-m", "scrapy", "list"], cwd=REPO, env=crawl_env(),
                          capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["news", "telegram"]
