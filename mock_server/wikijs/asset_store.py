"""Asset folders and assets: rows in SQLite, file bytes in a directory next to it.

Bytes go to ``<data dir>/uploads`` (a temporary directory when the mock keeps no data),
each under a random name the database row points to: a client's file name never becomes
a path on disk, and neither reading nor writing follows a symlink planted there. A file is
written and synced before its row commits, so an acknowledged upload survives a crash; an
overwritten file's old bytes are removed after the commit.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from mock_server.wikijs.database import Database, run_script, transaction

UPLOADS_DIR = "uploads"
PARTIAL = ".part"
IMAGE, BINARY = "IMAGE", "BINARY"
FALLBACK_MIME = "application/octet-stream"
ASSETS_SCHEMA = """
CREATE TABLE asset_folders (
  id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, slug TEXT NOT NULL, parentId INTEGER,
  createdAt TEXT NOT NULL, updatedAt TEXT NOT NULL
);
CREATE TABLE assets (
  id INTEGER PRIMARY KEY AUTOINCREMENT, filename TEXT NOT NULL, hash TEXT NOT NULL, ext TEXT NOT NULL,
  kind TEXT NOT NULL, mime TEXT NOT NULL, fileSize INTEGER NOT NULL, metadata TEXT, folderId INTEGER,
  authorId INTEGER NOT NULL, blob TEXT NOT NULL, createdAt TEXT NOT NULL, updatedAt TEXT NOT NULL
)
"""


def create_asset_tables(db: Database) -> None:
    """Migration step 5."""
    run_script(db, ASSETS_SCHEMA)


@dataclass(frozen=True)
class Asset:
    id: int
    filename: str
    ext: str
    kind: str
    mime: str
    fileSize: int
    folderId: int | None
    blob: str
    createdAt: str
    updatedAt: str


def path_hash(path: str) -> str:
    """The real server's asset hash: sha1 of the asset's path."""
    return hashlib.sha1(path.encode("utf-8"), usedforsecurity=False).hexdigest()


def describe(filename: str) -> tuple[str, str, str]:
    """(ext with its dot, kind, mime) of a file name."""
    ext = PurePosixPath(filename).suffix
    mime = mimetypes.guess_type(filename)[0] or FALLBACK_MIME
    return ext, IMAGE if mime.startswith("image/") else BINARY, mime


class AssetStore:
    def __init__(self, db: Database, blobs: Path) -> None:
        self._db = db
        self._blobs = blobs
        blobs.mkdir(parents=True, exist_ok=True)

    def folder(self, folder_id: int) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self._db.execute("SELECT * FROM asset_folders WHERE id = ?", (folder_id,)).fetchone()
        return row

    def folders(self, parent_id: int) -> list[sqlite3.Row]:
        return self._db.execute(
            "SELECT * FROM asset_folders WHERE coalesce(parentId, 0) = ? ORDER BY id", (parent_id,)
        ).fetchall()

    def folder_path(self, folder_id: int | None) -> str | None:
        """``a/b/c`` for a folder (``""`` for the root); None when the chain is broken."""
        slugs: list[str] = []
        seen: set[int] = set()
        while folder_id:
            row = self.folder(folder_id)
            if row is None or folder_id in seen:
                return None
            seen.add(folder_id)
            slugs.append(row["slug"])
            folder_id = row["parentId"]
        return "/".join(reversed(slugs))

    def asset_path(self, asset: Asset) -> str:
        folder = self.folder_path(asset.folderId) or ""
        return f"{folder}/{asset.filename}" if folder else asset.filename

    def create_folder(self, parent_id: int, slug: str, now: str) -> bool:
        """False when the parent already holds that slug."""
        with transaction(self._db):
            taken = self._db.execute(
                "SELECT 1 FROM asset_folders WHERE coalesce(parentId, 0) = ? AND slug = ?", (parent_id, slug)
            ).fetchone()
            if taken:
                return False
            self._db.execute(
                "INSERT INTO asset_folders (name, slug, parentId, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?)",
                (slug, slug, parent_id or None, now, now),
            )
        return True

    def asset(self, asset_id: int) -> Asset | None:
        row = self._db.execute("SELECT * FROM assets WHERE id = ?", (asset_id,)).fetchone()
        return _asset(row) if row else None

    def assets(self, folder_id: int, kind: str | None) -> list[Asset]:
        sql = "SELECT * FROM assets WHERE coalesce(folderId, 0) = ?"
        values: list[object] = [folder_id]
        if kind is not None:
            sql += " AND kind = ?"
            values.append(kind)
        return [_asset(row) for row in self._db.execute(sql + " ORDER BY id", values)]

    def every_asset(self) -> list[Asset]:
        return [_asset(row) for row in self._db.execute("SELECT * FROM assets ORDER BY id")]

    def name_taken(self, folder_id: int | None, filename: str) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM assets WHERE coalesce(folderId, 0) = ? AND filename = ?", (folder_id or 0, filename)
        ).fetchone()
        return row is not None

    def rename(self, asset: Asset, filename: str, now: str) -> None:
        folder = self.folder_path(asset.folderId) or ""
        new_hash = path_hash(f"{folder}/{filename}" if folder else filename)
        with transaction(self._db):
            self._db.execute(
                "UPDATE assets SET filename = ?, hash = ?, updatedAt = ? WHERE id = ?",
                (filename, new_hash, now, asset.id),
            )

    def delete(self, asset: Asset) -> None:
        with transaction(self._db):
            self._db.execute("DELETE FROM assets WHERE id = ?", (asset.id,))
        self._remove_blob(asset.blob)

    def by_path(self, path: str) -> Asset | None:
        row = self._db.execute("SELECT * FROM assets WHERE hash = ?", (path_hash(path),)).fetchone()
        return _asset(row) if row else None

    def read(self, asset: Asset) -> bytes:
        """:class:`OSError` when the file is gone or was replaced by a symlink: the store serves
        only files it wrote, never what a link planted in its directory points to."""
        descriptor = os.open(self._blobs / asset.blob, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(descriptor, "rb") as handle:
            return handle.read()

    def store(self, folder_id: int, folder_path: str, filename: str, data: bytes, author: int, now: str) -> None:
        """Store an upload; the same path again replaces the earlier file (as on the real server)."""
        blob = self._write_blob(data)
        digest = path_hash(f"{folder_path}/{filename}" if folder_path else filename)
        ext, kind, mime = describe(filename)
        with transaction(self._db):
            old = self._db.execute(
                "SELECT id, blob FROM assets WHERE coalesce(folderId, 0) = ? AND hash = ?", (folder_id, digest)
            ).fetchone()
            if old is None:
                self._db.execute(
                    "INSERT INTO assets (filename, hash, ext, kind, mime, fileSize, metadata, folderId, authorId, blob,"
                    " createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?)",
                    (filename, digest, ext, kind, mime, len(data), folder_id or None, author, blob, now, now),
                )
            else:
                self._db.execute(
                    "UPDATE assets SET ext = ?, kind = ?, mime = ?, fileSize = ?, authorId = ?, blob = ?, updatedAt = ?"
                    " WHERE id = ?",
                    (ext, kind, mime, len(data), author, blob, now, old["id"]),
                )
        if old is not None:
            self._remove_blob(old["blob"])

    def flush_partial(self) -> int:
        """Remove files of uploads that never finished (a crash mid-write); how many."""
        partial = list(self._blobs.glob(f"*{PARTIAL}"))
        for path in partial:
            path.unlink(missing_ok=True)
        return len(partial)

    def _write_blob(self, data: bytes) -> str:
        name = uuid.uuid4().hex
        partial = self._blobs / f"{name}{PARTIAL}"
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(descriptor, "wb") as handle:  # a new file, never through a planted link
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        partial.replace(self._blobs / name)
        return name

    def _remove_blob(self, name: str) -> None:
        (self._blobs / name).unlink(missing_ok=True)


def _asset(row: sqlite3.Row) -> Asset:
    return Asset(**{key: row[key] for key in Asset.__dataclass_fields__})
