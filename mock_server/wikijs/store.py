"""Pages, tags and page history in the mock's SQLite database (:mod:`.database`).

Calls are short and run on the event-loop thread one at a time (the resolvers are
synchronous), so one connection is enough.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields

from mock_server.wikijs.database import Database, transaction

ORDER_COLUMNS = {"CREATED": "createdAt", "ID": "id", "PATH": "path", "TITLE": "title", "UPDATED": "updatedAt"}
"""``PageOrderBy`` value -> column; the only strings ever placed in ORDER BY."""
SEARCH_COLUMNS = ("title", "description", "path", "content")
"""Page fields a ``page_search`` rule may name; the only strings ever placed in a search's WHERE."""
HISTORY_ACTIONS = {
    "pages.update": "updated",
    "pages.move": "moved",
    "pages.restore": "restored",
    "pages.convert": "converted",
    "pages.delete": "deleted",
}
"""Page operation -> the action its history row is stored with."""


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


Renderer = Callable[[PageRecord], str]
"""A page's content as HTML, kept in ``page_renders`` next to the page."""


class PageStore:
    """``recorded``: the operations that keep the page's previous state as a history row (all by
    default; the ``page_history`` rule names them)."""

    def __init__(
        self, db: Database, renderer: Renderer | None = None, recorded: Iterable[str] = HISTORY_ACTIONS
    ) -> None:
        self._db = db
        self._renderer = renderer
        self._recorded = frozenset(recorded)

    def _render(self, page_id: int) -> None:
        """Store the page's HTML (inside the caller's transaction), when a renderer is set."""
        page = self.page(page_id)
        if self._renderer is not None and page is not None:
            store_render(self._db, page_id, self._renderer(page))

    def render_page(self, page: PageRecord) -> None:
        with transaction(self._db):
            self._render(page.id)

    def rendered(self, page_id: int) -> str | None:
        row = self._db.execute("SELECT render FROM page_renders WHERE pageId = ?", (page_id,)).fetchone()
        return str(row["render"]) if row else None

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
            self._render(page_id)
        stored = self.page(page_id)
        assert stored is not None
        return stored

    def locale_installed(self, code: str) -> bool:
        return self._db.execute("SELECT 1 FROM locales WHERE code = ?", (code,)).fetchone() is not None

    def by_path(self, locale: str, path: str) -> PageRecord | None:
        row = self._db.execute("SELECT * FROM pages WHERE locale = ? AND path = ?", (locale, path)).fetchone()
        return PageRecord.from_row(row) if row else None

    def _record(self, page: PageRecord, operation: str, now: str) -> None:
        if operation in self._recorded:
            snapshot(self._db, page, HISTORY_ACTIONS[operation], now)

    def record_unchanged(self, page: PageRecord, operation: str, now: str) -> None:
        """The history row of a write that then fails before changing the page: the real server
        takes the snapshot before it validates the new values."""
        with transaction(self._db):
            self._record(page, operation, now)

    def replace(self, before: PageRecord, after: PageRecord, operation: str, now: str) -> PageRecord:
        """Store ``after`` over ``before``, keeping ``before`` in the history when ``operation`` records it."""
        row = {name: getattr(after, name) for name in _PAGE_COLUMNS}
        row["tags"] = json.dumps(list(after.tags))
        with transaction(self._db):
            self._record(before, operation, now)
            self._ensure_tags(after.tags, now)
            assignments = ", ".join(f"{name} = ?" for name in _PAGE_COLUMNS)
            self._db.execute(f"UPDATE pages SET {assignments} WHERE id = ?", [*row.values(), before.id])
            self._render(before.id)
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
        """Remove a page; its last state stays in the history when deletes are recorded."""
        with transaction(self._db):
            self._record(page, "pages.delete", now)
            self._db.execute("DELETE FROM pages WHERE id = ?", (page.id,))
            self._db.execute("DELETE FROM page_renders WHERE pageId = ?", (page.id,))

    def tags(self, names: Iterable[str]) -> list[TagRecord]:
        wanted = list(names)
        if not wanted:
            return []
        marks = ", ".join("?" * len(wanted))
        rows = self._db.execute(f"SELECT * FROM tags WHERE tag IN ({marks})", wanted).fetchall()
        by_name = {row["tag"]: TagRecord(**dict(row)) for row in rows}
        return [by_name[name] for name in wanted if name in by_name]

    def search(
        self,
        text: str,
        fields: Iterable[str],
        *,
        published_only: bool,
        locale: str | None,
        path: str | None,
        limit: int,
    ) -> list[PageRecord]:
        """Pages where one of ``fields`` contains ``text`` (any case), in the locale and under the path prefix."""
        needle = text.strip().lower()
        columns = [column for column in SEARCH_COLUMNS if column in set(fields)]
        if not columns:
            return []
        sql = "SELECT * FROM pages WHERE (" + " OR ".join(f"instr(lower({c}), ?) > 0" for c in columns) + ")"
        values: list[object] = [needle] * len(columns)
        if published_only:
            sql += " AND isPublished = 1"
        if locale:
            sql += " AND locale = ?"
            values.append(locale)
        if path:
            sql += " AND substr(path, 1, ?) = ?"
            values.extend((len(path), path))
        rows = self._db.execute(sql + " ORDER BY id LIMIT ?", [*values, limit])
        return [PageRecord.from_row(row) for row in rows]

    def user_name(self, user_id: int) -> str:
        row = self._db.execute("SELECT name FROM users WHERE id = ?", (user_id,)).fetchone()
        return str(row["name"]) if row else ""

    def versions(self, page_id: int, descending: bool) -> list[sqlite3.Row]:
        """The page's history rows (its trail), by id."""
        query = f"SELECT * FROM page_history WHERE pageId = ? ORDER BY id {'DESC' if descending else 'ASC'}"
        return self._db.execute(query, (page_id,)).fetchall()

    def version(self, page_id: int, version_id: int) -> sqlite3.Row | None:
        query = "SELECT * FROM page_history WHERE pageId = ? AND id = ?"
        row: sqlite3.Row | None = self._db.execute(query, (page_id, version_id)).fetchone()
        return row

    def tag(self, tag_id: int) -> TagRecord | None:
        row = self._db.execute("SELECT * FROM tags WHERE id = ?", (tag_id,)).fetchone()
        return TagRecord(**dict(row)) if row else None

    def tag_named(self, name: str) -> TagRecord | None:
        row = self._db.execute("SELECT * FROM tags WHERE tag = ?", (name,)).fetchone()
        return TagRecord(**dict(row)) if row else None

    def _retag(self, old: str, new: str | None) -> None:
        """Replace (or, with None, drop) a tag name in every page carrying it."""
        query = "SELECT id, tags FROM pages WHERE EXISTS (SELECT 1 FROM json_each(pages.tags) WHERE value = ?)"
        for row in self._db.execute(query, (old,)).fetchall():
            names = [new if name == old else name for name in json.loads(row["tags"])]
            kept = list(dict.fromkeys(name for name in names if name is not None))
            self._db.execute("UPDATE pages SET tags = ? WHERE id = ?", (json.dumps(kept), row["id"]))

    def delete_tag(self, tag: TagRecord) -> None:
        with transaction(self._db):
            self._retag(tag.tag, None)
            self._db.execute("DELETE FROM tags WHERE id = ?", (tag.id,))

    def update_tag(self, tag: TagRecord, name: str, title: str, now: str) -> None:
        with transaction(self._db):
            self._retag(tag.tag, name)
            self._db.execute(
                "UPDATE tags SET tag = ?, title = ?, updatedAt = ? WHERE id = ?", (name, title, now, tag.id)
            )

    def migrate_locale(self, source: str, target: str) -> int:
        """Move the pages of ``source`` whose path ``target`` does not hold yet; how many moved."""
        with transaction(self._db):
            cursor = self._db.execute(
                "UPDATE pages SET locale = ? WHERE locale = ?"
                " AND path NOT IN (SELECT path FROM pages WHERE locale = ?)",
                (target, source, target),
            )
        return cursor.rowcount

    def purge_history(self, before: str) -> int:
        """Drop history rows whose ``versionDate`` is older than ``before`` (an ISO timestamp)."""
        with transaction(self._db):
            cursor = self._db.execute("DELETE FROM page_history WHERE versionDate < ?", (before,))
        return cursor.rowcount


def insert_page(db: Database, page: PageRecord) -> int:
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


def store_render(db: Database, page_id: int, html: str) -> None:
    db.execute("INSERT OR REPLACE INTO page_renders (pageId, render) VALUES (?, ?)", (page_id, html))


def snapshot(db: Database, page: PageRecord, action: str, now: str) -> None:
    """A history row holding the page as it was before ``action``."""
    db.execute(
        "INSERT INTO page_history (pageId, action, path, locale, title, description, content, editor, isPublished,"
        " isPrivate, authorId, publishStartDate, publishEndDate, createdAt, versionDate)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (page.id, action, page.path, page.locale, page.title, page.description, page.content, page.editor,
         page.isPublished, page.isPrivate, page.authorId, page.publishStartDate, page.publishEndDate,
         page.createdAt, now),
    )  # fmt: skip
