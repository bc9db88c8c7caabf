"""The per-source counters."""

from __future__ import annotations

import json

from crawler.report.classify import Outcome
from crawler.report.counts import RunCounts, SourceCounts


def test_pages_scheduled_refused_answered_and_failed():
    counts = SourceCounts()
    counts.scheduled(repeat=False)
    counts.scheduled(repeat=False)
    counts.scheduled(repeat=False)
    counts.refused_by_dupefilter(repeat=False)  # the engine announced it, the dupefilter said no
    counts.scheduled(repeat=True)  # a retry
    counts.response("http_500", not_modified=False, record_page=True)
    counts.response(None, not_modified=False, record_page=True)
    counts.response(None, not_modified=True, record_page=True)
    counts.no_response(Outcome.FAILED, "robots_forbidden")
    counts.no_response(Outcome.SKIPPED, "known")
    assert (counts.discovered, counts.already_seen, counts.requeued) == (2, 1, 1)
    assert (counts.fetched, counts.record_pages, counts.not_modified, counts.unanswered) == (3, 1, 1, 1)
    assert counts.failed == {"http_500": 1, "robots_forbidden": 1} and counts.failed_total == 2
    assert counts.skipped == {"known": 1}
    assert counts.attempts == 4  # the skipped one was never asked for


def test_records_stored_and_dropped():
    counts = SourceCounts()
    full = {"title": False, "body": False, "date": False, "authors": False}
    counts.record_stored("article", revision=1, near_duplicate=False, missing=full)
    counts.record_stored("article", revision=2, near_duplicate=False, missing={**full, "date": True})
    counts.record_stored("article", revision=1, near_duplicate=True, missing={**full, "authors": True})
    counts.record_dropped("article", "duplicate_content", full)
    counts.record_dropped("article", "near_duplicate", full)
    counts.record_dropped("article", "invalid/missing_body", {**full, "body": True})
    counts.record_stored("telegram_channel", revision=1, near_duplicate=False, missing={})
    assert counts.extracted == {"article": 6, "telegram_channel": 1}
    assert counts.stored == {"article": 3, "telegram_channel": 1}
    assert (counts.new, counts.revisions) == (2, 1)  # channel records are neither
    assert counts.exact_duplicates == 1 and counts.near_duplicates == 2
    assert counts.checked == {"title": 6, "body": 6, "date": 6, "authors": 6}
    assert counts.missing == {"date": 1, "authors": 1, "body": 1}
    assert counts.content_records == 6


def test_totals_merge_every_source():
    run = RunCounts()
    run.source("a").scheduled(repeat=False)
    run.source("a").record_stored("article", 1, False, {"date": True})
    run.source("b").scheduled(repeat=False)
    run.source("b").no_response(Outcome.FAILED, "download/TimeoutError")
    totals = run.totals()
    assert totals.discovered == 2 and totals.failed == {"download/TimeoutError": 1}
    assert totals.stored == {"article": 1} and totals.missing == {"date": 1}
    assert run.source("a").discovered == 1  # merging did not change the sources


def test_counts_go_through_json_and_merge_across_workers():
    one, two = RunCounts(), RunCounts()
    one.source("uoj").record_stored("article", 1, False, {"date": True})
    one.source("uoj").no_response(Outcome.FAILED, "http_404")
    two.source("uoj").record_stored("article", 2, True, {"date": False})
    two.source("tass").scheduled(repeat=False)
    merged = RunCounts()
    for part in (one, two):
        merged.merge(RunCounts.from_json(json.loads(json.dumps(part.to_json()))))
    uoj = merged.source("uoj")
    assert uoj.stored == {"article": 2} and uoj.new == 1 and uoj.revisions == 1 and uoj.near_tagged == 1
    assert uoj.failed == {"http_404": 1} and uoj.missing == {"date": 1} and uoj.checked == {"date": 2}
    assert merged.source("tass").discovered == 1


def test_counts_from_foreign_json_keep_only_what_they_know():
    counts = RunCounts.from_json({"uoj": {"fetched": 3, "failed": {"http_500": 2, "x": "many"},
                                          "bogus": 1, "new": True, "_private": 5}, "bad": [1, 2]})
    assert counts.source("uoj").fetched == 3 and counts.source("uoj").failed == {"http_500": 2}
    assert counts.source("uoj").new == 0 and "bad" not in counts.sources
    assert RunCounts.from_json("nonsense").sources == {}
