"""Child process for the kill test: writes records through the real store forever, printing
each record's id once its write has returned. The test kills it with SIGKILL at random moments.

    python -m tests.kill_writer OUTPUT_DIR RUN_NUMBER {pipeline|large}

``pipeline`` sends Article records through ``JsonLinesStorePipeline.process_item``;
``large`` writes pre-encoded 8 MB lines through the store's file writer, so that most of the
child's time is spent inside ``write()`` and kills land mid-write (tearing the line).
"""

from __future__ import annotations

import random
import sys

from crawler.items import Article
from pipelines.jsonlines import encode_line
from pipelines.store import JsonLinesStorePipeline
from tests.pipelines.helpers import make_crawler

BODY_START = "Тело статьи\u2028"
LARGE_LINE_CHARS = 8 * 1024 * 1024


def main(output_dir: str, run: int, mode: str) -> None:
    crawler = make_crawler(OUTPUT_DIR=output_dir, CRAWL_ID=f"20261125T000000Z-run{run:03d}")
    store = JsonLinesStorePipeline.from_crawler(crawler)
    store.open_spider()
    print(f"repaired {crawler.stats.get_value('store/torn_files_repaired', 0)}", flush=True)
    rng = random.Random(run)
    template = encode_line({"id": "ID-PLACEHOLDER-0000000000", "body": BODY_START + "x" * LARGE_LINE_CHARS})
    number = 0
    while True:
        number += 1
        record_id = f"run{run:03d}-{number:08d}"
        if mode == "large":
            store._writer("article").write(template.replace(b"ID-PLACEHOLDER-0000000000", record_id.encode().ljust(25), 1))
        else:
            store.process_item(Article(
                id=record_id, crawl_id="x", fetched_at="2026-11-25T00:00:00+00:00",
                url=f"https://x.test/{record_id}", title=record_id,
                body=BODY_START + "line " * rng.randint(20_000, 200_000),
            ))
        print(f"ack {record_id}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
