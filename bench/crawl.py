"""Crawl throughput: our spiders against a bare Scrapy spider and a trafilatura spider.

    python -m bench.crawl                          # 2,000 articles, 2,000 posts, 3 repetitions
    python -m bench.crawl --reps 5 --json out.json
    python -m bench.crawl --cases a,b --articles 500 --reps 1
    python -m bench.crawl --memory                 # also: peak RSS of a 20,000- vs a 2,000-page crawl

A generated news site and Telegram channel (``bench/crawlsite.py``) are served from a separate
process on 127.0.0.1; every crawl is a fresh subprocess (``CrawlerProcess``, fresh output and
state store) with fast settings (no delays, no AutoThrottle, 32 concurrent requests):

- (a) ``bare``: a bare Scrapy spider, a handful of parsel selectors and link following
  (``bench/spiders.py``), plain Scrapy settings, a JSON lines feed: the baseline;
- (b) ``profile``: our ``news`` spider with an outlet profile for the site (selectors for
  title, lead, body, authors, date, tags, related), all our middlewares and pipelines;
- (c) ``generic``: our ``news`` spider with no profile (generic extraction);
- (d) ``trafilatura``: the bare spider calling ``trafilatura.extract`` on every page;
- (e) ``telegram``: our ``telegram`` spider reading the channel's history back to its start;
- (f) ``bare-seen``: the bare spider skipping links it already followed before making a
  Request (as our spiders do): most of (a)'s time goes into Requests for repeated links that
  the dupefilter then drops, so (f) is Scrapy's own ceiling on this site.

Reported per case, median and range over the repetitions (cases interleaved, so machine noise
hits them alike): pages/s (wall time between spider_opened and spider_closed), CPU ms per
page (user+sys of the crawl process and its children, pool workers included, from
``wait4``; start-up imports left out), peak RSS (the sum over the crawl's process tree,
sampled every 50 ms), and each as a ratio to (a) and (d). Ratios are what a run measures:
absolute numbers vary with the machine and its load (the load average is printed).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CASES = {
    "a": "bare",
    "b": "profile",
    "c": "generic",
    "d": "trafilatura",
    "e": "telegram",
    "f": "bare-seen",
}
FAST = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 32,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 32,
    "LOG_LEVEL": "WARNING",
    "TELNETCONSOLE_ENABLED": False,
}
_PAGE = os.sysconf("SC_PAGE_SIZE")


# --- the site ---------------------------------------------------------------------------

class SiteServer:
    """``bench.crawlsite`` served from a child process; ``with SiteServer(...) as s: s.port``."""

    def __init__(self, articles: int, posts: int, cache_pages: int = 6000) -> None:
        self.articles, self.posts, self.cache_pages = articles, posts, cache_pages
        self.process: multiprocessing.process.BaseProcess | None = None
        self.port = 0

    def __enter__(self) -> SiteServer:
        from bench.crawlsite import serve

        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        self.process = context.Process(target=serve, args=(0, self.articles, self.posts, 1, sender, self.cache_pages),
                                       daemon=True)
        self.process.start()
        sender.close()
        if not receiver.poll(600):
            raise RuntimeError("the bench site did not start")
        self.port = receiver.recv()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.join(10)

    @property
    def hostport(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def base(self) -> str:
        return f"http://{self.hostport}"


PROFILE = """
name = "benchnews"
title = "Bench News"
domains = ["127.0.0.1"]
language = "en"
timezone = "Europe/Kyiv"
start_urls = ["{base}/"]
article_pattern = '/news/\\d+-'

[selectors]
title = "h1.article__title"
lead = "p.article__lead"
body = "div.article__body > p"
authors = ".article__author a"
published_at = "time.article__date"
tags = ".article__tags a"
related = "section.related .card, aside.read-also li"
"""


# --- one crawl in a child process -------------------------------------------------------

def _child(spec: dict[str, Any]) -> None:
    """Run one crawl in this process (``--child``) and write its numbers to ``spec["out"]``."""
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings
    from scrapy.utils.project import get_project_settings

    if spec["project"]:
        os.chdir(REPO)
        settings = get_project_settings()
    else:
        settings = Settings()
    settings.setdict(spec["settings"], priority="cmdline")
    process = CrawlerProcess(settings)
    if spec["spider"].startswith("bench."):
        from bench import spiders

        spidercls: Any = getattr(spiders, spec["spider"].split(".", 1)[1])
    else:
        spidercls = spec["spider"]
    crawler = process.create_crawler(spidercls)
    marks: dict[str, float] = {}

    def opened(**_: Any) -> None:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        marks["opened"] = time.monotonic()
        marks["cpu_at_open"] = usage.ru_utime + usage.ru_stime

    def closed(**_: Any) -> None:
        marks["closed"] = time.monotonic()

    crawler.signals.connect(opened, signal=signals.spider_opened)
    crawler.signals.connect(closed, signal=signals.spider_closed)
    process.crawl(crawler, **spec["args"])
    process.start()
    stats = {key: value for key, value in crawler.stats.get_stats().items() if isinstance(value, (int, float, str))}
    Path(spec["out"]).write_text(json.dumps({"marks": marks, "stats": stats}, default=str))


def _descendants(pid: int) -> list[int]:
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    stack.extend(int(child) for child in handle.read().split())
        except OSError:
            continue
    return found


def _tree_rss(pid: int) -> int:
    total = 0
    for member in _descendants(pid):
        try:
            with open(f"/proc/{member}/statm") as handle:
                total += int(handle.read().split()[1]) * _PAGE
        except (OSError, IndexError, ValueError):
            continue
    return total


@dataclass
class Run:
    case: str
    pages: int
    items: int
    seconds: float
    cpu_seconds: float
    peak_rss: int
    errors: int
    stats: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms_per_page(self) -> float:
        return 1000 * self.cpu_seconds / self.pages if self.pages else 0.0


def run_crawl(case: str, spider: str, args: dict[str, str], settings: dict[str, Any], project: bool,
              workdir: Path) -> Run:
    out = workdir / "result.json"
    spec = {"spider": spider, "args": args, "settings": settings, "project": project, "out": str(out)}
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    child = subprocess.Popen([sys.executable, "-m", "bench.crawl", "--child", json.dumps(spec)], cwd=REPO, env=env,
                             stdout=subprocess.DEVNULL, stderr=open(workdir / "stderr.log", "wb"))
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(child.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    sampler.join()
    if child.returncode != 0 or not out.exists():
        tail = (workdir / "stderr.log").read_text("utf-8", "replace")[-3000:]
        raise RuntimeError(f"{case}: crawl failed ({child.returncode}):\n{tail}")
    result = json.loads(out.read_text())
    marks, stats = result["marks"], result["stats"]
    cpu = usage.ru_utime + usage.ru_stime - marks.get("cpu_at_open", 0.0)
    return Run(
        case=case,
        pages=int(stats.get("response_received_count", 0)),
        items=int(stats.get("item_scraped_count", 0)),
        seconds=marks["closed"] - marks["opened"],
        cpu_seconds=cpu,
        peak_rss=peak,
        errors=int(stats.get("log_count/ERROR", 0)),
        stats=stats,
    )


def case_command(case: str, server: SiteServer, workdir: Path, extra: dict[str, Any]) -> tuple[str, dict, dict, bool]:
    """(spider, arguments, settings, project settings?) of one case."""
    if case in ("a", "d", "f"):
        spider = {"a": "bench.BareSpider", "d": "bench.TrafilaturaSpider", "f": "bench.BareSeenSpider"}[case]
        feed = {str(workdir / "items.jsonl"): {"format": "jsonlines"}}
        return spider, {"start": server.base + "/"}, {**FAST, "FEEDS": feed}, False
    ours = {
        **FAST,
        "OUTPUT_DIR": str(workdir / "data"),
        "STATE_URI": f"sqlite:///{workdir / 'state.sqlite3'}",
        "NETWORK_ALLOWLIST": [server.hostport],
        "PROGRESS_INTERVAL": 0,
        "RUN_REPORT_DIR": str(workdir / "reports"),
        **extra,
    }
    if case == "e":
        return "telegram", {"channels": "benchwire"}, {**ours, "TELEGRAM_BASE_URL": server.base}, True
    ours["FOLLOW_TELEGRAM_LINKS"] = False  # cited t.me posts would go to the real Telegram
    if case == "b":
        profiles = workdir / "profiles"
        profiles.mkdir(exist_ok=True)
        (profiles / "benchnews.toml").write_text(PROFILE.format(base=server.base), "utf-8")
        return "news", {"outlet": "benchnews"}, {**ours, "OUTLET_PROFILES_DIRS": [str(profiles)]}, True
    return "news", {"urls": server.base + "/"}, ours, True


# --- summaries --------------------------------------------------------------------------

def _median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def summarize(runs: list[Run]) -> dict[str, dict[str, Any]]:
    summary: dict[str, dict[str, Any]] = {}
    for case in CASES:
        mine = [run for run in runs if run.case == case]
        if not mine:
            continue
        rates = [run.pages_per_second for run in mine]
        cpu = [run.cpu_ms_per_page for run in mine]
        rss = [run.peak_rss / 2**20 for run in mine]
        summary[case] = {
            "name": CASES[case],
            "pages": _median([run.pages for run in mine]),
            "items": _median([run.items for run in mine]),
            "errors": max(run.errors for run in mine),
            "pages_per_s": _median(rates), "pages_per_s_range": [min(rates), max(rates)],
            "cpu_ms_per_page": _median(cpu), "cpu_ms_per_page_range": [min(cpu), max(cpu)],
            "peak_rss_mb": _median(rss), "peak_rss_mb_range": [min(rss), max(rss)],
        }
    for case, row in summary.items():
        for base in ("a", "d"):
            if base in summary:
                ref = summary[base]
                row[f"pages_per_s_vs_{base}"] = row["pages_per_s"] / ref["pages_per_s"] if ref["pages_per_s"] else None
                row[f"cpu_vs_{base}"] = row["cpu_ms_per_page"] / ref["cpu_ms_per_page"] if ref["cpu_ms_per_page"] else None
                row[f"rss_vs_{base}"] = row["peak_rss_mb"] / ref["peak_rss_mb"] if ref["peak_rss_mb"] else None
    return summary


def _ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}x"


def table(summary: dict[str, dict[str, Any]]) -> str:
    lines = [
        "| case | pages | pages/s (range) | CPU ms/page (range) | peak RSS MB | pages/s vs (a) | vs (d) "
        "| CPU vs (a) | vs (d) | RSS vs (a) | vs (d) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for case, row in summary.items():
        low, high = row["pages_per_s_range"]
        clow, chigh = row["cpu_ms_per_page_range"]
        lines.append(
            f"| ({case}) {row['name']} | {row['pages']:.0f} | {row['pages_per_s']:.1f} ({low:.1f}–{high:.1f}) "
            f"| {row['cpu_ms_per_page']:.1f} ({clow:.1f}–{chigh:.1f}) | {row['peak_rss_mb']:.0f} "
            f"| {_ratio(row.get('pages_per_s_vs_a'))} | {_ratio(row.get('pages_per_s_vs_d'))} "
            f"| {_ratio(row.get('cpu_vs_a'))} | {_ratio(row.get('cpu_vs_d'))} "
            f"| {_ratio(row.get('rss_vs_a'))} | {_ratio(row.get('rss_vs_d'))} |"
        )
    return "\n".join(lines)


def bars(summary: dict[str, dict[str, Any]], memory: dict[str, Any] | None) -> list[str]:
    checks = []

    def check(label: str, value: float | None, bar: float) -> None:
        if value is not None:
            checks.append(f"{'met ' if value >= bar else 'MISSED'} {label}: {value:.2f}x (bar {bar}x)")

    if "a" in summary:
        check("(b) pages/s vs (a)", summary.get("b", {}).get("pages_per_s_vs_a"), 0.7)
        check("(e) pages/s vs (a)", summary.get("e", {}).get("pages_per_s_vs_a"), 0.7)
    if "d" in summary:
        check("(c) pages/s vs (d)", summary.get("c", {}).get("pages_per_s_vs_d"), 1.5)
    if memory:
        ratio = memory["ratio"]
        checks.append(f"{'met ' if ratio <= 1.5 else 'MISSED'} memory: peak RSS {memory['large_pages']} pages / "
                      f"{memory['small_pages']} pages = {ratio:.2f}x (bar <= 1.5x)")
    return checks


def machine() -> dict[str, Any]:
    load = os.getloadavg()
    return {"cpus": os.cpu_count(), "load_average": [round(value, 2) for value in load],
            "python": sys.version.split()[0], "date": time.strftime("%Y-%m-%d %H:%M %Z")}


# --- main -------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000, help="articles on the news site (default 2000)")
    parser.add_argument("--posts", type=int, default=2000, help="posts in the Telegram channel (default 2000)")
    parser.add_argument("--reps", type=int, default=3, help="repetitions of each case (default 3)")
    parser.add_argument("--cases", default="a,b,c,d,e,f", help="which cases, of a,b,c,d,e,f (default all)")
    parser.add_argument("--workers", type=int, default=None, help="EXTRACT_WORKERS for our spiders (default: the setting's)")
    parser.add_argument("--setting", "-s", action="append", default=[], metavar="NAME=VALUE",
                        help="an extra setting for our spiders (repeatable)")
    parser.add_argument("--memory", action="store_true", help="also compare peak RSS of a large and a small crawl")
    parser.add_argument("--memory-case", default="b", choices=["b", "c"], help="the case the memory mode runs (default b)")
    parser.add_argument("--memory-small", type=int, default=2000, help="articles of the small crawl (default 2000)")
    parser.add_argument("--memory-large", type=int, default=20000, help="articles of the large crawl (default 20000)")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    parser.add_argument("--keep", action="store_true", help="keep the crawls' output folders (printed)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.child:
        _child(json.loads(options.child))
        return 0
    cases = [case.strip() for case in options.cases.split(",") if case.strip()]
    unknown = [case for case in cases if case not in CASES]
    if unknown:
        parser.error(f"unknown cases {unknown}: pick from {','.join(CASES)}")
    extra: dict[str, Any] = dict(setting.split("=", 1) for setting in options.setting)
    if options.workers is not None:
        extra["EXTRACT_WORKERS"] = options.workers
    root = Path(tempfile.mkdtemp(prefix="bench-crawl-"))
    print(f"machine: {machine()}", flush=True)
    runs: list[Run] = []
    memory = None
    try:
        if cases:
            with SiteServer(options.articles, options.posts) as server:
                for rep in range(options.reps):
                    for case in cases:
                        workdir = root / f"{case}-{rep}"
                        workdir.mkdir()
                        spider, args, settings, project = case_command(case, server, workdir, extra)
                        run = run_crawl(case, spider, args, settings, project, workdir)
                        runs.append(run)
                        print(f"rep {rep + 1} ({case}) {CASES[case]:<12} {run.pages:6d} pages {run.items:6d} items "
                              f"{run.pages_per_second:7.1f} pages/s {run.cpu_ms_per_page:6.1f} CPU ms/page "
                              f"{run.peak_rss / 2**20:6.0f} MB peak  load {os.getloadavg()[0]:.2f}"
                              + (f"  {run.errors} errors" if run.errors else ""), flush=True)
                        if not options.keep:
                            shutil.rmtree(workdir, ignore_errors=True)
        if options.memory:
            memory = memory_mode(options, root, extra)
    finally:
        if not options.keep:
            shutil.rmtree(root, ignore_errors=True)
        else:
            print(f"kept: {root}")
    summary = summarize(runs)
    print()
    print(f"Machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at the end; "
          f"{options.articles} articles, {options.posts} posts, {options.reps} repetitions, median (range)")
    print(table(summary))
    if memory:
        print(f"\nMemory ({CASES[options.memory_case]}): {memory['small_pages']} pages {memory['small_mb']:.0f} MB peak, "
              f"{memory['large_pages']} pages {memory['large_mb']:.0f} MB peak: {memory['ratio']:.2f}x")
    checks = bars(summary, memory)
    if checks:
        print("\n" + "\n".join(checks))
    if options.json:
        options.json.write_text(json.dumps({
            "machine": machine(), "articles": options.articles, "posts": options.posts, "reps": options.reps,
            "summary": summary, "memory": memory, "bars": checks,
            "runs": [{k: v for k, v in asdict(run).items() if k != "stats"} for run in runs],
        }, indent=2))
    return 0


def memory_mode(options: argparse.Namespace, root: Path, extra: dict[str, Any]) -> dict[str, Any]:
    """Peak RSS of one crawl of ``memory_large`` articles against one of ``memory_small``."""
    results = {}
    for label, articles in (("small", options.memory_small), ("large", options.memory_large)):
        with SiteServer(articles, 20, cache_pages=min(articles + 200, 4000)) as server:
            workdir = root / f"memory-{label}"
            workdir.mkdir()
            spider, args, settings, project = case_command(options.memory_case, server, workdir, extra)
            run = run_crawl(options.memory_case, spider, args, settings, project, workdir)
            print(f"memory {label}: {run.pages} pages {run.pages_per_second:.1f} pages/s "
                  f"{run.peak_rss / 2**20:.0f} MB peak  load {os.getloadavg()[0]:.2f}", flush=True)
            results[label] = run
            if not options.keep:
                shutil.rmtree(workdir, ignore_errors=True)
    small, large = results["small"], results["large"]
    return {"case": options.memory_case, "small_pages": small.pages, "large_pages": large.pages,
            "small_mb": small.peak_rss / 2**20, "large_mb": large.peak_rss / 2**20,
            "ratio": large.peak_rss / small.peak_rss if small.peak_rss else 0.0}


if __name__ == "__main__":
    sys.exit(main())
