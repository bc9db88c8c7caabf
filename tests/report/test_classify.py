"""Reasons for failures and drops, from the exceptions real components raise."""

from __future__ import annotations

from scrapy.exceptions import DropItem, IgnoreRequest
from twisted.internet.error import ConnectionRefusedError, DNSLookupError, TimeoutError

from crawler.report.classify import Outcome, drop_reason, failure_reason, http_reason


def test_http_reason_counts_answers_that_are_not_pages():
    assert http_reason(200) is None and http_reason(204) is None
    assert http_reason(304) is None  # not modified: a revisit, not a failure
    assert http_reason(404) == "http_404" and http_reason(503) == "http_503"
    assert http_reason(301) == "http_301"  # a redirect that was not followed


def test_refusals_by_downloader_middlewares():
    # The messages of Scrapy's RobotsTxtMiddleware and OffsiteMiddleware and of our network guard.
    assert failure_reason(IgnoreRequest("Forbidden by robots.txt")) == (Outcome.FAILED, "robots_forbidden")
    assert failure_reason(IgnoreRequest("Filtered offsite request to 'example.org'")) == (Outcome.FAILED, "offsite")
    assert failure_reason(IgnoreRequest("network guard: private_ip")) == (Outcome.FAILED, "network_guard/private_ip")
    assert failure_reason(IgnoreRequest("network guard")) == (Outcome.FAILED, "network_guard/refused")
    assert failure_reason(IgnoreRequest("robots.txt of https://x.org: http_503, host disallowed")) == \
        (Outcome.FAILED, "robots_host_disallowed")
    assert failure_reason(IgnoreRequest("crawler trap: calendar")) == (Outcome.FAILED, "trap/calendar")
    assert failure_reason(IgnoreRequest("HOST_PAGE_BUDGET spent")) == (Outcome.FAILED, "host_page_budget")
    assert failure_reason(IgnoreRequest("truncated body")) == (Outcome.FAILED, "ignored/truncated_body")
    assert failure_reason(IgnoreRequest("Something else (see https://x.org/a)")) == (Outcome.FAILED, "ignored")


def test_an_incremental_skip_is_not_a_failure():
    assert failure_reason(IgnoreRequest("already stored, nothing newer announced")) == (Outcome.SKIPPED, "known")


def test_download_errors_by_exception_class():
    assert failure_reason(TimeoutError()) == (Outcome.FAILED, "download/TimeoutError")
    assert failure_reason(DNSLookupError()) == (Outcome.FAILED, "download/DNSLookupError")
    assert failure_reason(ConnectionRefusedError()) == (Outcome.FAILED, "download/ConnectionRefusedError")


def test_drop_reasons_from_the_pipelines_messages():
    assert drop_reason(DropItem("invalid: missing_title")) == "invalid/missing_title"
    assert drop_reason(DropItem("invalid: bad_published_at")) == "invalid/bad_published_at"
    assert drop_reason(DropItem("duplicate: same content as revision 2")) == "duplicate"
    assert drop_reason(DropItem("duplicate_content: same title and body as abc")) == "duplicate_content"
    assert drop_reason(DropItem("near_duplicate: 0.91 similar to abc")) == "near_duplicate"
    assert drop_reason(DropItem("write failed: [Errno 28] No space left on device")) == "write_failed"
    assert drop_reason(DropItem("not a record: dict")) == "not_a_record"


def test_drop_reasons_that_say_nothing_usable():
    assert drop_reason(DropItem("")) == "other"
    assert drop_reason(DropItem("Dropped because the moon is full (see https://x.org/a:b)")) == "other"
    assert drop_reason(DropItem("invalid")) == "invalid"
