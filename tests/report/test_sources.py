"""Which source a request or record belongs to, with the real spiders."""

from __future__ import annotations

from scrapy import Request
from scrapy.settings import Settings

from crawler.items import Article, TelegramChannel, TelegramPost
from crawler.report.sources import (
    HostSources,
    NewsSources,
    TelegramSources,
    resolver_for,
    site_of,
)
from crawler.spiders.news import NewsSpider
from crawler.spiders.telegram import TelegramSpider


def news_spider(**kwargs: str) -> NewsSpider:
    spider = NewsSpider(**kwargs)
    spider.configure(Settings({"TELEGRAM_BASE_URL": "http://127.0.0.1:8081"}))
    return spider


def test_site_of_a_url():
    assert site_of("https://www.example.org/news/1") == "example.org"
    assert site_of("https://m.example.org:443/x") == "example.org"
    assert site_of("http://127.0.0.1:8080/") == "127.0.0.1:8080"
    assert site_of("http://[::1") == "(invalid url)"


def test_news_sources_are_outlet_profiles_or_sites():
    sources = resolver_for(news_spider(outlet="uoj", urls="https://strana.news/"))
    assert isinstance(sources, NewsSources)
    assert sources.for_request(Request("https://spzh.news/en/news/85419-x")) == "uoj"
    assert sources.for_request(Request("https://www.spzh.live/ru/news/1-x")) == "uoj"  # a mirror
    assert sources.for_request(Request("https://strana.news/news/1-x.html")) == "strana"
    assert sources.for_request(Request("https://www.example.org/a")) == "example.org"
    article = Article(url="https://spzh.eu/en/news/1-x", outlet="spzh.news")
    assert sources.for_item(article) == "uoj"


def test_a_redirect_stays_with_the_source_first_asked():
    sources = resolver_for(news_spider(urls="https://example.org/"))
    redirected = Request("https://cdn.example.net/a", meta={"redirect_urls": ["https://example.org/a"], "redirect_times": 1})
    assert sources.for_request(redirected) == "example.org"
    assert sources.is_repeat(redirected)
    assert sources.is_repeat(Request("https://example.org/a", meta={"retry_times": 1}))
    assert not sources.is_repeat(Request("https://example.org/a"))


def test_cited_telegram_posts_in_news_crawls():
    sources = resolver_for(news_spider(urls="https://example.org/"))
    embed = Request("http://127.0.0.1:8081/KyivWire/23?embed=1")
    assert sources.for_request(embed) == "t.me/kyivwire"
    assert sources.expects_records(embed)
    post = TelegramPost(channel="KyivWire", post_id=23, url="https://t.me/KyivWire/23")
    assert sources.for_item(post) == "t.me/kyivwire"
    assert sources.expects_records(Request("https://example.org/news/1-x", meta={"article_candidate": "x"}))
    assert not sources.expects_records(Request("https://example.org/news/"))


def test_telegram_sources_are_channels_as_given():
    spider = TelegramSpider(channels="FixtureNews,@loopwire")
    sources = resolver_for(spider)
    assert isinstance(sources, TelegramSources)
    page = Request("https://t.me/s/FixtureNews?before=4", cb_kwargs={"channel": "FixtureNews"},
                   meta={"telegram_page": 2, "telegram_attempt": 0})
    assert sources.for_request(page) == "FixtureNews" and sources.expects_records(page)
    assert not sources.is_repeat(page)
    assert sources.is_repeat(Request(page.url, meta={"telegram_attempt": 1}))  # after a 429
    assert sources.for_item(TelegramPost(channel="fixturenews", post_id=1)) == "FixtureNews"
    assert sources.for_item(TelegramChannel(channel="LOOPWIRE")) == "loopwire"
    assert sources.for_request(Request("https://t.me/s/loopwire")) == "loopwire"  # no cb_kwargs
    spider.channels.append("latewire")  # a channel the spider learns of while it runs
    assert sources.for_item(TelegramPost(channel="LateWire", post_id=1)) == "latewire"


def test_telegram_spider_counters_per_channel():
    sources = resolver_for(TelegramSpider(channels="fixturenews,gonewire"))
    stats = {"telegram/fixturenews/pages": 2, "telegram/fixturenews/posts": 6,
             "telegram/fixturenews/end/history_start": 1, "telegram/gonewire/missing": 1,
             "telegram/bad_channel_name": 1, "item_scraped_count": 7}
    assert sources.spider_counts(stats) == {"fixturenews": {"end/history_start": 1}, "gonewire": {"missing": 1}}


def test_other_spiders_by_host():
    class Other:
        name = "other"

    sources = resolver_for(Other())  # type: ignore[arg-type]
    assert type(sources) is HostSources
    assert sources.for_request(Request("https://www.example.org/a")) == "example.org"
    assert sources.spider_counts({"telegram/x/missing": 1}) == {}
