"""Outlet profiles: the shipped TOML files, the loader's checks, the registry, ``scrapy outlets``."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from crawler.outlets import (
    OutletProfile,
    ProfileError,
    ProfileRegistry,
    UnknownOutlet,
    all_profiles,
    get_profile,
)
from crawler.outlets.loader import load_profile_text
from crawler.outlets.registry import builtin_profiles, profile_for_url
from tests.conftest import REPO, crawl_env

MINIMAL = 'name = "example"\ndomains = ["example.org"]\n'


def test_seed_profiles_ship_and_load():
    names = [profile.name for profile in builtin_profiles()]
    assert names == ["strana", "tass", "uoj"]
    for profile in all_profiles():
        assert isinstance(profile, OutletProfile)
        assert profile.start_urls and profile.feeds and profile.article_regex is not None


def test_seed_profiles_are_package_data():
    pyproject = (REPO / "pyproject.toml").read_text("utf-8")
    assert re.search(r'crawler = \[[^\]]*"outlets/profiles/\*\.toml"', pyproject)


@pytest.mark.parametrize(("url", "name"), [
    ("https://spzh.news/en/news/85419-police-department-in-almaty-stormed", "uoj"),
    ("https://www.spzh.live/ru/news/85419-x", "uoj"),
    ("https://m.spzh.eu/ua/news/85419-x", "uoj"),
    ("https://amp.spzh.news/en/amp-news/85419-x", "uoj"),
    ("https://strana.news/news/467890-slug.html", "strana"),
    ("https://strana.ua/news/1-old.html", "strana"),
    ("https://tass.ru/politika/12345678", "tass"),
    ("https://TASS.com/world/1234567", "tass"),
    ("https://notspzh.news/en/news/1-x", None),
    ("https://spzh.news.evil.example/en/news/1-x", None),
    ("https://example.org/", None),
])
def test_profile_for_url_matches_domains_mirrors_and_prefixed_hosts(url, name):
    profile = profile_for_url(url)
    assert (profile.name if profile else None) == name


def test_uoj_article_urls_amp_twins_languages_and_zone():
    uoj = get_profile("uoj")
    assert uoj.timezone == "Europe/Kyiv"
    for lang in ("en", "ru", "ua"):
        assert uoj.article_regex.search(f"https://spzh.news/{lang}/news/85419-departament-policii")
        assert uoj.article_regex.search(f"https://spzh.eu/{lang}/amp-news/85419-departament-policii")
    assert not uoj.article_regex.search("https://spzh.news/en/news")
    assert uoj.canonical_url("https://spzh.eu/en/amp-news/85419-departament-policii") == \
        "https://spzh.eu/en/news/85419-departament-policii"
    assert uoj.canonical_url("https://spzh.news/en/news/85419-x") == "https://spzh.news/en/news/85419-x"
    assert [uoj.language_for(f"https://spzh.live/{p}/news/1-x") for p in ("en", "ru", "ua")] == ["en", "ru", "uk"]


def test_strana_and_tass_article_patterns():
    strana, tass = get_profile("strana"), get_profile("tass")
    assert strana.article_regex.search("https://strana.news/news/467890-zelenskij-podpisal-zakon.html")
    assert not strana.article_regex.search("https://strana.news/news.html")
    assert tass.article_regex.search("https://tass.ru/politika/12345678")
    assert tass.article_regex.search("https://tass.com/world/1234567")
    assert not tass.article_regex.search("https://tass.ru/politika")
    assert not tass.article_regex.search("https://tass.ru/tag/12345")
    assert tass.timezone == "Europe/Moscow"
    assert tass.language_for("https://tass.com/world/1") == "en" and tass.language_for("https://tass.ru/x/1") == "ru"


def test_get_profile_unknown_names_the_known_ones():
    with pytest.raises(UnknownOutlet, match="known: strana, tass, uoj"):
        get_profile("nope")


@pytest.mark.parametrize(("text", "message"), [
    ('name = "x"\n', "domains must name at least one domain"),
    ('name = "Bad Name"\ndomains = ["a.example"]\n', "name must be"),
    (MINIMAL + 'timezone = "Mars/Olympus"\n', "unknown timezone"),
    (MINIMAL + 'article_pattern = "(unclosed"\n', "not a valid regular expression"),
    (MINIMAL + 'feeds = ["file:///etc/passwd"]\n', "not an http"),
    (MINIMAL + 'feed = ["https://example.org/rss"]\n', "unknown keys ['feed']"),
    (MINIMAL + "domains = 3\n", "not valid TOML"),
    ('name = "x"\ndomains = "a.example"\n', "must be a list"),
    (MINIMAL + '[[url_aliases]]\npattern = "a"\n', "pattern and replace"),
    (MINIMAL + "[selectors]\ntitle = 3\n", "must map names to strings"),
])
def test_loader_refuses_mistakes_with_a_clear_message(text, message):
    with pytest.raises(ProfileError, match=re.escape(message)):
        load_profile_text(text, "test.toml")


def test_extra_profile_dirs_add_and_override(tmp_path):
    (tmp_path / "local.toml").write_text(
        'name = "local"\ndomains = ["127.0.0.1"]\ntimezone = "Europe/Kyiv"\n'
        'start_urls = ["http://127.0.0.1:8000/"]\narticle_pattern = \'/news/\\d+-\'\n'
        '[selectors]\nrelated = ".read-also a"\n', "utf-8")
    (tmp_path / "tass.toml").write_text('name = "tass"\ndomains = ["tass.ru"]\ntimezone = "UTC"\n', "utf-8")
    (tmp_path / "notes.txt").write_text("not a profile", "utf-8")
    profiles = {profile.name: profile for profile in all_profiles([str(tmp_path)])}
    assert set(profiles) == {"local", "strana", "tass", "uoj"}
    assert profiles["local"].selectors == {"related": ".read-also a"}
    assert profiles["tass"].timezone == "UTC"  # the extra folder wins
    assert profile_for_url("http://127.0.0.1:8000/news/1-a", [str(tmp_path)]).name == "local"
    assert profile_for_url("https://tass.com/world/1", [str(tmp_path)]) is None


def test_a_domain_claimed_twice_is_an_error():
    a = load_profile_text('name = "a"\ndomains = ["x.example"]\n')
    b = load_profile_text('name = "b"\ndomains = ["y.example"]\nmirrors = ["x.example"]\n')
    with pytest.raises(ProfileError, match="claimed by two profiles"):
        ProfileRegistry([a, b])


def test_missing_extra_dir_is_an_error(tmp_path):
    with pytest.raises(ProfileError, match="no such profile folder"):
        all_profiles([str(tmp_path / "missing")])


def run_scrapy(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scrapy", *args], cwd=REPO, env=crawl_env(),
                          capture_output=True, text=True, timeout=60)


def test_scrapy_outlets_lists_profiles(tmp_path):
    (tmp_path / "local.toml").write_text(MINIMAL.replace("example", "local", 1) + 'feeds = ["https://example.org/rss"]\n', "utf-8")
    done = run_scrapy("outlets", "-s", f"OUTLET_PROFILES_DIRS={tmp_path}")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["NAME", "DOMAINS", "LANGUAGE", "TIMEZONE", "START", "FEEDS", "SITEMAPS"]
    rows = {line.split()[0]: line for line in lines[1:]}
    assert set(rows) == {"local", "strana", "tass", "uoj"}
    assert "spzh.news [spzh.live,spzh.eu]" in rows["uoj"] and "Europe/Kyiv" in rows["uoj"]
    done = run_scrapy("outlets", "--json")
    uoj = next(json.loads(line) for line in done.stdout.splitlines() if '"uoj"' in line)
    assert uoj["domains"] == ["spzh.news"] and uoj["mirrors"] == ["spzh.live", "spzh.eu"]
    assert uoj["language"] == "en,ru,uk" and uoj["feeds"] == 3


def test_scrapy_outlets_reports_a_broken_profile(tmp_path):
    (tmp_path / "broken.toml").write_text('name = "broken"\n', "utf-8")
    done = run_scrapy("outlets", "-s", f"OUTLET_PROFILES_DIRS={tmp_path}")
    assert done.returncode != 0
    assert "broken.toml: domains must name at least one domain" in done.stderr
