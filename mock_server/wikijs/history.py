"""Page history: ``pages.history``, ``pages.version``, ``pages.restore`` and ``pages.checkConflicts``.

History rows hold a page as it was *before* an action (see :func:`.store.snapshot`); the
trail's order is the ``page_history`` rule's (newest first, as the real server lists it), and
each row's actionType comes from comparing it with the version next older (not from the stored
action), named as the ``page_history_actions`` rule says. A restore writes the version's values
the ``page_restore`` rule names and, when the path is among them and differs, then moves the
page back with the move's checks: two rows, or a collision after the values were written.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from graphql import GraphQLSchema

from mock_server.http.resolvers import bind
from mock_server.wikijs.access import PageRules
from mock_server.wikijs.database import Database
from mock_server.wikijs.errors import ErrorTable, PageError, ResponseStatuses, WikiError
from mock_server.wikijs.pages import Clock, Pages
from mock_server.wikijs.rendering import content_type
from mock_server.wikijs.resolvers import Info, caller_of
from mock_server.wikijs.store import PageRecord, PageStore
from specs.model import PageHistory, PageRestore

DEFAULT_PAGE_SIZE = 100
TRAIL_ORDER = {"newest_first": "DESC", "oldest_first": "ASC"}
"""``page_history`` order -> the direction of the trail's ORDER BY."""


def version_view(row: sqlite3.Row, author: str) -> dict[str, Any]:
    return {
        **dict(row),
        "versionId": row["id"],
        "authorId": str(row["authorId"]),
        "authorName": author,
        "contentType": content_type(row["editor"]),
        "isPrivate": bool(row["isPrivate"]),
        "isPublished": bool(row["isPublished"]),
        "tags": [],
    }


def trail_actions(rows: Sequence[sqlite3.Row], names: Mapping[str, str]) -> dict[int, dict[str, Any]]:
    """Each version's actionType, valueBefore and valueAfter, derived from the version next older
    than it (``page_history_actions`` names): the real server computes them when the trail is read."""
    derived: dict[int, dict[str, Any]] = {}
    older: sqlite3.Row | None = None
    for row in sorted(rows, key=lambda r: int(r["id"])):
        if older is None:
            derived[row["id"]] = {"actionType": names["first"], "valueBefore": None, "valueAfter": None}
        elif older["path"] != row["path"]:
            derived[row["id"]] = {"actionType": names["moved"], "valueBefore": older["path"], "valueAfter": row["path"]}
        else:
            derived[row["id"]] = {"actionType": names["other"], "valueBefore": None, "valueAfter": None}
        older = row
    return derived


def bind_history(
    schema: GraphQLSchema,
    db: Database,
    store: PageStore,
    pages: Pages,
    rules: PageRules,
    errors: ErrorTable,
    statuses: ResponseStatuses,
    clock: Clock,
    recording: PageHistory,
    action_names: Mapping[str, str],
    restoring: PageRestore,
) -> None:
    """``pages`` moves a restored page back (see the module's docstring)."""
    trail_sql = f"SELECT * FROM page_history WHERE pageId = ? ORDER BY id {TRAIL_ORDER[recording.order]}"

    def existing(page_id: int, operation: str | None = None) -> PageRecord:
        page = store.page(page_id)
        if page is None:
            raise errors.missing(operation) if operation else errors.error(PageError.NOT_FOUND)
        return page

    def author(user_id: int) -> str:
        row = db.execute("SELECT name FROM users WHERE id = ?", (user_id,)).fetchone()
        return str(row["name"]) if row else ""

    def history(_: object, info: Info, *, id: int, offsetPage: int = 0, offsetSize: int = DEFAULT_PAGE_SIZE) -> Any:
        page = existing(id, "pages.history")
        rules.require(caller_of(info), "pages.history", page.locale, page.path)
        rows = db.execute(trail_sql, (id,)).fetchall()
        actions = trail_actions(rows, action_names)
        size = max(offsetSize or DEFAULT_PAGE_SIZE, 1)
        start = max(offsetPage or 0, 0) * size
        trail = [
            {
                "versionId": row["id"],
                "versionDate": row["versionDate"],
                "authorId": row["authorId"],
                "authorName": author(row["authorId"]),
                **actions[row["id"]],
            }
            for row in rows[start : start + size]
        ]
        return {"trail": trail, "total": len(rows)}

    def version(_: object, info: Info, *, pageId: int, versionId: int) -> Any:
        page = existing(pageId, "pages.version")
        rules.require(caller_of(info), "pages.history", page.locale, page.path)
        query = "SELECT * FROM page_history WHERE pageId = ? AND id = ?"
        row = db.execute(query, (pageId, versionId)).fetchone()
        return version_view(row, author(row["authorId"])) if row else None

    def restore(_: object, info: Info, *, pageId: int, versionId: int) -> Any:
        try:
            page = existing(pageId)
            caller = caller_of(info)
            rules.require(caller, "pages.restore", page.locale, page.path)
            query = "SELECT * FROM page_history WHERE pageId = ? AND id = ?"
            row = db.execute(query, (pageId, versionId)).fetchone()
            if row is None:
                raise errors.error(PageError.NOT_FOUND)
            values: dict[str, Any] = {key: row[key] for key in restoring.fields if key != "path"}
            values.update(dict.fromkeys(restoring.cleared, ()))
            if "isPublished" in values:
                values["isPublished"] = bool(values["isPublished"])
            restored = replace(page, **values, authorId=caller.user_id, updatedAt=clock())
            store.replace(page, restored, "pages.restore", clock())
            if "path" in restoring.fields and (row["locale"], row["path"]) != (page.locale, page.path):
                pages.move(caller, pageId, row["path"], row["locale"])
        except WikiError as error:
            return {"responseResult": statuses.failure(error)}
        return {"responseResult": statuses.success("pages.restore")}

    def conflicts(_: object, info: Info, *, id: int, checkoutDate: str) -> bool:
        page = existing(id)
        rules.require(caller_of(info), "pages.checkConflicts", page.locale, page.path)
        return page.updatedAt > checkoutDate

    bind(schema, "PageQuery", "history", history)
    bind(schema, "PageQuery", "version", version)
    bind(schema, "PageQuery", "checkConflicts", conflicts)
    bind(schema, "PageMutation", "restore", restore)
