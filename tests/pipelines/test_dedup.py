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


STORY = ("The river port reopened on Tuesday after a storm closed it for three days, the port authority "
         "said. Ships that waited at anchor began to unload grain and fuel, and dock workers returned to "
         "their shifts. The authority said repairs to the northern pier would take another week and that "
         "traffic would be limited until then. Local businesses welcomed the news after losses during the "
         "closure, and the city council promised help for those who lost income.")


def test_a_syndicated_copy_is_tagged_with_the_first_ones_id(crawler):
    dedup = DedupPipeline.from_crawler(crawler)
    dedup.process_item(article(id="a1", content_hash="h1", title="Port reopens", body=STORY))
    copy = dedup.process_item(article(id="a2", url="https://other.test/port", content_hash="h2",
                                      title="Port reopens", body=STORY + " Reporting by our correspondent."))
    assert copy.near_duplicate_of == "a1"
    other = dedup.process_item(article(id="a3", url="https://other.test/x", content_hash="h3",
                                       title="Election results", body="A different story about an election " * 12))
    assert other.near_duplicate_of is None
    assert crawler.stats.get_value("dedup/near_duplicate/article") == 1


def test_near_duplicates_dropped_or_ignored_by_policy(state_uri):
    dropping = DedupPipeline.from_crawler(make_crawler(STATE_URI=state_uri, NEAR_DUPLICATES="drop"))
    dropping.process_item(article(id="b1", content_hash="h1", title="Port reopens", body=STORY))
    with pytest.raises(DropItem):
        dropping.process_item(article(id="b2", url="https://other.test/p", content_hash="h2", title="Port reopens",
                                      body=STORY + " More."))
    ignoring = DedupPipeline.from_crawler(make_crawler(NEAR_DUPLICATES="off"))
    ignoring.process_item(article(id="c1", content_hash="h1", title="Port reopens", body=STORY))
    assert ignoring.process_item(article(id="c2", url="https://o.test/p", content_hash="h2", title="Port reopens",
                                         body=STORY + " More.")).near_duplicate_of is None
