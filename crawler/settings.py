"""Production defaults. Override per run with ``-s NAME=value`` or in a Scrapyd job."""

BOT_NAME = "newscrawler"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
COMMANDS_MODULE = "crawler.commands"

# --- Identity: say who we are and how to reach us. Set CONTACT_URL to your own page. ---
CONTACT_URL = "https://github.com/newscrawler/newscrawler"
USER_AGENT = f"newscrawler/0.1 (+{CONTACT_URL}; news and Telegram research crawler)"

# --- Politeness ---
ROBOTSTXT_OBEY = True
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.5  # each delay is 0.5x to 1.5x DOWNLOAD_DELAY
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.5
COOKIES_ENABLED = False

# --- Limits ---
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
DOWNLOAD_TIMEOUT = 30
DNS_TIMEOUT = 15
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
REDIRECT_MAX_TIMES = 10
DOWNLOAD_FAIL_ON_DATALOSS = True  # a body shorter than promised fails and is retried: never half an article
RETRY_AFTER_MAX = 300  # s: the longest Retry-After (429/503) a host is paused for
RETRY_AFTER_DEFAULT = 10  # s: the pause after a 429 without Retry-After
ROBOTSTXT_CRAWL_DELAY_MAX = 60  # s: a host asking for a longer Crawl-delay is left alone for the run
HOST_PAGE_BUDGET = 50_000  # requests per host and run: crawler traps end here at the latest (0: no limit)
METAREFRESH_MAXDELAY = 30
DEPTH_LIMIT = 3
DEPTH_PRIORITY = 1  # breadth-first: start pages and listings before deep links
# Further pages of a listing keep its depth (crawler.discovery.depth) up to LISTING_MAX_PAGES:
# DEPTH_LIMIT bounds wandering through links, not paging.
SPIDER_MIDDLEWARES = {
    "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
    "crawler.discovery.depth.ListingDepthMiddleware": 900,
}
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"
CLOSESPIDER_TIMEOUT = 6 * 3600
CLOSESPIDER_PAGECOUNT = 200_000
CLOSESPIDER_ERRORCOUNT = 1_000

# --- Attack surface: no remote control, web schemes only ---
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # Scrapy's HTTP code-execution console
DOWNLOAD_HANDLERS = {"file": None, "data": None, "ftp": None, "s3": None}
NETWORK_ALLOWLIST: list[str] = []  # host:port pairs allowed despite being loopback/private
TWISTED_DNS_RESOLVER = "crawler.net.resolve.GuardedResolver"  # refuses names resolving to such addresses
NETWORK_GUARD_RESOLVER = "scrapy.resolver.CachingThreadedResolver"  # the resolver it wraps

DOWNLOADER_MIDDLEWARES = {
    # First on the engine side, so last to see exceptions: only final failures reach the run report.
    "crawler.report.middleware.DownloadFailureSignalMiddleware": 10,
    "crawler.middlewares.NetworkGuardMiddleware": 50,
    "crawler.middlewares.IncrementalMiddleware": 60,
    # crawler.net: robots.txt per RFC 9309 instead of Scrapy's (which allows all when robots.txt fails)
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.net.robots.RobotsTxtMiddleware": 100,
    "crawler.net.traps.TrapMiddleware": 110,  # trap URLs, session ids, HOST_PAGE_BUDGET
    "crawler.net.credentials.RedirectCredentialsMiddleware": 290,  # before auth/cookies/proxy add theirs
    "crawler.net.retry_after.RetryAfterMiddleware": 560,  # sees 429/503 before RetryMiddleware (550)
    "crawler.net.truncation.TruncatedBodyMiddleware": 570,  # after decompression (590)
    "crawler.encoding_middleware.EncodingMiddleware": 585,  # after decompression (590): BOM, <meta> vs header
}
INCREMENTAL = True  # skip articles already stored (unless their feed/sitemap date is newer)
REVISIT_WITHIN_HOURS = 48  # articles first fetched this recently are revisited to catch updates...
REVISIT_EVERY_HOURS = 6  # ...at most this often, conditionally (ETag / Last-Modified)

# --- Output ---
OUTPUT_DIR = "data"
STORE_FSYNC = "close"  # or "item"
DEFAULT_TIMEZONE = "UTC"  # for dates a page gives without an offset
CRAWL_ID = None  # made per run when unset
ITEM_PIPELINES = {
    "pipelines.normalize.NormalizePipeline": 100,
    "pipelines.validate.ValidatePipeline": 200,
    "pipelines.dedup.DedupPipeline": 300,
    "pipelines.store.JsonLinesStorePipeline": 900,
}
NEAR_DUPLICATES = "tag"  # tag (keep, set near_duplicate_of), drop, or off
NEAR_DUPLICATE_THRESHOLD = 0.8  # shingle Jaccard similarity at which two texts are one story
STATE_URI = "sqlite:///state/crawler.sqlite3"  # or a path; redis://... with the Redis state store

# --- Run report and progress (crawler/report, crawler/progress.py) ---
EXTENSIONS = {
    "crawler.report.extension.RunReportExtension": 500,  # per-source report at the end of each crawl
    "crawler.progress.ProgressLine": 500,  # one compact line every PROGRESS_INTERVAL seconds
    "crawler.shutdown.ShutdownDeadline": 500,  # SIGTERM: work in progress gets SHUTDOWN_DEADLINE s
}
SHUTDOWN_DEADLINE = 40  # s after SIGTERM/Ctrl-C before the run closes without the work in progress (0: wait)
RUN_REPORT_ENABLED = True
RUN_REPORT_DIR = None  # default: <OUTPUT_DIR>/reports; files <dir>/<spider>/<crawl_id>.json
RUN_REPORT_HISTORY = 5  # earlier runs of a source its baseline is made of (0: no degradation check)
RUN_REPORT_MIN_RECORDS = 5  # a run with fewer records (pages, for yield/failures) is not judged
RUN_REPORT_DEGRADATION_DELTA = 0.3  # a missing-field or failure share this much above baseline warns
RUN_REPORT_YIELD_DROP = 0.5  # records per record page this fraction below baseline warns
PROGRESS_INTERVAL = 60  # seconds between progress lines (0: none); off with --nolog
# The progress line replaces Scrapy's LogStats line (pages and items per minute only); set
# LOGSTATS_INTERVAL back to 60 to have both. STATS_DUMP stays on: the end-of-run stats dump
# holds every spider and pipeline counter (telegram/<channel>/..., dedup/..., incremental/...)
# that the report sums up, and is what one greps when a number in the report looks wrong.
LOGSTATS_INTERVAL = 0

# --- Distributed mode (crawler.distributed): on when REDIS_URL or STATE_URI=redis://... is set ---
ADDONS = {"crawler.distributed.addon.DistributedAddon": 0}
REDIS_URL = None  # redis://host:6379/0: workers share one frontier, dupefilter and state store
FRONTIER_NAME = None  # default: the spider's name + a digest of its arguments
FRONTIER_WORKER_TIMEOUT = 60  # s without a heartbeat before a worker's in-flight requests go to others
FRONTIER_IDLE_CLOSE = 5  # s the whole frontier must stay empty before a worker ends (-1: never)

# --- Extraction workers (crawler/extract/pool.py) ---
EXTRACT_WORKERS = -1  # processes reading pages beside the crawl process; -1: one per core (os.cpu_count()); 0: none
EXTRACT_TIMEOUT = 60  # s one page may take in a worker before it is given up
EXTRACT_POOL_RESTARTS = 3  # a pool broken by a dying worker is replaced this often, then pages are read in-process
EXTRACT_POOL_WAIT = False  # True: the first pages wait for the workers to start (instead of being read in-process)

# --- News discovery ---
OUTLET_PROFILES_DIRS: list[str] = []  # extra folders of outlet profile TOML files
LISTING_MAX_PAGES = 50  # pages of a listing read without spending link depth (0: all); raise it to backfill
# A listing page whose article links are all stored already ends its paging ("caught up"), so
# a scheduled run reads only the new top of each listing (INCREMENTAL).
READ_ALSO_DEPTH = 1  # hops along "Read also" links from an article (0: do not follow)
READ_ALSO_CROSS_OUTLET = False  # follow "Read also" links to other outlets too
FOLLOW_ARTICLE_LINKS = True  # follow plain links found on article pages (within the sites)
DISCOVER_ROBOTS_SITEMAPS = True  # read Sitemap: lines of each start site's robots.txt
DISCOVER_FEED_LINKS = True  # follow feeds start pages announce with <link rel=alternate>

# --- Telegram ---
TELEGRAM_BASE_URL = "https://t.me"
FOLLOW_TELEGRAM_LINKS = True  # news: fetch t.me posts cited by articles (their embed pages)
TELEGRAM_RATE_LIMIT_RETRIES = 3  # a 429 is retried after its Retry-After this many times at most
TELEGRAM_RETRY_AFTER_MAX = 300  # seconds: the longest Retry-After wait honoured
TELEGRAM_FOLLOW_POST_LINKS = False  # telegram: fetch the web pages posts link to, keep the articles

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
