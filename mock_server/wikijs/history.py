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
from dataclasses import dataclass, replace
from typing import Any

from graphql import GraphQLSchema

from mock_server.http.resolvers import bind
from mock_server.wikijs.access import PageRules
from mock_server.wikijs.context import WikiContext
from mock_server.wikijs.errors import PageError
from mock_server.wikijs.pages import Pages
from mock_server.wikijs.rendering import content_type
from mock_server.wikijs.resolvers import Info, caller_of
from mock_server.wikijs.store import PageStore
from specs.model import PageHistory, PageRestore

DEFAULT_PAGE_SIZE = 100
TRAIL_ORDER = {"newest_first": True, "oldest_first": False}
"""``page_history`` order -> whether the trail lists the newest version first."""


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


@dataclass(frozen=True)
class HistoryRules:
    """What the history fields follow, read once from the ``page_history`` (the trail's order),
    ``page_history_actions`` (how versions are named) and ``page_restore`` (what a restore writes) rules."""

    recording: PageHistory
    action_names: Mapping[str, str]
    restoring: PageRestore


class HistoryResolvers:
    """The history fields over the shared context; ``pages`` moves a restored page back (see the
    module's docstring)."""

    def __init__(
        self, context: WikiContext, pages: Pages, store: PageStore, rules: PageRules, history: HistoryRules
    ) -> None:
        self._errors, self._clock = context.errors, context.clock
        self._pages, self._store, self._rules = pages, store, rules
        self._newest_first = TRAIL_ORDER[history.recording.order]
        self._action_names, self._restoring = history.action_names, history.restoring

    def history(
        self, _: object, info: Info, *, id: int, offsetPage: int = 0, offsetSize: int = DEFAULT_PAGE_SIZE
    ) -> dict[str, Any]:
        page = self._pages.existing(id, "pages.history")
        self._rules.require(caller_of(info), "pages.history", page.locale, page.path)
        rows = self._store.versions(id, descending=self._newest_first)
        actions = trail_actions(rows, self._action_names)
        size = max(offsetSize or DEFAULT_PAGE_SIZE, 1)
        start = max(offsetPage or 0, 0) * size
        trail = [
            {
                "versionId": row["id"],
                "versionDate": row["versionDate"],
                "authorId": row["authorId"],
                "authorName": self._store.user_name(row["authorId"]),
                **actions[row["id"]],
            }
            for row in rows[start : start + size]
        ]
        return {"trail": trail, "total": len(rows)}

    def version(self, _: object, info: Info, *, pageId: int, versionId: int) -> dict[str, Any] | None:
        page = self._pages.existing(pageId, "pages.version")
        self._rules.require(caller_of(info), "pages.history", page.locale, page.path)
        row = self._store.version(pageId, versionId)
        return version_view(row, self._store.user_name(row["authorId"])) if row else None

    def restore(self, info: Info, *, pageId: int, versionId: int) -> None:
        page = self._pages.existing(pageId)
        caller = caller_of(info)
        self._rules.require(caller, "pages.restore", page.locale, page.path)
        row = self._store.version(pageId, versionId)
        if row is None:
            raise self._errors.error(PageError.NOT_FOUND)
        fields = self._restoring.fields
        values: dict[str, Any] = {key: row[key] for key in fields if key != "path"}
        values.update(dict.fromkeys(self._restoring.cleared, ()))
        if "isPublished" in values:
            values["isPublished"] = bool(values["isPublished"])
        restored = replace(page, **values, authorId=caller.user_id, updatedAt=self._clock())
        self._store.replace(page, restored, "pages.restore", self._clock())
        if "path" in fields and (row["locale"], row["path"]) != (page.locale, page.path):
            self._pages.move(caller, pageId, row["path"], row["locale"])

    def conflicts(self, _: object, info: Info, *, id: int, checkoutDate: str) -> bool:
        page = self._pages.existing(id)
        self._rules.require(caller_of(info), "pages.checkConflicts", page.locale, page.path)
        return page.updatedAt > checkoutDate


def bind_history(
    schema: GraphQLSchema, context: WikiContext, pages: Pages, store: PageStore, rules: PageRules, history: HistoryRules
) -> None:
    resolvers = HistoryResolvers(context, pages, store, rules, history)
    bind(schema, "PageQuery", "history", resolvers.history)
    bind(schema, "PageQuery", "version", resolvers.version)
    bind(schema, "PageQuery", "checkConflicts", resolvers.conflicts)
    bind(schema, "PageMutation", "restore", context.outcome("pages.restore", resolvers.restore))
