"""The Wiki.js mock across threads: one database seen alike from every thread, answers reused only
while nothing changed, and wide documents that leave neither garbage nor a held event loop."""

from __future__ import annotations

import asyncio
import gc
import threading
from collections.abc import Callable
from pathlib import Path

from graphql import OperationType

from mock_server.http.collector import NO_FULL_PASS, wide_work
from mock_server.http.documents import OFFLOAD_CHARS
from mock_server.http.executor import Outcome, Threads
from mock_server.wikijs.database import Database, transaction
from tests.mock_server.support import MockClient

LIST = "{ pages { list(orderBy: ID) { id title } } }"
CREATE = (
    'mutation($p: String!) { pages { create(content: "x", description: "", editor: "markdown", isPublished: true,'
    ' isPrivate: false, locale: "en", path: $p, tags: [], title: "T") { responseResult { succeeded } } } }'
)


def on_thread(work: Callable[[], object]) -> object:
    found: list[object] = []
    worker = threading.Thread(target=lambda: found.append(work()))
    worker.start()
    worker.join(10)
    return found[0]


def test_every_thread_reads_the_same_data_through_its_own_connection() -> None:
    db = Database(None)
    folder = db.connection.execute("PRAGMA database_list").fetchone()["file"]
    with transaction(db):
        db.execute("CREATE TABLE t (v TEXT)")
        db.execute("INSERT INTO t VALUES ('written on the main thread')")
    assert on_thread(lambda: db.execute("SELECT v FROM t").fetchone()["v"]) == "written on the main thread"
    assert on_thread(lambda: db.connection) is not db.connection
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()
    assert not Path(folder).exists()  # the private file of a mock without --data-dir goes with it


def test_the_version_moves_after_writes_and_the_memo_follows_it() -> None:
    db = Database(None)
    db.execute("CREATE TABLE t (v INTEGER)")
    reads: list[int] = []

    def count() -> int:
        reads.append(1)
        return int(db.execute("SELECT count(*) FROM t").fetchone()[0])

    before = db.version
    assert db.memo("count", count) == 0
    assert db.memo("count", count) == 0 and len(reads) == 1 and db.version == before  # a read changes nothing
    db.execute("INSERT INTO t VALUES (1)")
    assert db.version != before
    assert db.memo("count", count) == 1 and len(reads) == 2
    db.close()


def test_a_reused_answer_never_outlives_a_write(mock: Callable[..., MockClient]) -> None:
    client = mock("wikijs")
    first = client.query(LIST)
    assert client.query(LIST) == first
    assert client.query(CREATE, {"p": "threads/new"})["data"]["pages"]["create"]["responseResult"]["succeeded"]
    titles = [page["id"] for page in client.query(LIST)["data"]["pages"]["list"]]
    assert len(titles) == len(first["data"]["pages"]["list"]) + 1


def test_mutations_run_in_order_on_one_thread_and_wide_queries_off_the_loop() -> None:
    threads = Threads()
    loop_thread = threading.get_ident()

    def where() -> Outcome:
        return Outcome(200, threading.current_thread().name.encode())

    async def run() -> list[bytes]:
        mutations = [threads.run(OperationType.MUTATION, "m", where) for _ in range(3)]
        wide = threads.run(
            OperationType.QUERY, "q" * (OFFLOAD_CHARS + 1), lambda: Outcome(200, b"%d" % threading.get_ident())
        )
        short = threads.run(OperationType.QUERY, "q", lambda: Outcome(200, b"%d" % threading.get_ident()))
        return [outcome.body for outcome in await asyncio.gather(*mutations, wide, short)]

    *names, wide, short = asyncio.run(run())
    threads.close()
    assert len(set(names)) == 1 and names[0].startswith(b"mutations")
    assert int(wide) != loop_thread and int(short) == loop_thread


def test_full_collections_wait_for_wide_work_only() -> None:
    before = gc.get_threshold()
    assert wide_work(gc.get_threshold)[2] == NO_FULL_PASS
    assert gc.get_threshold() == before


def test_a_wide_document_leaves_no_garbage_for_the_collector(mock: Callable[..., MockClient]) -> None:
    client = mock("wikijs")
    aliases = 1 + OFFLOAD_CHARS // 30
    document = "{ " + " ".join(f"a{i}: pages {{ list(limit: 1) {{ id }} }}" for i in range(aliases)) + " }"
    gc.collect()
    gc.disable()
    try:
        answer = client.query(document)
        assert len(answer["data"]) == aliases
        left = gc.collect()
    finally:
        gc.enable()
    # parse tokens, validation visitors and the executor once kept ~45 objects per alias in cycles
    assert left < 3 * aliases  # a few hundred objects of any request remain
