"""Merging the report parts distributed workers leave on the frontier's board."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from crawler.report.classify import Outcome
from crawler.report.counts import RunCounts
from crawler.report.parts import merge_parts, part_of


def part(worker: str, start_hour: int, end_hour: int, stored: int, reason: str = "finished") -> dict:
    counts = RunCounts()
    for _ in range(stored):
        counts.source("uoj").record_stored("article", 1, False, {"date": False})
    counts.source("uoj").no_response(Outcome.FAILED, "http_404")
    made = part_of(worker, f"crawl-{worker}", reason, datetime(2026, 11, 25, start_hour, tzinfo=UTC),
                   datetime(2026, 11, 25, end_hour, tzinfo=UTC), counts, {"t.me/kyivwire": {"end/known": 1}})
    return json.loads(json.dumps(made))  # as read back from Redis


def test_parts_add_up_to_one_run():
    merged = merge_parts([part("b", 7, 9, 3, "max_articles"), part("a", 6, 8, 2)])
    assert merged.counts.source("uoj").stored == {"article": 5}
    assert merged.counts.source("uoj").failed == {"http_404": 2}
    assert merged.spider_counts == {"t.me/kyivwire": {"end/known": 2}}
    assert (merged.started_at.hour, merged.finished_at.hour) == (6, 9)
    assert merged.finish_reasons == ["finished", "max_articles"]
    assert [worker["crawl_id"] for worker in merged.workers] == ["crawl-a", "crawl-b"]
    assert merged.refused == []


def test_a_part_that_no_worker_wrote_is_left_out_and_named():
    broken = [{"worker": "x", "counts": {}}, {"worker": "y", "started_at": "soon", "finished_at": "later", "counts": {}},
              {"worker": "z", "started_at": "2026-11-25T06:00:00+00:00", "finished_at": "2026-11-25T07:00:00+00:00",
               "counts": "lots"}]
    good = part("a", 6, 8, 2)
    good["spider_counts"] = {"t.me/x": "many", "t.me/y": {"pages": True, "posts": 4}}
    merged = merge_parts([*broken, good])
    assert len(merged.refused) == 3 and all("no start, finish or counts" in why for why in merged.refused)
    assert merged.counts.source("uoj").stored == {"article": 2}
    assert merged.spider_counts == {"t.me/y": {"posts": 4}}
    assert merge_parts([]).started_at is None
