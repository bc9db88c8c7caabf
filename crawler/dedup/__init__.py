"""Near-duplicate detection for news texts (syndicated or lightly edited copies of a story).

    index = NearDuplicateIndex(SQLiteStorage("state/neardup.sqlite3"), threshold=0.8)
    match = index.find_or_add(article_id, body)   # Match(record_id, similarity) or None
"""

from crawler.dedup.index import Match, NearDuplicateIndex, Prepared
from crawler.dedup.shingles import jaccard, shingle_hashes, tokens
from crawler.dedup.sqlite_storage import SQLiteStorage
from crawler.dedup.storage import MemoryStorage, ParamsMismatch, Storage

__all__ = [
    "Match", "MemoryStorage", "NearDuplicateIndex", "ParamsMismatch", "Prepared", "SQLiteStorage",
    "Storage", "jaccard", "shingle_hashes", "tokens",
]
