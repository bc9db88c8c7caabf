"""Real ``scrapy crawl`` runs for the hardening tests, with their wall time and peak memory."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import REPO, CrawlResult, crawl_command, crawl_env

# A news article page (JSON-LD NewsArticle): served whole it yields one article record.
ARTICLE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "{title}", "datePublished": "2026-11-20T10:00:00+00:00", "author": {{"@type": "Person", "name": "Ann Writer"}}}}</script>
</head><body><article><h1>{title}</h1>
{paragraphs}
</article></body></html>
"""


def article_html(title: str, paragraphs: int = 12) -> str:
    text = "\n".join(
        f"<p>Paragraph {number} of the story about {title.lower()}: the council met on Tuesday and "
        f"agreed on the budget, the mayor said, adding that the works would start in spring.</p>"
        for number in range(1, paragraphs + 1)
    )
    return ARTICLE.format(title=title, paragraphs=text)


@dataclass
class Run(CrawlResult):
    seconds: float = 0.0
    max_rss_mib: float = 0.0


def crawl(spider: str, args: dict[str, str], settings: dict[str, str], output_dir: Path,
          timeout: float = 120) -> Run:
    """``scrapy crawl`` as a subprocess (like ``tests.conftest.run_crawl``), measured."""
    defaults = {"OUTPUT_DIR": str(output_dir), "STATE_URI": f"{output_dir}.state.sqlite3"}
    command = crawl_command(spider, args, {**defaults, **settings})
    return run_command(command, output_dir, timeout)


def run_command(command: list[str], output_dir: Path, timeout: float = 120) -> Run:
    with tempfile.TemporaryFile("w+") as log:
        started = time.monotonic()
        child = subprocess.Popen(command, cwd=REPO, env=crawl_env(), stdout=log, stderr=subprocess.STDOUT, text=True)
        deadline = started + timeout
        peak_kib = 0
        while True:
            peak_kib = max(peak_kib, high_water_kib(child.pid))
            pid, status, _ = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                child.kill()
                pid, status, _ = os.wait4(child.pid, 0)
                break
            time.sleep(0.02)
        seconds = time.monotonic() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        text = log.read()
    return Run(child.returncode, text, output_dir, seconds=seconds, max_rss_mib=peak_kib / 1024)


def high_water_kib(pid: int) -> int:
    """The process's peak resident memory so far (VmHWM), in KiB; 0 once it is gone.

    Read from /proc rather than from wait4's ru_maxrss, which also counts the memory of the
    parent the child was forked from (here: pytest, large late in a full run)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def stat(log: str, name: str) -> int | None:
    """A counter from the stats Scrapy dumps at the end of a crawl, e.g. ``'retry/count': 2``."""
    marker = f"'{name}': "
    at = log.rfind(marker)
    if at < 0:
        return None
    digits = ""
    for char in log[at + len(marker):]:
        if not char.isdigit():
            break
        digits += char
    return int(digits) if digits else None
