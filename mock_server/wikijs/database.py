"""The mock's SQLite database: one connection, explicit transactions, numbered migrations.

In memory by default; with a data directory, a file in WAL mode with synchronous=FULL, so
a write acknowledged to a client is on disk before the answer leaves (it survives a
``kill -9`` of the mock). The schema version lives in ``PRAGMA user_version``: a data
directory made by an older mock is brought up to date, step by step, on start.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

DB_FILE = "wiki.sqlite"

Migration = Callable[[sqlite3.Connection], None]
"""One schema step; migration ``n`` (1-based) takes a database from version ``n-1`` to ``n``."""


def connect(data_dir: Path | None) -> sqlite3.Connection:
    """Autocommit mode: :func:`transaction` marks every multi-statement change."""
    if data_dir is None:
        db = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
    else:
        data_dir.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(data_dir / DB_FILE, check_same_thread=False, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA foreign_keys=ON")
    db.row_factory = sqlite3.Row
    return db


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """All statements inside land together or not at all."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def version(db: sqlite3.Connection) -> int:
    current: int = db.execute("PRAGMA user_version").fetchone()[0]
    return current


def migrate(db: sqlite3.Connection, migrations: Sequence[Migration]) -> int:
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


def run_script(db: sqlite3.Connection, script: str) -> None:
    """Run ``;``-separated DDL inside the caller's transaction (``executescript`` would commit)."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)
