import pytest
from scrapy.exceptions import DropItem

from pipelines.validate import ValidatePipeline
from tests.pipelines.helpers import article, make_crawler, post


def test_valid_records_pass():
    pipeline = ValidatePipeline.from_crawler(make_crawler())
    assert pipeline.process_item(article()).title
    assert pipeline.process_item(post()).post_id == 1


@pytest.mark.parametrize(("record", "reason"), [
    (article(title=""), "missing_title"),
    (article(body=""), "missing_body"),
    (article(published_at="06.01.2022"), "bad_published_at"),
    (post(post_id=0), "missing_post_id"),
    (article(images=[{"url": "ftp://x", "caption": None, "credit": None}]), "bad_images"),
    ({"title": "a plain dict"}, "unknown_kind"),
])
def test_invalid_records_are_dropped_with_a_counted_reason(record, reason, caplog):
    crawler = make_crawler()
    with pytest.raises(DropItem):
        ValidatePipeline.from_crawler(crawler).process_item(record)
    assert crawler.stats.get_value(f"item_dropped/invalid/{reason}") == 1
    assert reason in caplog.text
