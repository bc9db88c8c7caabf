"""The ``news`` spider: discovery and link following only; extraction lives in ``crawler.extract``.

    scrapy crawl news -a outlet=uoj                      # a profile: its start pages, feeds, sitemaps
    scrapy crawl news -a urls=https://spzh.news/en/,https://example.org/news/
    scrapy crawl news -a urls=... -a article_pattern='/news/\\d+'
    scrapy crawl news -a outlet=tass -a since=2026-11-01 -a max_articles=500

Where requests come from, as recorded in ``meta["discovered_via"]`` (and so in each Article):
``seed`` (start pages, configured feeds and sitemaps), ``feed`` (RSS/Atom entries),
``sitemap`` (sitemap entries and child sitemaps, robots.txt ``Sitemap:`` lines),
``listing`` (links on listing pages and their pagination), ``read_also`` (an article's
related block, ``READ_ALSO_DEPTH`` hops at most) and ``link`` (any other link).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider
from scrapy.http import Response, TextResponse, XmlResponse
from scrapy.settings import BaseSettings
from scrapy.utils.asyncio import sleep
from scrapy.utils.defer import deferred_from_coro
from twisted.python.failure import Failure

from crawler.discovery.feeds import entries_from_root
from crawler.discovery.read_also import ReadAlsoPolicy, related_to_follow
from crawler.discovery.since import known_before_since, parse_since
from crawler.discovery.sitemaps import sitemap_from_root, sitemaps_from_robots
from crawler.discovery.xmldoc import document_kind, load_xml, sniff_kind
from crawler.distributed import redis_url_of
from crawler.extract import extract_from_selector
from crawler.extract.dates import (
    format_datetime,
    get_timezone,
    parse_datetime,
)
from crawler.extract.metadata import PageMetadata
from crawler.extract.not_article import body_problem, is_paywall_stub
from crawler.extract.page import PageReading, read_html, read_page
from crawler.extract.page_kind import (
    is_listing_url,
    listing_url_kind,
    looks_like_article_url,
)
from crawler.extract.pool import (
    ExtractionPool,
    ExtractTimeout,
    WorkerCrashed,
    extraction_pool_of,
)
from crawler.extract.telegram import parse_embed_page, telegram_post_ref
from crawler.incremental import Decision, decide, is_stored
from crawler.items import Article
from crawler.outlets.profile import OutletProfile
from crawler.outlets.registry import ProfileRegistry, registry
from crawler.report.signals import request_skipped
from crawler.spiders.records import article_record, telegram_post_item
from crawler.urls import absolute_url, host_of, registered_domain

if TYPE_CHECKING:
    from crawler.distributed.run import FrontierRun

_SKIPPED_EXTENSIONS = re.compile(
    r"\.(?:jpe?g|png|gif|webp|svg|ico|bmp|tiff?|pdf|zip|gz|rar|7z|mp[34]|m4a|avi|mov|webm|"
    r"ogg|wav|flac|docx?|xlsx?|pptx?|css|js|woff2?|ttf|eot|exe|dmg|apk|iso)$",
    re.IGNORECASE,
)
_CHARSET = re.compile(rb"charset=[\"']?([\w.:-]+)", re.IGNORECASE)
_FOLLOWED_MAX = 100_000  # URLs remembered by follow_links (then forgotten at once: memory stays bounded)

def split_arg(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _positive_int(value: str | int | None, name: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number < 1:
        raise ValueError(f"{name} must be a positive integer: {value!r}")
    return number


def _wanted_from_sitemap(url: str, pattern: re.Pattern[str] | None) -> bool:
    """Sitemaps list every page of a site: keep the outlet's article URLs, or without a
    pattern everything but tag, author, search and other listing URLs."""
    return bool(pattern.search(url)) if pattern else not is_listing_url(url)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def extract_fields(response: TextResponse, metadata: PageMetadata, tz: tzinfo,
                   profile: OutletProfile | None) -> dict[str, Any]:
    """The Article fields of a page, read with the outlet's profile (selectors, zone) when known."""
    return extract_from_selector(response.selector, response.url, metadata=metadata, default_tz=tz, profile=profile)


class NewsSpider(scrapy.Spider):
    name = "news"
    # The methods a request in the shared Redis frontier may name (crawler.distributed).
    frontier_methods = frozenset({"parse", "parse_document", "parse_robots", "parse_telegram_post", "candidate_failed"})
    frontier_run: FrontierRun | None = None  # set by the scheduler in distributed mode (shared max_articles)

    def __init__(
        self,
        urls: str | None = None,
        outlet: str | None = None,
        article_pattern: str | None = None,
        since: str | None = None,
        max_articles: str | int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.start_urls = [url for url in (absolute_url(raw) for raw in split_arg(urls)) if url]
        self.outlet_names = split_arg(outlet)
        self.article_pattern = re.compile(article_pattern) if article_pattern else None
        self.since_arg = since
        self.max_articles = _positive_int(max_articles, "max_articles")
        self.since: datetime | None = None
        self.profiles: list[OutletProfile] = []
        self.feed_urls: list[str] = []
        self.sitemap_urls: list[str] = []
        self.site_domains: set[str] = set()
        self.allowed_domains: list[str] = []
        self.articles_yielded = 0
        self.articles_counted = 0  # with max_articles: the run's articles yielded and not dropped (see count_article)
        self.closing_for_budget = False
        self._article_urls: set[str] = set()  # candidate article URLs ever scheduled
        self._pending: set[str] = set()  # of which not answered yet (the max_articles budget)
        self._followed: dict[str, int] = {}  # link URL -> depth it was followed at (0: refused), see follow_links
        self.extract_pool: ExtractionPool | None = None  # started when the spider opens (EXTRACT_WORKERS)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.crawl_arguments = dict(kwargs)  # workers with the same arguments share a frontier
        spider.configure(crawler.settings)
        crawler.signals.connect(spider.start_extract_pool, signal=signals.spider_opened)
        crawler.signals.connect(spider.article_stored, signal=signals.item_scraped)
        crawler.signals.connect(spider.article_dropped, signal=signals.item_dropped)
        return spider

    def start_extract_pool(self) -> None:
        self.extract_pool = extraction_pool_of(self.crawler)

    def configure(self, settings: BaseSettings) -> None:
        """Resolve profiles and policies once settings are known (they are not in __init__)."""
        if not self.start_urls and not self.outlet_names and not redis_url_of(settings):
            raise ValueError("news spider needs -a urls=<comma-separated start URLs> or -a outlet=<profile> "
                             "(or, in distributed mode, seeds pushed to the frontier's Redis list)")
        self.registry: ProfileRegistry = registry(tuple(settings.getlist("OUTLET_PROFILES_DIRS")))
        self.profiles = [self.registry.get(name) for name in self.outlet_names]
        for url in self.start_urls:  # start pages of a known outlet use its profile
            profile = self.registry.for_url(url)
            if profile and profile not in self.profiles:
                self.profiles.append(profile)
        named = [profile for profile in self.profiles if profile.name in {n.lower() for n in self.outlet_names}]
        if not self.start_urls:
            self.start_urls = [url for profile in named for url in profile.start_urls]
        self.feed_urls = [url for profile in named for url in profile.feeds]
        self.sitemap_urls = [url for profile in named for url in profile.sitemaps]
        self.site_domains = {registered_domain(host_of(url)) for url in self.start_urls}
        self.site_domains.update(domain for profile in self.profiles for domain in profile.all_domains)
        self.allowed_domains = sorted(self.site_domains)
        self.default_timezone = settings.get("DEFAULT_TIMEZONE") or "UTC"
        if self.since_arg:
            zone = self.profiles[0].timezone if len(self.profiles) == 1 else self.default_timezone
            self.since = parse_since(self.since_arg, get_timezone(zone))
        self.read_also_policy = ReadAlsoPolicy(
            max_hops=settings.getint("READ_ALSO_DEPTH", 1),
            cross_outlet=settings.getbool("READ_ALSO_CROSS_OUTLET", False),
        )
        self.follow_article_links = settings.getbool("FOLLOW_ARTICLE_LINKS", True)
        self.max_listing_pages = max(0, settings.getint("LISTING_MAX_PAGES", 50))
        self.robots_sitemaps = settings.getbool("DISCOVER_ROBOTS_SITEMAPS", True)
        self.announced_feeds = settings.getbool("DISCOVER_FEED_LINKS", True)
        self.follow_telegram_links = settings.getbool("FOLLOW_TELEGRAM_LINKS", True)
        self.telegram_base_url = (settings.get("TELEGRAM_BASE_URL") or "https://t.me").rstrip("/")

    # --- what we know about a URL ---

    def profile_for(self, url: str) -> OutletProfile | None:
        for profile in self.profiles:
            if profile.owns_url(url):
                return profile
        return self.registry.for_url(url)

    def pattern_for(self, profile: OutletProfile | None) -> re.Pattern[str] | None:
        return self.article_pattern or (profile.article_regex if profile else None)

    def timezone_for(self, profile: OutletProfile | None) -> tzinfo:
        return get_timezone(profile.timezone if profile else self.default_timezone)

    def on_site(self, url: str) -> bool:
        return registered_domain(host_of(url)) in self.site_domains

    def same_outlet(self, url: str, other: str) -> bool:
        profile = self.profile_for(other)
        if profile:
            return profile.owns_url(url)
        return registered_domain(host_of(url)) == registered_domain(host_of(other))

    # --- scheduling ---

    def budget_spent(self) -> bool:
        """``max_articles`` is reached by the articles yielded plus the candidates in flight."""
        if not self.max_articles:
            return False
        return self.articles_counted + len(self._pending) >= self.max_articles

    def count_article(self) -> bool:
        """Count one more article against ``max_articles`` before it is yielded; False when
        the budget is spent (by articles still in the pipelines, or by other workers sharing
        the frontier in distributed mode): then it is not yielded.

        ``articles_counted`` is the run's articles yielded and not dropped by a pipeline (a
        duplicate reached through another URL does not use up the budget); the run ends when
        that many are stored (``article_stored``)."""
        self.articles_yielded += 1
        if not self.max_articles:
            return True
        run = self.frontier_run
        counted = run.count("articles") if run is not None else self.articles_counted + 1
        if counted > self.max_articles:
            if run is not None:
                run.count("articles", -1)  # not yielded after all
            self.articles_counted = counted - 1
            return False
        self.articles_counted = counted
        return True

    def article_dropped(self, item: Any, **kwargs: Any) -> None:
        """A pipeline dropped an article (a duplicate, invalid): its budget slot is free."""
        if self.max_articles and isinstance(item, Article):
            run = self.frontier_run
            self.articles_counted = run.count("articles", -1) if run is not None else self.articles_counted - 1

    def article_stored(self, item: Any, **kwargs: Any) -> None:
        """An article was stored: the run ends once ``max_articles`` of them are (counting
        articles still in the pipelines, which are stored or dropped before it closes)."""
        if not (self.max_articles and isinstance(item, Article)) or self.closing_for_budget:
            return
        run = self.frontier_run
        if run is not None:
            self.articles_counted = run.count("articles", 0)
        if self.articles_counted >= self.max_articles:
            self.closing_for_budget = True
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="max_articles"))

    def settle(self, request_meta: dict[str, Any]) -> None:
        """An article candidate got its answer (a page, or an error): its budget slot is free."""
        self._pending.discard(request_meta.get("article_candidate"))

    def candidate_failed(self, failure: Failure) -> None:
        request = getattr(failure, "request", None)
        if request is not None:
            self.settle(request.meta)

    def request(
        self,
        url: str,
        callback: Callable[..., Any],
        kind: str,
        from_url: str | None,
        *,
        article: bool = False,
        hops: int = 0,
        allow_offsite: bool = False,
        document: bool = False,
        updated: str | None = None,
        listing_page: int = 0,
        same_depth: bool = False,
    ) -> scrapy.Request | None:
        """A request tagged with how it was found, or None when a policy says no.

        ``article`` marks a candidate article page (a feed or sitemap entry, a read-also
        link, a link that looks like an article URL): with ``max_articles``, no more
        candidates are scheduled than can still become articles; a candidate that turns out
        not to be one (or fails) frees its slot. Other pages (listings) are not budgeted.
        A ``document`` (feed or sitemap) starts again at depth 0: like a start page, it is a
        list of articles, and DEPTH_LIMIT counts link depth from such lists. A further page
        of a listing carries its page number (``listing_page``, 2 for the second page); up
        to LISTING_MAX_PAGES (``same_depth``) it keeps the depth of the page it continues
        (``crawler.discovery.depth``).
        """
        stats = self.crawler.stats
        profile = self.profile_for(url)
        if profile:
            url = profile.canonical_url(url)
            if profile.exclude_regex and profile.exclude_regex.search(url):
                self.skipped(url, "excluded", "news/skipped/excluded")
                return None
        if article and url in self._article_urls:
            return None  # already scheduled: decided before the state store is asked
        meta: dict[str, Any] = {"discovered_via": {"kind": kind, "from_url": from_url}}
        if updated:
            meta["source_updated"] = updated
        if kind != "seed" and not document and decide(self.crawler, url, profile, updated) is Decision.SKIP:
            # Decided here, before a Request exists: a skipped request would still take the
            # URL's place in the dupefilter and hide a later, newer sitemap/feed entry for it.
            self.skipped(url, "known", "incremental/skipped_known")
            return None
        errback = None
        if article:
            if self.budget_spent():
                self.skipped(url, "max_articles", "news/skipped/max_articles")
                return None
            self._article_urls.add(url)
            self._pending.add(url)
            meta["article_candidate"] = url
            errback = self.candidate_failed
            stats.inc_value(f"news/discovered/{kind}")
        if hops:
            meta["read_also_hops"] = hops
        if allow_offsite:
            meta["allow_offsite"] = True
        if document:
            meta["depth_reset"] = True
        if listing_page:
            meta["listing_page"] = listing_page
        if same_depth:
            meta["same_depth"] = True
        return scrapy.Request(url, callback=callback, errback=errback, meta=meta)

    def article_request(self, url: str, kind: str, from_url: str, dates: Iterable[str | None] = ()) -> scrapy.Request | None:
        """An article URL from a feed or sitemap; skipped when its known dates are before ``since``."""
        dates = list(dates)
        if known_before_since(dates, self.since):
            self.skipped(url, "older_than_since", "news/skipped/older_than_since")
            return None
        parsed = [moment for moment in map(parse_datetime, dates) if moment]
        updated = format_datetime(max(parsed)) if parsed else None  # a stored article newer than this is fetched again
        return self.request(url, self.parse, kind, from_url, article=True, updated=updated)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for request in self.seed_requests(self.start_urls, self.feed_urls + self.sitemap_urls):
            yield request

    def seed_requests(self, start_urls: Iterable[str], document_urls: Iterable[str] = ()) -> list[scrapy.Request]:
        """Requests for start pages (and feeds or sitemaps): from arguments, profiles, or the
        seed list of the shared frontier in distributed mode."""
        start_urls = [url for url in (absolute_url(raw) for raw in start_urls) if url]
        # Seeds from Redis may name new sites; links are followed within them from now on.
        self.site_domains.update(registered_domain(host_of(url)) for url in start_urls)
        requests = [self.request(url, self.parse, "seed", None) for url in start_urls]
        for request in requests:
            if request is not None:
                request.meta["always_fetch"] = True  # a start page is fetched even if it is a stored article
        requests += [self.request(url, self.parse_document, "seed", None) for url in document_urls]
        if self.robots_sitemaps:
            origins = dict.fromkeys(_origin(url) for url in start_urls)
            requests += [self.request(f"{origin}/robots.txt", self.parse_robots, "seed", None) for origin in origins]
        return [request for request in requests if request is not None]

    # --- callbacks ---

    def parse(self, response: Response, **kwargs: Any) -> Iterable[Any] | AsyncIterator[Any]:
        """A start page, listing or article (or a feed or sitemap reached by a link), routed by
        content. The page is read once (``crawler.extract.page.read_page``): in an extraction
        worker when the pool runs (``EXTRACT_WORKERS``), else here."""
        self.settle(response.meta)
        if sniff_kind(response.body):  # a feed or sitemap given as a start URL or linked from a page
            return self.parse_document(response)
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("news/skipped/not_text")
            return ()
        if reason := body_problem(response.body):  # PDF, image, JSON or nothing, sent as text/html
            self.not_article(response, reason)
            return ()
        profile = self.profile_for(response.url)
        via = response.meta.get("discovered_via") or {}
        options = {
            "pattern": self.pattern_for(profile),
            "profile": profile,
            "tz": self.timezone_for(profile),
            "extract": not (self.max_articles and self.articles_counted >= self.max_articles),
            "want_feeds": via.get("kind") == "seed" and self.announced_feeds,
        }
        pool = self.extract_pool
        if pool is not None and (pool.ready or (pool.wait_for_start and pool.starting)):
            return self.parse_in_pool(response, profile, options)
        return self.handle_page(response, profile, self.read_here(response, options))

    def read_here(self, response: TextResponse, options: dict[str, Any]) -> PageReading:
        """The page read in this process, from the response's own parsed tree."""
        def extractor(selector: Any, url: str, metadata: PageMetadata, tz: tzinfo, profile: OutletProfile | None) -> dict[str, Any]:
            return extract_fields(response, metadata, tz, profile)

        return read_page(response.selector, response.url, extractor=extractor, **options)

    async def parse_in_pool(self, response: TextResponse, profile: OutletProfile | None,
                            options: dict[str, Any]) -> AsyncIterator[Any]:
        kind = "xml" if isinstance(response, XmlResponse) else "html"
        while self.extract_pool.starting:  # EXTRACT_POOL_WAIT
            await sleep(0.05)
        try:
            reading = await self.extract_pool.run(read_html, response.text, response.url, kind, **options)
        except WorkerCrashed:
            self.crawler.stats.inc_value("news/extract_retried_in_process")
            self.logger.warning("Reading %s again in the crawl process after its extraction worker died", response.url)
            reading = self.read_here(response, options)
        except ExtractTimeout:
            self.crawler.stats.inc_value("news/extract_failed/ExtractTimeout")
            self.logger.error("Extraction failed on %s: it took longer than EXTRACT_TIMEOUT", response.url)
            return
        for result in self.handle_page(response, profile, reading):
            yield result

    def handle_page(self, response: TextResponse, profile: OutletProfile | None, reading: PageReading) -> Iterator[Any]:
        if reading.problem:  # captcha or soft 404: nothing to follow either
            self.not_article(response, reading.problem)
        elif reading.article:
            yield from self.parse_article(response, reading, profile)
        else:
            yield from self.parse_listing(response, reading)

    def parse_article(self, response: TextResponse, reading: PageReading, profile: OutletProfile | None) -> Iterator[Any]:
        stats = self.crawler.stats
        if self.max_articles and self.articles_counted >= self.max_articles:
            stats.inc_value("news/skipped/max_articles")
            return
        article: Article | None = None
        if reading.error:  # one bad page must not stop link following or the crawl
            stats.inc_value(f"news/extract_failed/{reading.error}")
            self.logger.error("Extraction failed on %s: %s", response.url, reading.error_detail)
        elif reading.fields is not None:
            try:
                article = self.article(response, reading.fields, profile)
            except Exception as error:
                stats.inc_value(f"news/extract_failed/{type(error).__name__}")
                self.logger.error("Extraction failed on %s: %r", response.url, error, exc_info=True)
        if article is not None and is_paywall_stub(article.body, article.lead, article.paywalled):
            self.not_article(response, "paywall_stub")  # its links are still followed below
            article = None
        related_urls: set[str] = set()
        if article is not None:
            if not self.count_article():
                stats.inc_value("news/skipped/max_articles")
                if self.frontier_run is not None:  # other workers spent the budget: nothing left here
                    raise CloseSpider("max_articles")
                return
            yield article
            related_urls = {absolute_url(item.get("url"), response.url) or "" for item in article.related or []}
            yield from self.follow_related(response, article)
            yield from self.follow_telegram(response, article)
        if self.follow_article_links:
            # Related links follow the read-also policy only, not plain link following.
            yield from self.follow_links(response, reading.links, "link", skip=related_urls)

    def skipped(self, url: str, reason: str, stat: str) -> None:
        """A page not asked for: counted in the stats and, per source, in the run report."""
        self.crawler.stats.inc_value(stat)
        self.crawler.signals.send_catch_log(signal=request_skipped, url=url, reason=reason)

    def not_article(self, response: Response, reason: str) -> None:
        """A page that is no article (nor a listing): counted and logged, never an error."""
        self.crawler.stats.inc_value(f"news/not_article/{reason}")
        self.logger.info("Not an article (%s): %s", reason, response.url)

    def parse_listing(self, response: TextResponse, reading: PageReading) -> Iterator[scrapy.Request]:
        via = response.meta.get("discovered_via") or {}
        for url in reading.feeds:  # read for seed pages when DISCOVER_FEED_LINKS is on
            self.crawler.stats.inc_value("news/discovery/feeds_announced")
            if request := self.request(url, self.parse_document, "link", response.url, document=True):
                yield request
        pages = {url: number for url, number in reading.pages.items() if self.on_site(url)}
        is_listing = bool(pages) or via.get("kind") == "listing" or is_listing_url(response.url) or reading.collection
        position = int(response.meta.get("listing_page") or 1)
        if pages and self.listing_goes_on(response, reading):
            for url, number in pages.items():
                number = number or position + 1  # a "next" link
                free = not self.max_listing_pages or number <= self.max_listing_pages
                if not free:  # an ordinary link from here on: one step deeper, within DEPTH_LIMIT
                    self.crawler.stats.inc_value("news/listing/beyond_max_pages")
                if request := self.request(url, self.parse, "listing", response.url, listing_page=number,
                                           same_depth=free):
                    yield request
        yield from self.follow_links(response, reading.links, "listing" if is_listing else "link", skip=set(pages))

    def listing_goes_on(self, response: Response, reading: PageReading) -> bool:
        """Whether the further pages of a listing page are worth fetching: not when it
        shows nothing newer than ``since``, and not when it is caught up (every article it
        lists is stored already: the pages after it hold older ones, read by an earlier run)."""
        stats = self.crawler.stats
        newest = parse_datetime(reading.newest_date) if reading.newest_date else None
        if self.since and newest and newest < self.since:
            stats.inc_value("news/listing/older_than_since")
            self.logger.info("Listing shows nothing newer than %s (since=), not paged further: %s",
                             format_datetime(newest), response.url)
            return False
        candidates = [url for url in reading.links if self.on_site(url)
                      and looks_like_article_url(url, self.pattern_for(self.profile_for(url)))]
        if candidates and all(is_stored(self.crawler, url, self.profile_for(url)) for url in candidates):
            stats.inc_value("news/listing/caught_up")
            self.logger.info("Listing caught up (every article on it is stored), not paged further: %s", response.url)
            return False
        return True

    def parse_document(self, response: Response, **kwargs: Any) -> Iterator[scrapy.Request]:
        """A feed or sitemap (sitemap index, news sitemap, gzipped or not), read tolerantly."""
        stats = self.crawler.stats
        header = _CHARSET.search(response.headers.get(b"Content-Type") or b"")
        root = load_xml(response.body, header.group(1).decode("ascii") if header else None,
                        max_size=self.crawler.settings.getint("DOWNLOAD_MAXSIZE") or 64 * 1024 * 1024)
        kind = document_kind(root)
        tz = self.timezone_for(self.profile_for(response.url))
        if root is None or kind is None:
            stats.inc_value("news/discovery/garbage")
            self.logger.warning("Neither a feed nor a sitemap: %s", response.url)
            return
        if kind in ("rss", "rdf", "atom"):
            entries = entries_from_root(root, response.url, tz)
            stats.inc_value("news/discovery/feeds")
            stats.inc_value("news/discovery/feed_entries", len(entries))
            for entry in entries:
                if request := self.article_request(entry["url"], "feed", response.url, [entry["published"], entry["updated"]]):
                    yield request
            return
        sitemap = sitemap_from_root(root, response.url, tz)
        stats.inc_value("news/discovery/sitemaps")
        for child in sitemap.sitemaps:
            if known_before_since([child["lastmod"]], self.since):
                stats.inc_value("news/skipped/sitemap_older_than_since")
            elif request := self.request(child["url"], self.parse_document, "sitemap", response.url, document=True):
                yield request
        pattern = self.pattern_for(self.profile_for(response.url))
        stats.inc_value("news/discovery/sitemap_urls", len(sitemap.entries))
        for entry in sitemap.entries:
            url = entry["url"]
            if not self.on_site(url):
                stats.inc_value("news/skipped/offsite")
            elif not _wanted_from_sitemap(url, pattern):
                stats.inc_value("news/skipped/not_article_url")
            elif request := self.article_request(url, "sitemap", response.url, [entry["news_publication_date"], entry["lastmod"]]):
                yield request

    def parse_robots(self, response: Response, **kwargs: Any) -> Iterator[scrapy.Request]:
        if not isinstance(response, TextResponse):
            return
        for url in sitemaps_from_robots(response.text, response.url):
            self.crawler.stats.inc_value("news/discovery/robots_sitemaps")
            if request := self.request(url, self.parse_document, "sitemap", response.url, document=True):
                yield request

    # --- articles and links ---

    def article(self, response: TextResponse, fields: dict[str, Any], profile: OutletProfile | None) -> Article:
        """The record of an article page from its extracted fields."""
        self.crawler.stats.inc_value("news/articles_extracted")
        return article_record(self.crawler, response, fields, profile)

    def follow_related(self, response: TextResponse, article: Article) -> Iterator[scrapy.Request]:
        """Follow the article's "Read also" links within READ_ALSO_DEPTH hops (and the outlet)."""
        stats = self.crawler.stats
        hops = int(response.meta.get("read_also_hops", 0))
        decision = related_to_follow(
            article.related or [], response.url, hops, self.read_also_policy,
            same_outlet=lambda url: self.same_outlet(url, response.url),
        )
        if decision.other_outlet:
            stats.inc_value("news/read_also/skipped_other_outlet", len(decision.other_outlet))
        if decision.too_deep:
            stats.inc_value("news/read_also/skipped_too_deep", len(decision.too_deep))
        for url in decision.follow:
            request = self.request(url, self.parse, "read_also", response.url, article=True, hops=hops + 1,
                                   allow_offsite=not self.on_site(url))
            if request is not None:
                stats.inc_value("news/read_also/followed")
                yield request

    def follow_telegram(self, response: TextResponse, article: Article) -> Iterator[scrapy.Request]:
        """The t.me posts an article cites, fetched through their embed pages on
        TELEGRAM_BASE_URL (FOLLOW_TELEGRAM_LINKS); depth 0: a cited post is not a link hop."""
        if not self.follow_telegram_links:
            return
        urls = [link.get("url") for link in article.links or []] + list(article.telegram_refs or [])
        for channel, post_id in dict.fromkeys(ref for ref in map(telegram_post_ref, urls) if ref):
            self.crawler.stats.inc_value("news/telegram/followed")
            yield scrapy.Request(
                f"{self.telegram_base_url}/{channel}/{post_id}?embed=1",
                callback=self.parse_telegram_post,
                meta={"discovered_via": {"kind": "telegram", "from_url": response.url},
                      "allow_offsite": True, "depth_reset": True},
            )

    def parse_telegram_post(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        post = parse_embed_page(response.text, response.url) if isinstance(response, TextResponse) else None
        if post is None:
            self.crawler.stats.inc_value("news/telegram/no_post")
            self.logger.warning("No Telegram post on %s (deleted or not public)", response.url)
            return
        self.crawler.stats.inc_value("news/telegram/posts")
        yield telegram_post_item(post, self.crawler, response.meta.get("discovered_via"))

    def follow_links(self, response: TextResponse, links: Iterable[str], kind: str,
                     skip: Iterable[str] = ()) -> Iterator[scrapy.Request]:
        """Links to pages of the crawled sites (``links``: the page's absolute link URLs).

        A URL already followed (or refused) from a page as shallow is dropped here, before any
        Request is made: pages repeat their menus and teasers, and a Request per repeated
        link costs more than the rest of the page's work (the dupefilter would drop it anyway).
        """
        seen: set[str] = set(skip)
        depth = int(response.meta.get("depth", 0)) + 1
        followed = self._followed
        if len(followed) > _FOLLOWED_MAX:  # a cache: forgetting costs a dupefilter check, not a refetch
            followed.clear()
        for url in links:
            if url in seen or followed.get(url, depth + 1) <= depth:
                continue
            seen.add(url)
            if not self.on_site(url):  # not remembered: seeds from Redis can add sites later
                continue
            if _SKIPPED_EXTENSIONS.search(url.split("?", 1)[0]) or listing_url_kind(url) == "search":  # search results never end
                followed[url] = 0
                continue
            article = looks_like_article_url(url, self.pattern_for(self.profile_for(url)))
            request = self.request(url, self.parse, kind, response.url, article=article)
            if request is not None or not (article and self.max_articles):  # a spent budget may free up
                followed[url] = depth
            if request is not None:
                yield request
