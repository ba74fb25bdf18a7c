"""Pages and tags in SQLite: in memory by default, or a file that survives restarts.

Calls are short and run on the event-loop thread one at a time (the resolvers are
synchronous), so one connection is enough. A file database uses WAL with synchronous=FULL:
an acknowledged write survives a crash of the mock.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path

DB_FILE = "wiki.sqlite"
SCHEMA_VERSION = 1
"""Stored in ``PRAGMA user_version`` once tables exist and the sample pages were added."""

_TABLES = """
CREATE TABLE IF NOT EXISTS pages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  path TEXT NOT NULL,
  locale TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  content TEXT NOT NULL,
  editor TEXT NOT NULL,
  isPublished INTEGER NOT NULL,
  isPrivate INTEGER NOT NULL,
  publishStartDate TEXT NOT NULL,
  publishEndDate TEXT NOT NULL,
  scriptCss TEXT,
  scriptJs TEXT,
  tags TEXT NOT NULL,
  authorId INTEGER NOT NULL,
  creatorId INTEGER NOT NULL,
  createdAt TEXT NOT NULL,
  updatedAt TEXT NOT NULL,
  UNIQUE (locale, path)
);
CREATE TABLE IF NOT EXISTS tags (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  tag TEXT NOT NULL UNIQUE,
  title TEXT,
  createdAt TEXT NOT NULL,
  updatedAt TEXT NOT NULL
);
"""


ORDER_COLUMNS = {"CREATED": "createdAt", "ID": "id", "PATH": "path", "TITLE": "title", "UPDATED": "updatedAt"}
"""``PageOrderBy`` value -> column; the only strings ever placed in ORDER BY."""


@dataclass(frozen=True)
class PageRecord:
    path: str
    locale: str
    title: str
    description: str
    content: str
    editor: str
    isPublished: bool
    isPrivate: bool
    publishStartDate: str
    publishEndDate: str
    scriptCss: str | None
    scriptJs: str | None
    tags: tuple[str, ...]
    authorId: int
    creatorId: int
    createdAt: str
    updatedAt: str
    id: int = 0


@dataclass(frozen=True)
class TagRecord:
    id: int
    tag: str
    title: str | None
    createdAt: str
    updatedAt: str


_PAGE_COLUMNS = tuple(f.name for f in fields(PageRecord) if f.name != "id")
"""Columns written on insert: every field but the id SQLite assigns."""


def _page(row: sqlite3.Row) -> PageRecord:
    values = dict(row)
    values["isPublished"] = bool(values["isPublished"])
    values["isPrivate"] = bool(values["isPrivate"])
    values["tags"] = tuple(json.loads(values["tags"]))
    return PageRecord(**values)


class PageStore:
    def __init__(self, data_dir: Path | None, seed: Sequence[PageRecord]) -> None:
        if data_dir is None:
            self._db = sqlite3.connect(":memory:", check_same_thread=False)
        else:
            data_dir.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(data_dir / DB_FILE, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
        self._db.row_factory = sqlite3.Row
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version < SCHEMA_VERSION:
            self._db.executescript(_TABLES)
            with self._db:  # sample pages and the version mark land together or not at all
                for page in seed:
                    self._insert_row(page)
                self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def close(self) -> None:
        self._db.close()

    def page(self, page_id: int) -> PageRecord | None:
        row = self._db.execute("SELECT * FROM pages WHERE id = ?", (page_id,)).fetchone()
        return _page(row) if row else None

    def exists(self, locale: str, path: str) -> bool:
        row = self._db.execute("SELECT 1 FROM pages WHERE locale = ? AND path = ?", (locale, path)).fetchone()
        return row is not None

    def pages(
        self, *, order_by: str, descending: bool, locale: str | None, creator_id: int | None, author_id: int | None
    ) -> list[PageRecord]:
        where: list[str] = []
        values: list[object] = []
        if locale is not None:
            where.append("locale = ?")
            values.append(locale)
        people = [(column, value) for column, value in (("creatorId", creator_id), ("authorId", author_id)) if value]
        if people:
            where.append("(" + " OR ".join(f"{column} = ?" for column, _ in people) + ")")
            values.extend(value for _, value in people)
        sql = "SELECT * FROM pages"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY {ORDER_COLUMNS[order_by]} {'DESC' if descending else 'ASC'}, id"
        return [_page(row) for row in self._db.execute(sql, values)]

    def insert(self, page: PageRecord) -> PageRecord:
        """Store a new page (its ``id`` is ignored) and return it as stored."""
        with self._db:
            page_id = self._insert_row(page)
        stored = self.page(page_id)
        assert stored is not None
        return stored

    def _insert_row(self, page: PageRecord) -> int:
        row = {name: getattr(page, name) for name in _PAGE_COLUMNS}
        row["tags"] = json.dumps(list(page.tags))
        self._ensure_tags(page.tags, page.createdAt)
        cursor = self._db.execute(
            f"INSERT INTO pages ({', '.join(_PAGE_COLUMNS)}) VALUES ({', '.join('?' * len(_PAGE_COLUMNS))})",
            [row[name] for name in _PAGE_COLUMNS],
        )
        return cursor.lastrowid or 0

    def delete(self, page_id: int) -> bool:
        with self._db:
            cursor = self._db.execute("DELETE FROM pages WHERE id = ?", (page_id,))
        return cursor.rowcount > 0

    def tags(self, names: Iterable[str]) -> list[TagRecord]:
        wanted = list(names)
        if not wanted:
            return []
        marks = ", ".join("?" * len(wanted))
        rows = self._db.execute(f"SELECT * FROM tags WHERE tag IN ({marks})", wanted).fetchall()
        by_name = {row["tag"]: TagRecord(**dict(row)) for row in rows}
        return [by_name[name] for name in wanted if name in by_name]

    def _ensure_tags(self, names: Iterable[str], now: str) -> None:
        self._db.executemany(
            "INSERT OR IGNORE INTO tags (tag, title, createdAt, updatedAt) VALUES (?, ?, ?, ?)",
            [(name, name, now, now) for name in names],
        )
