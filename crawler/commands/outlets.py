"""``scrapy outlets``: the outlet profiles a crawl can use (``-a outlet=<name>``)."""

from __future__ import annotations

import argparse
import json
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.commands.table import text_table
from crawler.outlets.loader import ProfileError
from crawler.outlets.profile import OutletProfile
from crawler.outlets.registry import all_profiles


def profile_row(profile: OutletProfile) -> dict[str, Any]:
    return {
        "name": profile.name,
        "domains": list(profile.domains),
        "mirrors": list(profile.mirrors),
        "language": ",".join(profile.languages) or profile.language,
        "timezone": profile.timezone,
        "start_urls": len(profile.start_urls),
        "feeds": len(profile.feeds),
        "sitemaps": len(profile.sitemaps),
    }


def format_table(rows: list[dict[str, Any]]) -> str:
    """A plain text table: name, domains (mirrors in brackets), language, zone, counts."""
    header = ["NAME", "DOMAINS", "LANGUAGE", "TIMEZONE", "START", "FEEDS", "SITEMAPS"]
    lines = []
    for row in rows:
        domains = ",".join(row["domains"]) + (f" [{','.join(row['mirrors'])}]" if row["mirrors"] else "")
        lines.append([row["name"], domains, row["language"] or "-", row["timezone"],
                      str(row["start_urls"]), str(row["feeds"]), str(row["sitemaps"])])
    return text_table(header, lines)


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def short_desc(self) -> str:
        return "List outlet profiles (use one with: scrapy crawl news -a outlet=NAME)"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--json", action="store_true", help="print one JSON object per profile")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        try:
            profiles = all_profiles(self.settings.getlist("OUTLET_PROFILES_DIRS"))
        except ProfileError as error:
            raise UsageError(str(error), print_help=False) from None
        rows = [profile_row(profile) for profile in profiles]
        if opts.json:
            print("\n".join(json.dumps(row, ensure_ascii=False) for row in rows))
        else:
            print(format_table(rows))
