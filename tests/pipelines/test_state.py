from pathlib import Path

from crawler.state import state_store_of
from pipelines.state import replay_unrecorded
from pipelines.store import JsonLinesStorePipeline
from tests.pipelines.helpers import article, make_crawler, post


def _store(tmp_path: Path, crawl_id: str):
    crawler = make_crawler(OUTPUT_DIR=str(tmp_path / "data"), STATE_URI=str(tmp_path / "state.sqlite3"),
                           CRAWL_ID=crawl_id)
    store = JsonLinesStorePipeline.from_crawler(crawler)
    store.open_spider()
    return crawler, store


def test_written_records_and_cursors_are_remembered(tmp_path):
    crawler, store = _store(tmp_path, "20261125T000000Z-a")
    for post_id in (5, 7, 6):
        store.process_item(post(post_id=post_id, id=f"stranaua/{post_id}", content_hash=f"h{post_id}"))
    store.process_item(article(content_hash="sha256:x", canonical_url="https://spzh.news/en/news/1-x"))
    state = state_store_of(crawler)
    assert state.get_channel_cursor("stranaua") == 7
    assert state.get_record("stranaua/6").content_hash == "h6"
    assert state.id_for_url("https://spzh.news/en/news/1-x") == "a1"
    assert state.id_for_content("sha256:x") == "a1"
    store.close_spider()


def test_lines_written_but_not_remembered_are_replayed(tmp_path):
    """As after a kill between the write and the state transaction."""
    data = tmp_path / "data" / "article" / "2026-11-25"
    data.mkdir(parents=True)
    (data / "crashed.jsonl").write_text(
        '{"id":"a9","kind":"article","url":"https://x.test/9","canonical_url":"https://x.test/9",'
        '"content_hash":"sha256:9","revision":2}\n{"id":"a10","kind":"article","url":"https://x.te', "utf-8")
    crawler, store = _store(tmp_path, "20261125T010000Z-b")
    state = state_store_of(crawler)
    assert state.get_record("a9").revision == 2
    assert state.id_for_url("https://x.test/9") == "a9"
    assert crawler.stats.get_value("store/replayed_into_state") == 1
    assert replay_unrecorded(state, tmp_path / "data") == 0  # nothing twice
    store.close_spider()
