"""End to end: ``scrapy crawl news`` discovery against the fixture site ``fixtures/discovery``.

The site (a real HTTP server on 127.0.0.1) has a home page announcing RSS, Atom, a
windows-1251 RSS, a broken and a dead feed; robots.txt with ``Sitemap:`` lines to a sitemap
index (one child gzipped) and a Google News sitemap; a paginated listing; tag, author,
search and section pages dressed up as articles; old (2021) and new articles, each
reachable one way only, so that ``discovered_via`` is predictable; and a "Read also" chain
that leads to a second server on 127.0.0.2 (another outlet).
"""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from crawler.schema import load_schema
from tests.conftest import FIXTURES, CrawlResult, run_crawl
from tests.siteserver import FixtureServer

SITE = FIXTURES / "discovery"
N1 = "/news/1001-kyiv-metro-reopens-after-repairs"
OLD = ["/news/901-old-rss-story", "/news/902-old-atom-story", "/ru/news/903-staraya-novost",
       "/news/904-old-news-sitemap-story", "/news/905-old-archived-story"]
NEW_FROM_FEEDS_AND_SITEMAPS = {
    "/news/1101-feed-only-story": ("feed", "/feeds/rss.xml"),
    "/news/1102-atom-only-story": ("feed", "/feeds/atom.xml"),
    "/ru/news/1103-novost-iz-lenty": ("feed", "/feeds/ru.xml"),
    "/news/1201-sitemap-only-story": ("sitemap", "/sitemaps/2026.xml"),
    "/news/1202-news-sitemap-story": ("sitemap", "/sitemap-news.xml"),
}


class Sites:
    def __init__(self, site: FixtureServer, other: FixtureServer) -> None:
        self.site, self.other = site, other

    def crawl(self, output_dir: Path, args: dict[str, str], **settings: str) -> tuple[CrawlResult, list[str], list[str]]:
        """Run a crawl; return it with the paths it requested from each server."""
        before, other_before = len(self.site.requests), len(self.other.requests)
        args = {name: value.replace("{BASE}", self.site.base_url) for name, value in args.items()}
        result = run_crawl("news", args, {
            "NETWORK_ALLOWLIST": f"{self.site.hostport},{self.other.hostport}", "DEPTH_LIMIT": "6", **settings,
        }, output_dir)
        assert result.returncode == 0, result.log[-3000:]
        return result, self.site.paths_requested()[before:], self.other.paths_requested()[other_before:]


@pytest.fixture(scope="module")
def sites():
    with FixtureServer(SITE, host="127.0.0.2", variables={}) as other:
        with FixtureServer(SITE, variables={"OTHER": other.base_url}) as site:
            yield Sites(site, other)


def by_path(result: CrawlResult) -> dict[str, dict]:
    return {"/" + record["url"].split("/", 3)[3]: record for record in result.records("article")}


def via(record: dict) -> tuple[str, str | None]:
    from_url = record["discovered_via"]["from_url"]
    return record["discovered_via"]["kind"], "/" + from_url.split("/", 3)[3] if from_url else None


@pytest.fixture(scope="module")
def full(sites, tmp_path_factory):
    """A generic run from the home page: every discovery path at once, default DEPTH_LIMIT
    (feeds and sitemaps restart depth: robots.txt -> index -> child sitemap -> article is 1)."""
    return sites.crawl(tmp_path_factory.mktemp("full"), {"urls": "{BASE}/"}, DEPTH_LIMIT="3")


def test_feeds_and_sitemaps_are_found_from_the_home_page_and_robots_txt(full):
    result, requested, _ = full
    records = by_path(result)
    for path, (kind, from_path) in NEW_FROM_FEEDS_AND_SITEMAPS.items():
        assert via(records[path]) == (kind, from_path), path
    assert records["/ru/news/1103-novost-iz-lenty"]["title"] == "Новость, которую знает только лента"
    assert via(records["/news/905-old-archived-story"]) == ("sitemap", "/sitemaps/2021.xml.gz")  # gzipped
    assert via(records["/news/1104-recovered-from-broken-feed"]) == ("feed", "/feeds/broken.xml")
    assert {"/robots.txt", "/sitemap-index.xml", "/sitemap-news.xml", "/sitemaps/2021.xml.gz"} <= set(requested)
    for line in ("news/discovery/garbage", "news/skipped/offsite"):  # /feeds/gone.xml is HTML; an off-site <loc>
        assert f"'{line}': 1" in result.log


def test_listings_pagination_and_links(full):
    result, requested, _ = full
    records = by_path(result)
    assert {"/news/page/2/", "/news/page/3/"} <= set(requested)
    assert via(records["/news/1006-library-opens-new-wing"])[0] == "listing"  # page 3, or the World section
    assert via(records["/news/1008-new-tram-line-planned"]) == ("listing", "/world/")
    assert via(records["/news/1401-linked-from-article-body"]) == ("link", "/news/1002-city-council-approves-budget")
    assert "/amp-news/1003-river-port-expands" in requested  # no profile: the AMP twin is fetched


def test_listing_tag_author_search_and_section_pages_are_not_articles(full):
    result, requested, _ = full
    assert {"/tag/kyiv/", "/author/anna-marchenko/", "/world/", "/news/"} <= set(requested)
    assert "/search" not in requested  # search results are never followed
    paths = set(by_path(result))
    assert not {path for path in paths if not path.startswith(("/news/1", "/news/9", "/ru/news/", "/amp-news/"))}
    assert "/news/1005-plain-notice" not in paths  # no metadata and no article pattern: not an article


def test_what_is_never_fetched(full):
    result, requested, other = full
    for path in ("/private/drafts", "/comments/feed/", "/feeds/section-world.xml"):
        assert path not in requested  # robots.txt; a comments feed; a feed announced by an article
    assert other == []  # "Read also" to another outlet is not followed by default
    assert "elsewhere.example" not in result.log
    for record in result.records():
        jsonschema.validate(record, load_schema(record["kind"]))


def test_read_also_in_the_full_run(full):
    result, requested, _ = full
    records = by_path(result)
    assert via(records["/news/1301-read-also-first-hop"]) == ("read_also", N1)
    assert "/news/1302-read-also-second-hop" not in requested  # READ_ALSO_DEPTH=1
    assert records[N1]["related"]


def test_since_skips_old_articles_without_fetching_them(sites, tmp_path):
    feeds_and_sitemaps = ",".join(f"{{BASE}}{path}" for path in (
        "/feeds/rss.xml", "/feeds/atom.xml", "/feeds/ru.xml", "/sitemap-index.xml", "/sitemap-news.xml"))
    result, requested, _ = sites.crawl(tmp_path, {"urls": feeds_and_sitemaps, "since": "2026-01-01"},
                                       FOLLOW_ARTICLE_LINKS="False", READ_ALSO_DEPTH="0")
    assert set(by_path(result)) == set(NEW_FROM_FEEDS_AND_SITEMAPS)
    assert not set(OLD) & set(requested)
    assert "/sitemaps/2021.xml.gz" not in requested  # the whole child sitemap is older
    assert "'news/skipped/older_than_since': 4" in result.log
    assert "'news/skipped/sitemap_older_than_since': 1" in result.log


def test_max_articles_bounds_the_run(sites, tmp_path):
    result, _, _ = sites.crawl(tmp_path, {"urls": "{BASE}/", "max_articles": "3"})
    assert len(result.records("article")) == 3
    assert "'finish_reason': 'max_articles'" in result.log


def write_profile(folder: Path, base: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "fixture.toml").write_text(f"""
name = "fixture"
title = "Fixture Gazette"
domains = ["127.0.0.1"]
language = "en"
timezone = "Europe/Kyiv"
start_urls = ["{base}/news/", "{base}{N1}"]
feeds = ["{base}/feeds/rss.xml"]
sitemaps = ["{base}/sitemap-news.xml"]
article_pattern = '/(?:ru/)?(?:amp-)?news/\\d+-'

[language_by_path]
"/ru/" = "ru"

[[url_aliases]]
pattern = '/amp-news/(\\d+-)'
replace = '/news/\\1'
""", "utf-8")
    return folder


def test_an_outlet_profile_run(sites, tmp_path):
    profiles = write_profile(tmp_path / "profiles", sites.site.base_url)
    result, requested, _ = sites.crawl(tmp_path / "data", {"outlet": "fixture"}, OUTLET_PROFILES_DIRS=str(profiles))
    records = by_path(result)
    assert via(records[N1]) == ("seed", None)
    assert via(records["/news/1101-feed-only-story"]) == ("feed", "/feeds/rss.xml")
    assert via(records["/news/1202-news-sitemap-story"]) == ("sitemap", "/sitemap-news.xml")
    # The profile's article pattern makes a page without metadata an article ...
    assert records["/news/1005-plain-notice"]["title"] == "Water supply notice"
    # ... its zone reads a date given without offset, its alias folds the AMP twin.
    assert records["/news/1004-winter-timetable-published"]["published_at"] == "2026-11-21T10:00:00+02:00"
    assert not [path for path in requested if path.startswith("/amp-news/")]
    assert "/feeds/atom.xml" not in requested  # only start pages announce feeds; the home page is not one here
    assert {record["outlet"] for record in records.values()} == {"127.0.0.1"}


def test_urls_on_a_profile_domain_use_the_profile(sites, tmp_path):
    profiles = write_profile(tmp_path / "profiles", sites.site.base_url)
    path = "/news/1004-winter-timetable-published"
    settings = {"FOLLOW_ARTICLE_LINKS": "False", "DISCOVER_ROBOTS_SITEMAPS": "False"}
    with_profile, requested, _ = sites.crawl(tmp_path / "a", {"urls": "{BASE}" + path},
                                             OUTLET_PROFILES_DIRS=str(profiles), **settings)
    assert by_path(with_profile)[path]["published_at"] == "2026-11-21T10:00:00+02:00"
    assert set(requested) == {"/robots.txt", path}  # robots.txt: for the robots middleware only
    generic, _, _ = sites.crawl(tmp_path / "b", {"urls": "{BASE}" + path}, **settings)
    assert by_path(generic)[path]["published_at"] == "2026-11-21T10:00:00+00:00"  # DEFAULT_TIMEZONE


def test_read_also_depth_and_cross_outlet(sites, tmp_path):
    settings = {"FOLLOW_ARTICLE_LINKS": "False", "DISCOVER_ROBOTS_SITEMAPS": "False"}
    result, requested, other = sites.crawl(tmp_path / "one", {"urls": "{BASE}" + N1}, **settings)
    assert via(by_path(result)["/news/1301-read-also-first-hop"]) == ("read_also", N1)
    assert "/news/1302-read-also-second-hop" not in requested and other == []

    result, requested, other = sites.crawl(tmp_path / "two", {"urls": "{BASE}" + N1},
                                           READ_ALSO_DEPTH="2", READ_ALSO_CROSS_OUTLET="True", **settings)
    records = by_path(result)
    assert via(records["/news/1302-read-also-second-hop"]) == ("read_also", "/news/1301-read-also-first-hop")
    assert other == ["/robots.txt", "/news/2001-story-on-another-outlet"]  # the other outlet's robots.txt is obeyed too
    cross = records["/news/2001-story-on-another-outlet"]
    assert cross["discovered_via"] == {"kind": "read_also", "from_url": sites.site.base_url + N1}
    assert cross["outlet"] == "127.0.0.2"
