"""The ``comments`` namespace with the default provider of Wiki.js 2.5 (facts § 4.3).

Comments live in SQLite next to their page and go when the page goes. ``@auth`` has let the
caller in on global scopes; here the page rules of the comment's page decide (8002 post,
8004 manage, 8006 view), in the order the real server checks. Mutations report refusals in
``responseResult``; queries throw them. Provider configs travel as ``KeyValuePair`` whose
value is JSON: ``{"value": ...}`` going out, ``{"v": ...}`` coming in, as the admin UI sends.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Mapping
from datetime import timedelta
from enum import StrEnum
from typing import Any

from graphql import GraphQLSchema

from mock_server.http.resolvers import bind
from mock_server.wikijs.access import PageRules
from mock_server.wikijs.auth import Caller, parse_iso
from mock_server.wikijs.database import Database, transaction
from mock_server.wikijs.errors import ErrorTable, PageError, ResponseStatuses, WikiError
from mock_server.wikijs.js_strings import js_length, js_trim
from mock_server.wikijs.pages import Clock
from mock_server.wikijs.rendering import render_comment
from mock_server.wikijs.resolvers import Info, caller_of
from mock_server.wikijs.samples import GUEST_USER_ID
from mock_server.wikijs.store import PageRecord, PageStore

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
API_AUTHOR = ("API", "api@localhost")
"""Name and email of comments posted with an API key (observed, C8: every key acts as the admin)."""
DEFAULT_PROVIDER = "default"
MIN_DELAY = "minDelay"
UNKNOWN_CLIENT = ""
COMMENT_FIELDS = (
    "id",
    "content",
    "render",
    "authorId",
    "authorName",
    "authorEmail",
    "authorIP",
    "createdAt",
    "updatedAt",
)


class CommentError(StrEnum):
    """Rule ids of the comment errors the mock raises."""

    POST_FORBIDDEN = "wikijs.errors.8002"
    CONTENT_MISSING = "wikijs.errors.8003"
    MANAGE_FORBIDDEN = "wikijs.errors.8004"
    NOT_FOUND = "wikijs.errors.8005"
    VIEW_FORBIDDEN = "wikijs.errors.8006"
    INPUT_INVALID = "wikijs.errors.1012"


def comment_view(row: sqlite3.Row) -> dict[str, Any]:
    return {key: row[key] for key in COMMENT_FIELDS}


def provider_view(row: sqlite3.Row) -> dict[str, Any]:
    config = json.loads(row["config"])
    return {
        **{key: row[key] for key in ("key", "title", "description", "logo", "website")},
        "isEnabled": bool(row["isEnabled"]),
        "isAvailable": True,
        "config": [{"key": key, "value": json.dumps({"value": config[key]})} for key in sorted(config)],
    }


def guest_problem(limits: Mapping[str, int], name: str | None, email: str | None) -> str | None:
    """The first failed check of a guest's name and email (a 1012 ``worded_checks`` key), if any;
    ``limits``: the 1012 rule's, as for users."""
    if not email or js_length(email) > limits["email.max_length"] or not EMAIL.match(email):
        return "guestEmail.invalid"
    if not name or not name.strip():
        return "guestName.blank"
    if js_length(name) < limits["name.min_length"]:
        return "guestName.too_short"
    return "guestName.too_long" if js_length(name) > limits["name.max_length"] else None


class Comments:
    def __init__(self, db: Database, store: PageStore, rules: PageRules, errors: ErrorTable, clock: Clock) -> None:
        self._db, self._store, self._rules, self._errors, self._clock = db, store, rules, errors, clock
        self._guest_limits = errors.limits(CommentError.INPUT_INVALID)
        self._min_content = errors.limits(CommentError.CONTENT_MISSING)["min_length"]

    def _comment(self, comment_id: int) -> sqlite3.Row:
        row: sqlite3.Row | None = self._db.execute("SELECT * FROM comments WHERE id = ?", (comment_id,)).fetchone()
        if row is None:
            raise self._errors.error(CommentError.NOT_FOUND)
        return row

    def _page(self, page_id: int) -> PageRecord:
        page = self._store.page(page_id)
        if page is None:
            raise self._errors.error(PageError.NOT_FOUND)
        return page

    def _require(self, caller: Caller, page: PageRecord, scope: str, refusal: CommentError) -> None:
        if not self._rules.allows(caller, [scope], page.locale, page.path, page.tags):
            raise self._errors.error(refusal)

    def listing(self, caller: Caller, locale: str, path: str) -> list[dict[str, Any]]:
        page = self._store.by_path(locale, path)
        if page is None:
            return []
        self._require(caller, page, "read:comments", CommentError.VIEW_FORBIDDEN)
        rows = self._db.execute("SELECT * FROM comments WHERE pageId = ? ORDER BY createdAt, id", (page.id,))
        return [comment_view(row) for row in rows]

    def single(self, caller: Caller, comment_id: int) -> dict[str, Any]:
        row = self._comment(comment_id)
        self._require(caller, self._page(row["pageId"]), "read:comments", CommentError.VIEW_FORBIDDEN)
        return comment_view(row)

    def _author(self, caller: Caller, guest_name: str | None, guest_email: str | None) -> tuple[str, str]:
        if caller.api_key_id is not None:
            return API_AUTHOR
        if caller.user_id == GUEST_USER_ID:
            problem = guest_problem(self._guest_limits, guest_name, guest_email)
            if problem is not None:
                raise self._errors.failed(CommentError.INPUT_INVALID, problem)
            return (guest_name or "").strip(), (guest_email or "").strip()
        row = self._db.execute("SELECT name, email FROM users WHERE id = ?", (caller.user_id,)).fetchone()
        return (str(row["name"]), str(row["email"])) if row else ("", "")

    def _wait_enforced(self, author_id: int, ip: str) -> None:
        """The default provider's optional ``minDelay`` (seconds) between two comments of one author."""
        row = self._db.execute("SELECT config FROM comment_providers WHERE key = ?", (DEFAULT_PROVIDER,)).fetchone()
        config = json.loads(row["config"]) if row else {}
        delay = config.get(MIN_DELAY)
        if not isinstance(delay, int) or isinstance(delay, bool) or delay <= 0:
            return
        last = self._db.execute(
            "SELECT max(createdAt) FROM comments WHERE authorId = ? AND authorIP = ?", (author_id, ip)
        ).fetchone()[0]
        if last is not None and parse_iso(self._clock()) - parse_iso(last) < timedelta(seconds=delay):
            raise self._errors.plain(CommentError.POST_FORBIDDEN, "too_soon")

    def create(self, caller: Caller, ip: str, **args: Any) -> int:
        name, email = self._author(caller, args.get("guestName"), args.get("guestEmail"))
        content: str = js_trim(args["content"])  # stored trimmed, as the real server does (not on update)
        if js_length(content) < self._min_content:
            raise self._errors.error(CommentError.CONTENT_MISSING)
        page = self._page(args["pageId"])
        self._require(caller, page, "write:comments", CommentError.POST_FORBIDDEN)
        self._wait_enforced(caller.user_id, ip)
        now = self._clock()
        with transaction(self._db):
            cursor = self._db.execute(
                "INSERT INTO comments (pageId, replyTo, content, render, authorId, authorName, authorEmail, authorIP,"
                " createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (page.id, args.get("replyTo") or 0, content, render_comment(content), caller.user_id, name, email,
                 ip, now, now),
            )  # fmt: skip
        return cursor.lastrowid or 0

    def _managed(self, caller: Caller, comment_id: int) -> sqlite3.Row:
        row = self._comment(comment_id)
        self._require(caller, self._page(row["pageId"]), "manage:comments", CommentError.MANAGE_FORBIDDEN)
        return row

    def update(self, caller: Caller, comment_id: int, content: str) -> str:
        """No length check here: the real server only checks on create (observed, C10)."""
        self._managed(caller, comment_id)
        html = render_comment(content)
        with transaction(self._db):
            self._db.execute(
                "UPDATE comments SET content = ?, render = ?, updatedAt = ? WHERE id = ?",
                (content, html, self._clock(), comment_id),
            )
        return html

    def delete(self, caller: Caller, comment_id: int) -> None:
        self._managed(caller, comment_id)
        with transaction(self._db):
            self._db.execute("DELETE FROM comments WHERE id = ?", (comment_id,))

    def providers(self) -> list[dict[str, Any]]:
        return [provider_view(row) for row in self._db.execute("SELECT * FROM comment_providers ORDER BY key")]

    def update_providers(self, providers: list[dict[str, Any] | None]) -> None:
        """Unknown keys are ignored, as on the real server; a value that is not ``{"v": ...}`` JSON is 1012."""
        changes = []
        for provider in providers:
            if provider is None:
                continue
            config = {}
            for pair in provider.get("config") or ():
                if pair is None:
                    continue
                try:
                    decoded = json.loads(pair["value"])
                except ValueError:
                    decoded = None
                if not isinstance(decoded, dict):
                    raise self._errors.error(CommentError.INPUT_INVALID)
                config[pair["key"]] = decoded.get("v")
            changes.append((provider["isEnabled"], provider["key"], config))
        with transaction(self._db):
            for enabled, key, config in changes:
                row = self._db.execute("SELECT config FROM comment_providers WHERE key = ?", (key,)).fetchone()
                if row is not None:
                    merged = {**json.loads(row["config"]), **config}
                    self._db.execute(
                        "UPDATE comment_providers SET isEnabled = ?, config = ? WHERE key = ?",
                        (enabled, json.dumps(merged), key),
                    )


def bind_comments(schema: GraphQLSchema, comments: Comments, statuses: ResponseStatuses) -> None:
    def mutation(operation: str, run: Callable[..., dict[str, Any]], empty: dict[str, Any]) -> Callable[..., Any]:
        def resolve(_: object, info: Info, **args: Any) -> dict[str, Any]:
            try:
                extra = run(info, **args)
            except WikiError as error:
                return {"responseResult": statuses.failure(error), **empty}
            return {"responseResult": statuses.success(operation), **extra}

        return resolve

    def create(info: Info, **args: Any) -> dict[str, Any]:
        return {"id": comments.create(caller_of(info), info.context.client or UNKNOWN_CLIENT, **args)}

    def update(info: Info, *, id: int, content: str) -> dict[str, Any]:
        return {"render": comments.update(caller_of(info), id, content)}

    def delete(info: Info, *, id: int) -> dict[str, Any]:
        comments.delete(caller_of(info), id)
        return {}

    def update_providers(_: Info, *, providers: list[dict[str, Any] | None] | None = None) -> dict[str, Any]:
        comments.update_providers(providers or [])
        return {}

    bind(schema, "CommentQuery", "providers", lambda *_: comments.providers())
    bind(schema, "CommentQuery", "list", lambda _, info, **a: comments.listing(caller_of(info), a["locale"], a["path"]))
    bind(schema, "CommentQuery", "single", lambda _, info, *, id: comments.single(caller_of(info), id))
    bind(schema, "CommentMutation", "create", mutation("comments.create", create, {"id": None}))
    bind(schema, "CommentMutation", "update", mutation("comments.update", update, {"render": None}))
    bind(schema, "CommentMutation", "delete", mutation("comments.delete", delete, {}))
    bind(schema, "CommentMutation", "updateProviders", mutation("comments.updateProviders", update_providers, {}))
