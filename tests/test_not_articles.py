"""Not articles: PDF, image and JSON bytes sent as text/html, empty bodies, soft 404s, paywall
stubs and captcha pages at article URLs give no record, a counted reason, no exception.

The checks (``crawler.extract.not_article``) are unit-tested on the fixture pages; then a
real ``scrapy crawl`` reads the fixture site ``tests/fixtures/not_articles/site``, where the
server sends every file without an extension as ``text/html; charset=utf-8``.
"""

from __future__ import annotations

import gzip
import re
import zlib
from pathlib import Path

import pytest
from parsel import Selector

from crawler.extract.article import extract_article
from crawler.extract.not_article import (
    body_problem,
    is_paywall_stub,
    page_problem,
    paywall_prompt,
    without_paywall_prompts,
)
from crawler.extract.page_kind import read_page_hints
from tests.conftest import FIXTURES, SITE, run_crawl
from tests.siteserver import FixtureServer

NOT_ARTICLES = FIXTURES / "not_articles" / "site"
NEWS = NOT_ARTICLES / "news"
PATTERN = re.compile(r"/news/\d+-")
REASONS = {
    "201-annual-report-2025": "pdf",
    "202-photo-of-the-day": "image",
    "203-photo-gallery-kyiv": "image",
    "204-api-latest": "json",
    "205-deleted-story": "empty",
    "206-mayor-resigns-after-audit": "soft_404",
    "207-v-kieve-otkryli-novyy-most": "soft_404",
    "208-u-lvovi-vidkryly-muzei": "soft_404",
    "209-premium-analysis-energy-prices": "paywall_stub",
    "211-protests-continue-in-tbilisi": "captcha",
    "212-parliament-passes-budget": "captcha",
    "213-zasedanie-soveta-perenesli": "captcha",
    "214-storm-warning-for-odesa": "captcha",
    "215-itogi-nedeli": "captcha",
}
ARTICLES = {  # look like the pages above in some way, and are articles all the same
    "210-premium-interview-minister",  # locked, but with a real lead and three paragraphs
    "216-city-council-approves-new-tram-line",  # a reCAPTCHA in its comment form
    "217-stranica-ne-naydena-pochemu-sayty-nedostupny",  # quotes "Страница не найдена" in its headline
}


def _url(name: str) -> str:
    return f"http://127.0.0.1:8000/news/{name}"


def _page_reason(name: str) -> str | None:
    body = (NEWS / name).read_bytes()
    if reason := body_problem(body):
        return reason
    selector = Selector(text=body.decode("utf-8"))
    if reason := page_problem(selector, read_page_hints(selector, _url(name), PATTERN)):
        return reason
    fields = extract_article(body.decode("utf-8"), _url(name))
    return "paywall_stub" if is_paywall_stub(fields["body"], fields["lead"], fields["paywalled"]) else None


@pytest.mark.parametrize("name", sorted(REASONS))
def test_each_fixture_gives_its_reason(name):
    assert _page_reason(name) == REASONS[name]


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_lookalike_articles_are_articles(name):
    assert _page_reason(name) is None


@pytest.mark.parametrize("path", sorted(p for p in SITE.rglob("*") if p.is_file() and not p.suffix)
                         + sorted((FIXTURES / "pages").glob("*.html")), ids=lambda path: path.name)
def test_the_other_fixture_pages_are_no_stubs(path):
    body = path.read_bytes()
    assert body_problem(body) is None
    selector = Selector(text=body.decode("utf-8", "replace"))
    assert page_problem(selector, read_page_hints(selector, "https://spzh.news/news/1-x", None)) is None
    assert not paywall_prompt(selector)


@pytest.mark.parametrize(("body", "reason"), [
    (b"", "empty"),
    (b" \r\n\t ", "empty"),
    (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04", "image"),
    (b"RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00", "image"),
    (b"BM\x3a\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00", "image"),
    (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "archive"),
    (gzip.compress(b"<html>" * 100), "archive"),
    (b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(range(64)), "binary"),
    (zlib.compress(b"<html><body>" * 200), "binary"),
    (b'[{"id": 1, "title": "\xd0\x9d\xd0\xbe\xd0\xb2\xd0\xbe\xd1\x81\xd1\x82\xd1\x8c"}]', "json"),
    (b'\xef\xbb\xbf  {"items": [', "json"),  # truncated, still not HTML
])
def test_body_problems(body, reason):
    assert body_problem(body) == reason


@pytest.mark.parametrize("body", [
    b"<!DOCTYPE html><html><body><p>Hello</p></body></html>",
    "\ufeff<html><body><p>Привіт</p></body></html>".encode("utf-16"),  # UTF-16: NUL bytes, still text
    b"[if IE]> <html> <![endif]",  # starts with "[" but is markup
    b"<html><body>a\x07b</body></html>",  # one stray control character
])
def test_web_pages_have_no_body_problem(body):
    assert body_problem(body) is None


def test_a_long_page_is_never_a_stub():
    paragraphs = "".join(f"<p>Paragraph {n} of a long story about why a page was not found at all.</p>" for n in range(40))
    html = f"<html><head><title>Page not found</title></head><body><h1>Just a moment...</h1>{paragraphs}</body></html>"
    selector = Selector(text=html)
    assert page_problem(selector, read_page_hints(selector, _url("1-x"), PATTERN)) is None


@pytest.mark.parametrize("title", ["Рейс 404 задержан в Борисполе", "Boeing 404 returns to service",
                                   "«Страница не найдена»: почему сайты ведомств недоступны",
                                   "Please wait for the official results, the commission says"])
def test_short_articles_with_lookalike_titles(title):
    html = f"<html><head><title>{title}</title></head><body><h1>{title}</h1><p>Short news item.</p></body></html>"
    selector = Selector(text=html)
    hints = read_page_hints(selector, _url("1-x"), PATTERN)
    assert page_problem(selector, hints) != "soft_404"


def test_paywalled_article_keeps_its_text_without_the_prompt():
    fields = extract_article((NEWS / "210-premium-interview-minister").read_text("utf-8"), _url("210-x"))
    assert fields["paywalled"] is True
    assert "Subscribe" not in fields["body"] and "subscriber" not in fields["body"]
    assert fields["body"].count("\n\n") == 2
    assert not is_paywall_stub(fields["body"], fields["lead"], fields["paywalled"])


def test_paywall_prompts_are_dropped_from_a_body():
    body = ("The minister spoke for an hour about the grid.\n\nSubscribe to continue reading.\n\n"
            "Already a subscriber? Log in\n\nЧтобы продолжить чтение, оформите подписку.")
    assert without_paywall_prompts(body) == "The minister spoke for an hour about the grid."


@pytest.mark.parametrize("text", [
    "This will be available to premium subscribers only, the company said.",  # news about a product
    "Оформите подписку на нашу рассылку, чтобы получать новости первыми.",  # a newsletter box
    "Функция доступна только подписчикам Telegram Premium.",
])
def test_subscription_news_is_no_paywall(text):
    assert not paywall_prompt(Selector(text=f"<html><body><article><p>{text}</p></article></body></html>"))


def test_prompt_inside_a_script_is_no_paywall():
    html = "<html><body><p>Free story.</p><script>var t = 'Subscribe to continue reading';</script></body></html>"
    assert not paywall_prompt(Selector(text=html))


# --- end to end ---

def _stat(log: str, name: str) -> int | None:
    match = re.search(rf"'{re.escape(name)}': (\d+)", log)
    return int(match.group(1)) if match else None


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    with FixtureServer(NOT_ARTICLES) as server:
        result = run_crawl(
            "news", {"urls": server.base_url + "/", "article_pattern": PATTERN.pattern},
            {"NETWORK_ALLOWLIST": server.hostport}, tmp_path_factory.mktemp("not_articles"),
        )
        result.requested = server.paths_requested()
    assert result.returncode == 0, result.log[-3000:]
    return result


def test_only_the_real_articles_are_recorded(crawl):
    recorded = {Path(record["url"]).name: record for record in crawl.records("article")}
    assert set(recorded) == ARTICLES
    assert recorded["210-premium-interview-minister"]["paywalled"] is True
    assert not recorded["216-city-council-approves-new-tram-line"]["paywalled"]


def test_every_page_was_fetched(crawl):
    assert {f"/news/{name}" for name in [*REASONS, *ARTICLES]} <= set(crawl.requested)


def test_each_reason_is_counted(crawl):
    expected: dict[str, int] = {}
    for reason in REASONS.values():
        expected[reason] = expected.get(reason, 0) + 1
    for reason, count in expected.items():
        assert _stat(crawl.log, f"news/not_article/{reason}") == count, reason


def test_each_reason_is_logged_and_nothing_raised(crawl):
    for name, reason in REASONS.items():
        assert re.search(rf"INFO: Not an article \({reason}\): http://\S+/news/{name}\b", crawl.log), name
    assert "Traceback" not in crawl.log
    assert "Spider error" not in crawl.log
    assert _stat(crawl.log, "log_count/ERROR") is None
    assert "item_dropped/invalid/" not in crawl.log  # stubs never reach validation
