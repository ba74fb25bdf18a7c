"""Pages, tags and page history in the mock's SQLite database (:mod:`.database`).

Calls are short and run on the event-loop thread one at a time (the resolvers are
synchronous), so one connection is enough.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, fields

from mock_server.wikijs.database import transaction

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

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> PageRecord:
        values = dict(row)
        values["isPublished"] = bool(values["isPublished"])
        values["isPrivate"] = bool(values["isPrivate"])
        values["tags"] = tuple(json.loads(values["tags"]))
        return cls(**values)


@dataclass(frozen=True)
class TagRecord:
    id: int
    tag: str
    title: str | None
    createdAt: str
    updatedAt: str


_PAGE_COLUMNS = tuple(f.name for f in fields(PageRecord) if f.name != "id")
"""Columns written on insert: every field but the id SQLite assigns."""


class PageStore:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def page(self, page_id: int) -> PageRecord | None:
        row = self._db.execute("SELECT * FROM pages WHERE id = ?", (page_id,)).fetchone()
        return PageRecord.from_row(row) if row else None

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
        return [PageRecord.from_row(row) for row in self._db.execute(sql, values)]

    def insert(self, page: PageRecord) -> PageRecord:
        """Store a new page (its ``id`` is ignored) and return it as stored."""
        with transaction(self._db):
            page_id = insert_page(self._db, page)
        stored = self.page(page_id)
        assert stored is not None
        return stored

    def by_path(self, locale: str, path: str) -> PageRecord | None:
        row = self._db.execute("SELECT * FROM pages WHERE locale = ? AND path = ?", (locale, path)).fetchone()
        return PageRecord.from_row(row) if row else None

    def replace(self, before: PageRecord, after: PageRecord, action: str, now: str) -> PageRecord:
        """Store ``after`` over ``before``, keeping ``before`` in the history as ``action``."""
        row = {name: getattr(after, name) for name in _PAGE_COLUMNS}
        row["tags"] = json.dumps(list(after.tags))
        with transaction(self._db):
            snapshot(self._db, before, action, now)
            self._ensure_tags(after.tags, now)
            assignments = ", ".join(f"{name} = ?" for name in _PAGE_COLUMNS)
            self._db.execute(f"UPDATE pages SET {assignments} WHERE id = ?", [*row.values(), before.id])
        stored = self.page(before.id)
        assert stored is not None
        return stored

    def all_tags(self) -> list[TagRecord]:
        return [TagRecord(**dict(row)) for row in self._db.execute("SELECT * FROM tags ORDER BY tag")]

    def _ensure_tags(self, names: Iterable[str], now: str) -> None:
        self._db.executemany(
            "INSERT OR IGNORE INTO tags (tag, title, createdAt, updatedAt) VALUES (?, ?, ?, ?)",
            [(name, name, now, now) for name in names],
        )

    def delete(self, page: PageRecord, now: str) -> None:
        """Remove a page; its last state stays in the history as ``deleted``."""
        with transaction(self._db):
            snapshot(self._db, page, "deleted", now)
            self._db.execute("DELETE FROM pages WHERE id = ?", (page.id,))

    def tags(self, names: Iterable[str]) -> list[TagRecord]:
        wanted = list(names)
        if not wanted:
            return []
        marks = ", ".join("?" * len(wanted))
        rows = self._db.execute(f"SELECT * FROM tags WHERE tag IN ({marks})", wanted).fetchall()
        by_name = {row["tag"]: TagRecord(**dict(row)) for row in rows}
        return [by_name[name] for name in wanted if name in by_name]


def insert_page(db: sqlite3.Connection, page: PageRecord) -> int:
    """Insert a page (its ``id`` is ignored) and any new tags, in the caller's transaction."""
    row = {name: getattr(page, name) for name in _PAGE_COLUMNS}
    row["tags"] = json.dumps(list(page.tags))
    db.executemany(
        "INSERT OR IGNORE INTO tags (tag, title, createdAt, updatedAt) VALUES (?, ?, ?, ?)",
        [(name, name, page.createdAt, page.createdAt) for name in page.tags],
    )
    cursor = db.execute(
        f"INSERT INTO pages ({', '.join(_PAGE_COLUMNS)}) VALUES ({', '.join('?' * len(_PAGE_COLUMNS))})",
        [row[name] for name in _PAGE_COLUMNS],
    )
    return cursor.lastrowid or 0


def snapshot(db: sqlite3.Connection, page: PageRecord, action: str, now: str) -> None:
    """A history row holding the page as it was before ``action``."""
    db.execute(
        "INSERT INTO page_history (pageId, action, path, locale, title, description, content, editor, isPublished,"
        " isPrivate, authorId, publishStartDate, publishEndDate, createdAt, versionDate)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (page.id, action, page.path, page.locale, page.title, page.description, page.content, page.editor,
         page.isPublished, page.isPrivate, page.authorId, page.publishStartDate, page.publishEndDate,
         page.createdAt, now),
    )  # fmt: skip
