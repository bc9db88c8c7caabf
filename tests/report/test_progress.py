"""The progress line's text and when it is on."""

from __future__ import annotations

from scrapy.settings import Settings

from crawler.progress import Snapshot, logging_shows_info, progress_text


def test_progress_text_with_rates_over_the_interval():
    before = Snapshot(at=100.0, pages=100, records=50, failed=1, duplicates=2)
    now = Snapshot(at=130.0, pages=160, records=80, failed=3, duplicates=4)
    assert progress_text(now, before, 120, 8) == \
        "Progress: 160 pages (+120/min), 80 records (+60/min), 3 failed, 4 duplicates, 120 queued, 8 in flight"
    assert progress_text(now, now, None, None) == \
        "Progress: 160 pages (+0/min), 80 records (+0/min), 3 failed, 4 duplicates"


def test_on_only_when_an_info_line_reaches_someone():
    assert logging_shows_info(Settings({"LOG_ENABLED": True, "LOG_LEVEL": "INFO"}))
    assert logging_shows_info(Settings({"LOG_ENABLED": True, "LOG_LEVEL": "DEBUG"}))
    assert not logging_shows_info(Settings({"LOG_ENABLED": False, "LOG_LEVEL": "INFO"}))  # --nolog
    assert not logging_shows_info(Settings({"LOG_ENABLED": True, "LOG_LEVEL": "WARNING"}))
    assert logging_shows_info(Settings({"LOG_ENABLED": False, "LOG_FILE": "crawl.log", "LOG_LEVEL": "INFO"}))
    assert not logging_shows_info(Settings({"LOG_ENABLED": True, "LOG_LEVEL": 30}))
