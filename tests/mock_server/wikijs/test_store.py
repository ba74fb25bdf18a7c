"""The Wiki.js store: crash safety (``kill -9``), migration of older data directories, seeding."""

from __future__ import annotations

import signal
import sqlite3
from pathlib import Path

from mock_server.wikijs.accounts import AccountStore, password_matches
from mock_server.wikijs.app import open_wiki
from mock_server.wikijs.database import DB_FILE, connect, migrate, version
from mock_server.wikijs.migrations import migrations
from mock_server.wikijs.samples import SAMPLE_PAGES, AdminLogin, new_wiki
from specs import default_rules
from specs.model import PermissionModel
from tests.mock_server.processes import SECRET, START_TIMEOUT_S, post, running

CREATE = (
    'mutation($path: String!) { pages { create(content: "kept", description: "", editor: "markdown",'
    ' isPublished: true, isPrivate: false, locale: "en", path: $path, tags: ["t"], title: "P") { page { id } } } }'
)
PERMISSIONS = default_rules()["wikijs.permissions.model"].data_as(PermissionModel)


def test_acknowledged_writes_survive_sigkill(tmp_path: Path) -> None:
    data = ["wikijs", "--data-dir", str(tmp_path / "data"), "--admin-api-key", SECRET]
    with running(data, tmp_path / "first.log") as (process, url):
        ids = [post(url, CREATE, {"path": f"crash/{n}"})["data"]["pages"]["create"]["page"]["id"] for n in range(20)]  # type: ignore[index]
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=START_TIMEOUT_S) == -signal.SIGKILL
    with running(data, tmp_path / "second.log") as (_, url):
        listed = post(url, '{ pages { list(tags: ["t"]) { id path } } }')["data"]["pages"]["list"]  # type: ignore[index]
    assert sorted(item["id"] for item in listed) == sorted(ids)


def test_a_new_wiki_is_seeded_once_with_accounts_groups_and_history(tmp_path: Path) -> None:
    db = open_wiki(default_rules().for_api("wikijs"), tmp_path, AdminLogin("root@example.org", "pw"))
    db.close()
    db = open_wiki(default_rules().for_api("wikijs"), tmp_path, AdminLogin("root@example.org", "changed"))
    try:
        accounts = AccountStore(db)
        admin = accounts.user(1)
        assert admin is not None and admin["email"] == "root@example.org"
        assert password_matches("changed", admin["passwordHash"]) and not password_matches("pw", admin["passwordHash"])
        assert accounts.user_groups(1) == [1] and accounts.user_groups(2) == [2]
        assert accounts.group_permissions([1])[0] == frozenset(PERMISSIONS.system_groups[0]["permissions"])
        assert accounts.setting("api.isEnabled") is False and len(accounts.jwt_secret()) > 40
        assert db.execute("SELECT count(*) FROM pages").fetchone()[0] == len(SAMPLE_PAGES)
        assert db.execute("SELECT count(*) FROM page_history").fetchone()[0] == len(SAMPLE_PAGES)
        assert [row[0] for row in db.execute("SELECT code FROM locales")] == ["en"]
    finally:
        db.close()


def test_a_pages_only_data_dir_is_migrated_keeping_its_pages(tmp_path: Path) -> None:
    steps = migrations(new_wiki(PERMISSIONS, AdminLogin(), "2025-01-01T00:00:00.000Z"))
    db = connect(tmp_path)
    migrate(db, steps[:1])
    db.execute("DELETE FROM pages WHERE path = 'home'")
    db.close()
    db = connect(tmp_path)
    try:
        assert migrate(db, steps) == 1 and version(db) == len(steps)
        paths = {row["path"] for row in db.execute("SELECT path FROM pages")}
        assert "home" not in paths and len(paths) == len(SAMPLE_PAGES) - 1
        assert AccountStore(db).user(2) is not None
        renders = db.execute("SELECT count(*) FROM page_renders").fetchone()[0]
        assert renders == len(paths)  # step 3 renders the pages an older data dir already has
    finally:
        db.close()
    assert sqlite3.connect(tmp_path / DB_FILE).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
