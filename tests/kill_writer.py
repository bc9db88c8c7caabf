"""Child process for the kill test: writes records through the real store forever, printing
each record's id once its write has returned. The test kills it with SIGKILL at random moments.

    python -m tests.kill_writer OUTPUT_DIR RUN_NUMBER {pipeline|large}
    python -m tests.kill_writer --fork   # then "spawn OUTPUT_DIR RUN MODE" / "reap PID" lines on stdin

``pipeline`` sends Article records through ``JsonLinesStorePipeline.process_item``;
``large`` writes pre-encoded 8 MB lines through the store's file writer, so that most of the
child's time is spent inside ``write()`` and kills land mid-write (tearing the line).

With ``--fork`` one process imports everything and encodes the large line once, then forks
a writer per ``spawn`` command (printing ``pid <pid>``): a kill costs a fork, not a Python
start-up, so the test can afford many of them. ``reap <pid>`` waits for a killed writer.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile

from crawler.items import Article
from crawler.state import state_store_of
from pipelines.jsonlines import encode_line
from pipelines.store import JsonLinesStorePipeline
from tests.pipelines.helpers import make_crawler

BODY_START = "Тело статьи\u2028"
LARGE_LINE_CHARS = 8 * 1024 * 1024


def say(line: str) -> None:
    """One line on stdout in one write: a kill never leaves half of it (forks share the pipe)."""
    os.write(sys.stdout.fileno(), (line + "\n").encode())


def large_template() -> bytes:
    return encode_line({"id": "ID-PLACEHOLDER-0000000000", "body": BODY_START + "x" * LARGE_LINE_CHARS})


def main(output_dir: str, run: int, mode: str, template: bytes | None = None) -> None:
    crawler = make_crawler(OUTPUT_DIR=output_dir, CRAWL_ID=f"20261125T000000Z-run{run:03d}")
    store = JsonLinesStorePipeline.from_crawler(crawler)
    store.open_spider()
    say(f"repaired {crawler.stats.get_value('store/torn_files_repaired', 0)} run{run:03d}")
    rng = random.Random(run)
    template = template or large_template()
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
        say(f"ack {record_id}")


def warm_up() -> None:
    """Build a crawler and a store once, so that each fork starts writing in milliseconds."""
    with tempfile.TemporaryDirectory() as folder:
        crawler = make_crawler(OUTPUT_DIR=folder, STATE_URI=f"{folder}/state.sqlite3")
        JsonLinesStorePipeline.from_crawler(crawler).open_spider()
        state_store_of(crawler).close()


def fork_server() -> None:
    template = large_template()
    warm_up()
    say("ready")
    for line in sys.stdin:
        command, *args = line.split()
        if command == "spawn":
            pid = os.fork()
            if pid == 0:
                try:
                    main(args[0], int(args[1]), args[2], template)
                finally:
                    os._exit(1)
            say(f"pid {pid}")
        elif command == "reap":
            os.waitpid(int(args[0]), 0)
            say(f"reaped {args[0]}")


if __name__ == "__main__":
    if sys.argv[1] == "--fork":
        fork_server()
    else:
        main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
