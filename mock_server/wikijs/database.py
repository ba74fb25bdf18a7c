"""The mock's SQLite database: a connection per thread, explicit transactions, numbered migrations.

Always a file in WAL mode, so readers never wait for the writer and every thread that executes
GraphQL (the event loop, the worker threads of wide queries, the thread that runs mutations) has
its own connection to the same data. With a data directory the file lives there with
synchronous=FULL: a write acknowledged to a client is on disk before the answer leaves (it
survives a ``kill -9`` of the mock). Without one it lives in a private temporary directory,
removed on close, with synchronous=OFF: the data last as long as the process, like an in-memory
database. The schema version lives in ``PRAGMA user_version``: a data directory made by an older
mock is brought up to date, step by step, on start.
"""

from __future__ import annotations

import itertools
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar, cast

T = TypeVar("T")
DB_FILE = "wiki.sqlite"
BUSY_TIMEOUT_S = 30.0
"""How long a writer waits for another thread's write transaction (they last milliseconds)."""


class Database:
    """One SQLite file, opened once per thread that uses it (a connection serves one thread at a time)."""

    def __init__(self, data_dir: Path | None) -> None:
        self._scratch = tempfile.TemporaryDirectory(prefix="wikijs-mock-db-") if data_dir is None else None
        folder = Path(self._scratch.name) if self._scratch is not None else data_dir
        assert folder is not None
        folder.mkdir(parents=True, exist_ok=True)
        self._path = folder / DB_FILE
        self._synchronous = "FULL" if data_dir is not None else "OFF"
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._changes = itertools.count(1)
        self._version = 0
        self._memo: dict[Hashable, tuple[int, object]] = {}
        self.connection.execute("PRAGMA journal_mode=WAL")

    @property
    def connection(self) -> sqlite3.Connection:
        """This thread's connection, opened on its first use."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self._path, timeout=BUSY_TIMEOUT_S, check_same_thread=False, isolation_level=None)
            db.execute(f"PRAGMA synchronous={self._synchronous}")
            db.execute("PRAGMA foreign_keys=ON")
            db.row_factory = sqlite3.Row
            self._local.db = db
            with self._lock:
                self._opened.append(db)
        return db

    @property
    def version(self) -> int:
        """Changes after every statement that is not a ``SELECT`` (a write, ``COMMIT``...) has run:
        an answer read at one version holds as long as the version does (see ``Executor``). It
        moves after the statement, so a read that overlapped a transaction is filed under a
        version its ``COMMIT`` has already left."""
        return self._version

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()`` (a read), reused until the database changes: every request reads its
        caller's key, groups and settings, which change only by a write."""
        version = self._version
        kept = self._memo.get(key)
        if kept is not None and kept[0] == version:
            return cast(T, kept[1])
        value = compute()
        self._memo[key] = (version, value)  # read before computing: a write meanwhile outdates it
        return value

    def execute(self, sql: str, parameters: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Cursor:
        cursor = self.connection.execute(sql, parameters)
        if sql.lstrip()[:6].upper() != "SELECT":
            self._version = next(self._changes)  # next() of a count is atomic: no lost change
        return cursor

    def executemany(self, sql: str, rows: Iterable[Sequence[Any] | dict[str, Any]]) -> sqlite3.Cursor:
        cursor = self.connection.executemany(sql, rows)
        self._version = next(self._changes)
        return cursor

    def close(self) -> None:
        with self._lock:
            opened, self._opened = self._opened, []
        for db in opened:
            db.close()
        if self._scratch is not None:
            self._scratch.cleanup()


Migration = Callable[[Database], None]
"""One schema step; migration ``n`` (1-based) takes a database from version ``n-1`` to ``n``."""


def connect(data_dir: Path | None) -> Database:
    """Autocommit mode: :func:`transaction` marks every multi-statement change."""
    return Database(data_dir)


@contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """All statements inside (on this thread's connection) land together or not at all."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def version(db: Database) -> int:
    current: int = db.execute("PRAGMA user_version").fetchone()[0]
    return current


def migrate(db: Database, migrations: Sequence[Migration]) -> int:
    """Apply the steps the database has not had yet, each with its version mark atomically;
    return the version the database had before (0 = a new wiki)."""
    start = version(db)
    for number, step in enumerate(migrations, start=1):
        if number <= start:
            continue
        with transaction(db):
            step(db)
            db.execute(f"PRAGMA user_version={number:d}")
    return start


def run_script(db: Database, script: str) -> None:
    """Run ``;``-separated DDL inside the caller's transaction (``executescript`` would commit)."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)
