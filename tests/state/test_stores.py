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


def test_validators_keep_the_first_fetch_time(state_uri):
    store = open_state_store(state_uri)
    assert store.get_validators("https://x.test/1") is None
    store.set_validators("https://x.test/1", '"abc"', "Tue, 24 Nov 2026 10:00:00 GMT", "2026-11-24T10:00:00Z")
    store.set_validators("https://x.test/1", None, None, "2026-11-25T10:00:00Z")  # a 304: nothing new said
    validators = store.get_validators("https://x.test/1")
    assert validators.etag == '"abc"' and validators.last_modified == "Tue, 24 Nov 2026 10:00:00 GMT"
    assert (validators.first_seen_at, validators.checked_at) == ("2026-11-24T10:00:00Z", "2026-11-25T10:00:00Z")
