"""``scrapy extract FILE [--url URL]``: print the Article record a saved page yields.

No network, no crawl: the file is read, decoded as a crawl decodes pages
(``crawler.encoding.decode_html``: BOM, valid UTF-8, then the most plausible of the
declared and common Cyrillic and Western encodings), and passed to ``crawler.extract.extract_article``. The record is built the way the
``news`` spider builds it (id from the canonical URL, outlet, content hash), with
``crawl_id`` "extract" and ``fetched_at`` the file's modification time, and printed as
pretty UTF-8 JSON in the schema's field order. It is not normalized or validated (that is
the pipelines' job), so it shows exactly what extraction found.
"""

from __future__ import annotations

import argparse
import codecs
import dataclasses
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

from parsel import Selector
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.encoding import decode_html
from crawler.extract import extract_article
from crawler.extract.related import find_related
from crawler.items import Article, article_id, content_hash, make_record
from crawler.urls import absolute_url, host_of, registered_domain


def decode_page(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """(encoding used, text) of saved page bytes: the given encoding (LookupError when there is
    no such codec), else what a crawl would decide (``decode_html``)."""
    if encoding:
        name = codecs.lookup(encoding).name
        return name, data.decode(name, "replace")
    return decode_html(data)


def page_url(text: str, path: Path) -> str:
    """The URL to extract with when none is given: the page's canonical or og:url, else a file:// URL."""
    selector = Selector(text=text)
    for candidate in selector.xpath(
        '//link[translate(@rel, "CANONICAL", "canonical")="canonical"]/@href | //meta[@property="og:url"]/@content'
    ).getall():
        url = absolute_url(candidate)
        if url:
            return url
    return path.resolve().as_uri()


def article_record(fields: dict[str, Any], text: str, url: str, fetched_at: str) -> dict[str, Any]:
    """The Article record, as a dict in the schema's field order."""
    if "related" not in fields:  # extraction that does not fill it yet: find the blocks here
        fields = {**fields, "related": find_related(Selector(text=text), url)}
    canonical = fields.get("canonical_url") or url
    record = make_record(Article, {
        **fields,
        "id": article_id(canonical),
        "crawl_id": "extract",
        "fetched_at": fetched_at,
        "outlet": registered_domain(host_of(canonical)) or None,
        "content_hash": content_hash(fields.get("title"), fields.get("body")),
    })
    return dataclasses.asdict(record)


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "<file.html> [--url URL]"

    def short_desc(self) -> str:
        return "Print the Article JSON extracted from a saved HTML page (no network)"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--url", help="the page's URL (default: its canonical link, else a file:// URL)")
        parser.add_argument("--encoding", help="decode the file with this encoding (default: BOM, meta charset, UTF-8)")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one saved page: scrapy extract <file.html> [--url URL]")
        path = Path(args[0])
        try:
            data = path.read_bytes()
        except OSError as error:
            reason = "no such file" if isinstance(error, FileNotFoundError) else (error.strerror or str(error))
            print(f"scrapy extract: cannot read {args[0]}: {reason}", file=sys.stderr)
            self.exitcode = 1
            return
        try:
            _, text = decode_page(data, opts.encoding)
        except LookupError:
            print(f"scrapy extract: unknown encoding {opts.encoding!r}", file=sys.stderr)
            self.exitcode = 1
            return
        url = opts.url or page_url(text, path)
        fetched_at = datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat(timespec="seconds")
        record = article_record(extract_article(text, url), text, url, fetched_at.replace("+00:00", "Z"))
        output = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
        sys.stdout.buffer.write(output.encode("utf-8"))  # UTF-8 whatever the terminal's locale
        sys.stdout.flush()
