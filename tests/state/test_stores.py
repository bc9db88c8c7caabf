"""The state store interface, run against SQLite and a real redis-server."""

from crawler.state import open_state_store
from crawler.state.records import RecordState


def test_cursors(state_uri):
    store = open_state_store(state_uri)
    assert store.get_channel_cursor("stranaua") is None
    store.advance_channel_cursor("stranaua", 120)
    store.advance_channel_cursor("StranaUA", 100)
    assert store.get_channel_cursor("stranaua") == 120
    store.close()


def test_records_aliases_and_checkpoints(state_uri):
    store = open_state_store(state_uri)
    store.remember(RecordState("a1", "article", "h1", 1, None), ["https://x.test/1", "https://x.test/1?x=1"],
                   ("/data/a.jsonl", 120))
    store.remember(RecordState("a1", "article", "h2", 2, "2026-11-25T10:00:00+00:00"), [], ("/data/a.jsonl", 80))
    record = store.get_record("a1")
    assert (record.content_hash, record.revision, record.modified_at) == ("h2", 2, "2026-11-25T10:00:00+00:00")
    assert store.id_for_content("h1") == "a1" and store.id_for_content("nope") is None
    assert store.id_for_url("https://x.test/1?x=1") == "a1"
    assert store.record_for_url("https://x.test/1").revision == 2
    assert store.record_for_url("https://x.test/2") is None
    assert store.get_checkpoint("/data/a.jsonl") == 120  # only moves forward
    store.add_aliases("a1", ["https://m.x.test/1"])
    assert store.id_for_url("https://m.x.test/1") == "a1"
    store.close()
    reopened = open_state_store(state_uri)
    assert reopened.get_record("a1").revision == 2
