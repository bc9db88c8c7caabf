from crawler.state import state_store_of
from pipelines.state import StatePipeline
from tests.pipelines.helpers import make_crawler, post


def test_written_posts_advance_the_channel_cursor(tmp_path):
    crawler = make_crawler(STATE_URI=str(tmp_path / "state.sqlite3"))
    pipeline = StatePipeline.from_crawler(crawler)
    for post_id in (5, 7, 6):
        pipeline.process_item(post(post_id=post_id, id=f"stranaua/{post_id}"))
    assert state_store_of(crawler).get_channel_cursor("stranaua") == 7
