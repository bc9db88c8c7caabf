"""Short, stable reasons for failures and drops, as they appear in the run report."""

from __future__ import annotations

import re
from enum import Enum

from scrapy.exceptions import IgnoreRequest

_TOKEN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class Outcome(Enum):
    FAILED = "failed"  # the page was wanted and could not be had
    SKIPPED = "skipped"  # deliberately not fetched (already stored, nothing newer announced)


def http_reason(status: int) -> str | None:
    """``http_404`` for an answer that is not a page; None for 2xx and 304 (not modified)."""
    if 200 <= status < 300 or status == 304:
        return None
    return f"http_{status}"


def _token(text: str) -> str | None:
    token = re.sub(r"[\s-]+", "_", text.strip().lower())
    return token if _TOKEN.match(token) else None


def _detail(text: str, fallback: str) -> str:
    """The token after the first colon: ``network guard: private_ip`` -> ``private_ip``."""
    return (_token(text.split(":", 1)[1]) if ":" in text else None) or fallback


def ignore_reason(message: str) -> tuple[Outcome, str]:
    """What an ``IgnoreRequest`` from a downloader middleware meant, by its message (the
    messages of Scrapy's middlewares and of ``crawler.middlewares`` / ``crawler.net``)."""
    text = message.strip()
    lowered = text.lower()
    if lowered.startswith("already stored"):  # IncrementalMiddleware: not wanted, not a failure
        return Outcome.SKIPPED, "known"
    if lowered.startswith("network guard"):
        return Outcome.FAILED, f"network_guard/{_detail(text, 'refused')}"
    if lowered.startswith("robots.txt of") and "host disallowed" in lowered:
        return Outcome.FAILED, "robots_host_disallowed"  # robots.txt unreachable: host left alone
    if "robots.txt" in lowered:
        return Outcome.FAILED, "robots_forbidden"
    if "offsite" in lowered:
        return Outcome.FAILED, "offsite"
    if lowered.startswith("crawler trap"):
        return Outcome.FAILED, f"trap/{_detail(text, 'other')}"
    if lowered.startswith("host_page_budget"):
        return Outcome.FAILED, "host_page_budget"
    head = _token(text.split(":", 1)[0])  # "truncated body" -> ignored/truncated_body
    return Outcome.FAILED, f"ignored/{head}" if head else "ignored"


def failure_reason(exception: BaseException) -> tuple[Outcome, str]:
    """Why a request got no response: a refusal (``robots_forbidden``, ``offsite``,
    ``network_guard/private_ip``...) or a download error by exception class
    (``download/TimeoutError``, ``download/DNSLookupError``...)."""
    if isinstance(exception, IgnoreRequest):
        return ignore_reason(str(exception))
    return Outcome.FAILED, f"download/{type(exception).__name__}"


def drop_reason(exception: BaseException) -> str:
    """The reason of a ``DropItem``, from the message the pipelines give it:
    ``invalid: missing_title`` -> ``invalid/missing_title``, ``duplicate_content: same title
    and body as ...`` -> ``duplicate_content``, ``write failed: ...`` -> ``write_failed``."""
    message = str(exception)
    head, _, rest = message.partition(":")
    reason = _token(head)
    if reason is None:
        return "other"
    if reason == "invalid":
        detail = _token(rest.split()[0]) if rest.split() else None
        return f"invalid/{detail}" if detail else "invalid"
    return reason


EXACT_DUPLICATE_REASONS = frozenset({"duplicate", "duplicate_content"})  # pipelines.dedup
NEAR_DUPLICATE_REASON = "near_duplicate"
