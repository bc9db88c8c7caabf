import pytest
from scrapy.exceptions import DropItem

from crawler.items import TelegramChannel
from crawler.state import state_store_of
from crawler.state.records import RecordState
from pipelines.dedup import DedupPipeline
from tests.pipelines.helpers import article, make_crawler, post


@pytest.fixture
def crawler(state_uri):
    return make_crawler(STATE_URI=state_uri)


def test_same_id_same_content_is_a_duplicate(crawler):
    dedup = DedupPipeline.from_crawler(crawler)
    dedup.process_item(article(content_hash="h1"))
    with pytest.raises(DropItem):
        dedup.process_item(article(content_hash="h1", url="https://spzh.news/en/news/85419-x?utm_source=x"))
    assert crawler.stats.get_value("dedup/duplicate/article") == 1


def test_same_content_under_another_url_is_a_duplicate(crawler):
    dedup = DedupPipeline.from_crawler(crawler)
    dedup.process_item(article(id="a1", content_hash="h1"))
    with pytest.raises(DropItem):
        dedup.process_item(article(id="a2", url="https://mirror.test/x", content_hash="h1"))
    assert crawler.stats.get_value("dedup/duplicate_content/article") == 1


def test_changed_content_is_a_new_revision_of_what_the_state_knows(crawler):
    state_store_of(crawler).remember(RecordState("a1", "article", "h1", 3, "2026-11-20T10:00:00+00:00"), [])
    dedup = DedupPipeline.from_crawler(crawler)
    assert dedup.process_item(article(content_hash="h2")).revision == 4
    with pytest.raises(DropItem):  # and the same change again in this run is a duplicate
        dedup.process_item(article(content_hash="h2"))


def test_newer_modified_date_alone_is_a_new_revision(crawler):
    state_store_of(crawler).remember(RecordState("a1", "article", "h1", 1, "2026-11-20T12:00:00+02:00"), [])
    dedup = DedupPipeline.from_crawler(crawler)
    with pytest.raises(DropItem):  # the same instant written with another offset is not newer
        dedup.process_item(article(content_hash="h1", modified_at="2026-11-20T10:00:00+00:00"))
    assert dedup.process_item(article(content_hash="h1", modified_at="2026-11-21T09:00:00+00:00")).revision == 2


def test_edited_telegram_post_is_a_revision(crawler):
    dedup = DedupPipeline.from_crawler(crawler)
    dedup.process_item(post(content_hash="p1"))
    assert dedup.process_item(post(content_hash="p1-edited", edited=True)).revision == 2


def test_a_channel_record_once_per_run(crawler):
    dedup = DedupPipeline.from_crawler(crawler)
    channel = TelegramChannel(id="stranaua", crawl_id="c", fetched_at="2026-11-25T00:00:00+00:00", channel="stranaua")
    dedup.process_item(channel)
    with pytest.raises(DropItem):
        dedup.process_item(channel)
