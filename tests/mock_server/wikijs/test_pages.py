"""Wiki.js page operations beyond create/list: update, move, delete with history, by path, tags."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mock_server.wikijs.app import open_wiki
from mock_server.wikijs.samples import AdminLogin
from mock_server.wikijs.store import PageStore
from specs import default_rules
from tests.mock_server.support import MockClient

Mock = Callable[..., MockClient]
STATUS = "responseResult { succeeded errorCode slug }"
UPDATE = f"""mutation($id: Int!, $content: String, $path: String, $tags: [String]) {{
  pages {{ update(id: $id, content: $content, path: $path, tags: $tags, title: "New") {{
    {STATUS} page {{ path title }} }} }}
}}"""
MOVE = f"""mutation($id: Int!, $path: String!) {{
  pages {{ move(id: $id, destinationPath: $path, destinationLocale: "en") {{ {STATUS} }} }}
}}"""
BY_PATH = 'query($path: String!) { pages { singleByPath(path: $path, locale: "en") { id path content } } }'


def status(answer: Any, operation: str) -> Any:
    return answer["data"]["pages"][operation]["responseResult"]


def test_update_move_and_delete_keep_history(mock: Mock) -> None:
    client = mock("wikijs")
    assert status(client.query(UPDATE, {"id": 2, "content": " "}), "update")["errorCode"] == 6004
    assert status(client.query(UPDATE, {"id": 999, "content": "x"}), "update")["errorCode"] == 6003
    updated = client.query(UPDATE, {"id": 2, "content": "# New", "tags": ["Fresh"]})["data"]["pages"]["update"]
    assert updated["page"] == {"path": "guides/getting-started", "title": "New"}
    assert status(client.query(MOVE, {"id": 2, "path": "home"}), "move")["errorCode"] == 6006
    assert status(client.query(MOVE, {"id": 2, "path": "a b"}), "move")["errorCode"] == 6005
    assert status(client.query(MOVE, {"id": 2, "path": "/moved/"}), "move")["succeeded"]
    assert client.query(BY_PATH, {"path": "moved"})["data"]["pages"]["singleByPath"]["content"] == "# New"
    assert client.query('{ pages { searchTags(query: "FRE") } }')["data"]["pages"]["searchTags"] == ["fresh"]
    delete = "mutation { pages { delete(id: 2) { responseResult { succeeded } } } }"
    assert client.query(delete)["data"]["pages"]["delete"]["responseResult"]["succeeded"]
    missing = client.query(BY_PATH, {"path": "moved"})
    assert missing["errors"][0]["extensions"]["exception"]["code"] == 6003


def test_a_guest_lists_but_cannot_open_pages(mock: Mock) -> None:
    client = mock("wikijs")
    assert len(client.query("{ pages { list { id } } }", as_guest=True)["data"]["pages"]["list"]) == 3
    answer = client.query("{ pages { single(id: 1) { title } } }", as_guest=True)
    assert answer["errors"][0]["extensions"]["exception"]["code"] == 6013


def test_the_store_snapshots_before_each_change() -> None:
    db = open_wiki(default_rules().for_api("wikijs"), None, AdminLogin())
    store = PageStore(db)
    page = store.page(1)
    assert page is not None
    store.delete(page, "2030-01-01T00:00:00.000Z")
    actions = [row["action"] for row in db.execute("SELECT action FROM page_history WHERE pageId = 1 ORDER BY id")]
    assert actions == ["initial", "deleted"]
    db.close()


def test_history_actions_are_derived_from_the_trail(mock: Mock) -> None:
    """As the real server reads them: initial, then move (with both paths) or edit."""
    client = mock("wikijs")
    client.query(
        'mutation { pages { move(id: 3, destinationPath: "moved/here", destinationLocale: "en") '
        "{ responseResult { succeeded } } } }"
    )
    client.query(UPDATE, {"id": 3, "content": "# Third", "tags": []})
    trail = client.query("{ pages { history(id: 3) { trail { actionType valueBefore valueAfter } } } }")
    rows = [tuple(row.values()) for row in trail["data"]["pages"]["history"]["trail"]]
    assert rows[-1] == ("initial", None, None) and rows[1] == ("edit", None, None), rows
    assert rows[0] == ("move", "guides/markdown", "moved/here"), rows


def test_history_version_restore_and_conflicts(mock: Mock) -> None:
    client = mock("wikijs")
    client.query(UPDATE, {"id": 3, "content": "# Second", "tags": []})
    trail = client.query("{ pages { history(id: 3) { total trail { versionId actionType authorName } } } }")
    result = trail["data"]["pages"]["history"]
    assert result["total"] == 2 and [t["actionType"] for t in result["trail"]] == ["edit", "initial"]
    first = result["trail"][-1]["versionId"]
    version = client.query(
        "query($v: Int!) { pages { version(pageId: 3, versionId: $v) { content authorId tags } } }", {"v": first}
    )["data"]["pages"]["version"]
    assert version == {"content": "# Markdown\n\nDraft.", "authorId": "1", "tags": []}
    restore = "mutation($v: Int!) { pages { restore(pageId: 3, versionId: $v) { responseResult { succeeded } } } }"
    assert client.query(restore, {"v": first})["data"]["pages"]["restore"]["responseResult"]["succeeded"]
    single = client.query("{ pages { single(id: 3) { content } } }")["data"]["pages"]["single"]
    assert single == {"content": "# Markdown\n\nDraft."}
    conflicts = '{ pages { checkConflicts(id: 3, checkoutDate: "2000-01-01T00:00:00.000Z") } }'
    assert client.query(conflicts)["data"]["pages"]["checkConflicts"] is True
    guest = client.query("{ pages { history(id: 3) { total } } }", as_guest=True)
    assert guest["errors"][0]["message"] == "Forbidden"


RESTORE = f"mutation($v: Int!) {{ pages {{ restore(pageId: 3, versionId: $v) {{ {STATUS} }} }} }}"
VERSION = "query($v: Int!) { pages { version(pageId: 3, versionId: $v) { action path content } } }"


def test_a_restore_across_paths_moves_the_page_back_or_collides(mock: Mock) -> None:
    """Two rows (the page before the restore, the restored page before its move), as on a real
    2.5.314; with the old path taken, 6006 and the content restored where the page is."""
    client = mock("wikijs")
    assert status(client.query(MOVE, {"id": 3, "path": "moved/away"}), "move")["succeeded"]
    assert status(client.query(UPDATE, {"id": 3, "content": "# Later", "tags": []}), "update")["succeeded"]
    trail = client.query("{ pages { history(id: 3) { trail { versionId } } } }")["data"]["pages"]["history"]
    first = trail["trail"][-1]["versionId"]
    assert status(client.query(RESTORE, {"v": first}), "restore")["succeeded"]
    page = client.query("{ pages { single(id: 3) { path content } } }")["data"]["pages"]["single"]
    assert page == {"path": "guides/markdown", "content": "# Markdown\n\nDraft."}
    trail = client.query("{ pages { history(id: 3) { trail { versionId } } } }")["data"]["pages"]["history"]
    newest = [client.query(VERSION, {"v": row["versionId"]})["data"]["pages"]["version"] for row in trail["trail"][:2]]
    assert newest == [
        {"action": "moved", "path": "moved/away", "content": "# Markdown\n\nDraft."},
        {"action": "restored", "path": "moved/away", "content": "# Later"},
    ], newest
    assert status(client.query(MOVE, {"id": 3, "path": "moved/again"}), "move")["succeeded"]
    assert status(client.query(MOVE, {"id": 2, "path": "guides/markdown"}), "move")["succeeded"]
    assert status(client.query(UPDATE, {"id": 3, "content": "# Last", "tags": []}), "update")["succeeded"]
    assert status(client.query(RESTORE, {"v": first}), "restore")["errorCode"] == 6006
    page = client.query("{ pages { single(id: 3) { path content } } }")["data"]["pages"]["single"]
    assert page == {"path": "moved/again", "content": "# Markdown\n\nDraft."}
