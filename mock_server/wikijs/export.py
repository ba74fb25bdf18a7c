"""``system.export`` and ``system.exportStatus``: the wiki's content written as files, entity by
entity, as the 2.5 server writes them (``server/core/system.js``), but only under the mock's own
export directory (the ``wikijs.system.export`` rule says where and why).

Rows are written as the mock stores them, minus secrets (password hashes, two-factor secrets,
API key tokens). The export runs within the request, so a status read after the answer shows
it finished; ``running`` is still reported while the files are being written.
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from mock_server.wikijs.accounts import JWT_SECRET
from mock_server.wikijs.asset_store import AssetStore
from mock_server.wikijs.database import Database
from mock_server.wikijs.errors import WikiError
from mock_server.wikijs.settings_sections import NAVIGATION
from specs.model import DataExport

SECRETS = frozenset({"passwordHash", "tfaSecret", "key", JWT_SECRET})
"""Columns and settings never written to an export."""
JSON_INDENT = 2
NOT_RUNNING, RUNNING, ERROR = "notrunning", "running", "error"

Clock = Callable[[], str]


def rows(db: Database, sql: str) -> list[dict[str, Any]]:
    """``sql`` is one of this module's constant queries."""
    return [{k: v for k, v in dict(row).items() if k not in SECRETS} for row in db.execute(sql)]


def write_json(target: Path, value: Any) -> None:
    target.write_text(json.dumps(value, indent=JSON_INDENT, ensure_ascii=False), encoding="utf-8")


def write_gzip_json(target: Path, value: Any) -> None:
    target.write_bytes(gzip.compress(json.dumps(value, indent=JSON_INDENT, ensure_ascii=False).encode("utf-8")))


class Exporter:
    def __init__(self, db: Database, assets: AssetStore, data_dir: Path, rule: DataExport, clock: Clock):
        self._db = db
        self._assets = assets
        self._root = data_dir / rule.directory
        self._rule = rule
        self._clock = clock
        self._status: dict[str, Any] = {"status": NOT_RUNNING, "progress": 0, "message": "", "startedAt": None}
        self._writers: dict[str, Callable[[Path], None]] = {
            "assets": self._write_assets,
            "comments": self._table("SELECT * FROM comments ORDER BY id", gzipped=True),
            "groups": self._write_groups,
            "history": self._table("SELECT * FROM page_history ORDER BY id", gzipped=True),
            "navigation": self._write_navigation,
            "pages": self._write_pages,
            "settings": self._write_settings,
            "users": self._write_users,
        }

    def status(self) -> dict[str, Any]:
        return dict(self._status)

    def start(self, entities: Sequence[str | None], path: str) -> None:
        """The refusals of the real resolver, in its order, then the export itself."""
        messages = self._rule.messages
        if self._status["status"] == RUNNING:
            raise WikiError.plain(messages["running"])
        wanted = [entity for entity in entities if entity]
        if not wanted:
            raise WikiError.plain(messages["no_entities"])
        target = self.resolve(path)
        if target.is_file() or (target.is_dir() and any(target.iterdir())):
            raise WikiError.plain(messages["not_empty"])
        self._status = {"status": RUNNING, "progress": 0, "message": "", "startedAt": self._clock()}
        try:
            target.mkdir(parents=True, exist_ok=True)
            for entity in wanted:
                self._export(entity, target)
                self._status["progress"] += self._rule.finished["progress"] / len(wanted)
        except OSError as error:
            self._status.update(status=ERROR, message=error.strerror or type(error).__name__)
            return
        self._status.update(self._rule.finished)

    def resolve(self, path: str) -> Path:
        """``path`` inside the export directory: an absolute path counts from it; one that leaves
        it (``..``), names the directory itself or cannot be a file name is refused."""
        parts = [part for part in PurePosixPath(path.replace("\\", "/")).parts if part != "/"]
        relative = os.path.normpath(os.path.join(*parts)) if parts else "."
        if "\x00" in path or relative in (".", "..") or relative.startswith("../"):
            raise WikiError.plain(self._rule.messages["outside"])
        target = self._root / relative
        root = self._root.resolve()
        if not target.resolve().is_relative_to(root):  # a symbolic link out of the directory
            raise WikiError.plain(self._rule.messages["outside"])
        return target

    def _export(self, entity: str, target: Path) -> None:
        """An entity without a writer or a file name is skipped, as the real server skips it."""
        writer, name = self._writers.get(entity), self._rule.entities.get(entity)
        if writer is not None and name is not None:
            writer(target / name)

    def _table(self, sql: str, *, gzipped: bool) -> Callable[[Path], None]:
        """A table's rows as one JSON array; nothing when there are none (as the real server)."""

        def write(target: Path) -> None:
            found = rows(self._db, sql)
            if found:
                (write_gzip_json if gzipped else write_json)(target, found)

        return write

    def _write_pages(self, target: Path) -> None:
        pages = rows(self._db, "SELECT * FROM pages ORDER BY id")
        people = {u["id"]: u for u in rows(self._db, "SELECT id, name, email, providerKey FROM users")}
        for page in pages:
            page["tags"] = json.loads(page["tags"])
            page["author"], page["creator"] = people.get(page["authorId"]), people.get(page["creatorId"])
        if pages:
            write_gzip_json(target, pages)

    def _write_users(self, target: Path) -> None:
        users = rows(self._db, "SELECT * FROM users ORDER BY id")
        memberships = rows(
            self._db, "SELECT ug.userId, g.id, g.name FROM user_groups ug JOIN groups g ON g.id = ug.groupId"
        )
        for user in users:
            user["groups"] = [{"id": m["id"], "name": m["name"]} for m in memberships if m["userId"] == user["id"]]
        if users:
            write_gzip_json(target, users)

    def _write_groups(self, target: Path) -> None:
        groups = rows(self._db, "SELECT * FROM groups ORDER BY id")
        for group in groups:
            group["permissions"], group["pageRules"] = json.loads(group["permissions"]), json.loads(group["pageRules"])
        write_json(target, groups)

    def _settings(self) -> dict[str, Any]:
        stored = self._db.execute("SELECT key, value FROM settings ORDER BY key")
        return {key: json.loads(value) for key, value in stored if key not in SECRETS}

    def _write_navigation(self, target: Path) -> None:
        write_json(target, {**NAVIGATION, **self._settings().get("navigation", {})})

    def _write_settings(self, target: Path) -> None:
        keys = rows(self._db, "SELECT * FROM api_keys WHERE isRevoked = 0 ORDER BY id")
        write_json(target, {**self._settings(), "apiKeys": keys})

    def _write_assets(self, target: Path) -> None:
        """Each asset's bytes at its folder path (nothing when there are no assets)."""
        for asset in self._assets.every_asset():
            destination = target / self._assets.asset_path(asset)
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(self._assets.read(asset))
