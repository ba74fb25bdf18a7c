"""The ``users`` namespace: listing, profile and account management with Wiki.js's error codes.

Validation limits are the 2.5 server's, read from the 1012 rule's trigger (facts § 4.4); every
error reported is a documented code, and every plain error an observed message, read from the rules.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Mapping
from typing import Any

from graphql import GraphQLSchema

from mock_server.http.resolvers import bind
from mock_server.wikijs.accounts import LOCAL_PROVIDER, hash_password, password_matches
from mock_server.wikijs.auth import Authenticator
from mock_server.wikijs.context import WikiContext
from mock_server.wikijs.database import transaction
from mock_server.wikijs.elevation import refusal
from mock_server.wikijs.errors import WikiError
from mock_server.wikijs.groups import group_view
from mock_server.wikijs.js_strings import js_length
from mock_server.wikijs.resolvers import Info, caller_of
from mock_server.wikijs.samples import GUEST_USER_ID

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def first_failed_check(
    limits: Mapping[str, int], email: str, name: str, password: str | None, provider: str
) -> str | None:
    """The first input check of a new user that fails, in the server's order (email, password,
    name), as ``<argument>.<check>``; None when all pass. ``limits``: the 1012 rule's."""
    if not EMAIL.match(email):
        return "email.invalid"
    if js_length(email) > limits["email.max_length"]:
        return "email.too_long"
    if provider == LOCAL_PROVIDER:
        if password is None or not password.strip():
            return "password.blank"
        if js_length(password) < limits["password.min_length"]:
            return "password.too_short"
    if not name.strip():
        return "name.blank"
    if js_length(name) < limits["name.min_length"]:
        return "name.too_short"
    return "name.too_long" if js_length(name) > limits["name.max_length"] else None


PROTECTED_MAX_ID = GUEST_USER_ID
"""Ids up to this one (the root admin and the guest) cannot be deleted."""
EXISTS, INVALID, NOT_FOUND = "wikijs.errors.1004", "wikijs.errors.1012", "wikijs.errors.1016"
PROTECTED, AUTH_REQUIRED, BAD_PASSWORD = "wikijs.errors.1018", "wikijs.errors.1019", "wikijs.errors.1020"
PROFILE_FIELDS = ("name", "location", "jobTitle", "timezone", "dateFormat", "appearance")
DATE_FORMATS = ("", "DD/MM/YYYY", "DD.MM.YYYY", "MM/DD/YYYY", "YYYY-MM-DD", "YYYY/MM/DD")
APPEARANCES = ("", "light", "dark")
FOREIGN_CONSTRAINT = "wikijs.errors.1017"


def user_view(row: sqlite3.Row) -> dict[str, Any]:
    values = dict(row)
    for flag in ("isSystem", "isActive", "isVerified", "tfaIsActive", "mustChangePwd"):
        values[flag] = bool(values[flag])
    return values


class UserResolvers:
    """The ``users`` fields over the shared context; ``system_scope`` marks elevated groups."""

    def __init__(self, context: WikiContext, authenticator: Authenticator, system_scope: str) -> None:
        self._db, self._errors, self._statuses = context.db, context.errors, context.statuses
        self._clock = context.clock
        self._limits = context.errors.limits(INVALID)
        self._authenticator = authenticator
        self._system_scope = system_scope

    def _user(self, user_id: int) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self._db.execute("SELECT * FROM users WHERE id = ?", (user_id,)).fetchone()
        return row

    def _groups_of(self, user_id: int) -> list[sqlite3.Row]:
        query = "SELECT g.* FROM groups g JOIN user_groups m ON m.groupId = g.id WHERE m.userId = ? ORDER BY g.id"
        return self._db.execute(query, (user_id,)).fetchall()

    def _taken(self, email: str, provider: str, other_than: int = 0) -> bool:
        query = "SELECT 1 FROM users WHERE lower(email) = lower(?) AND providerKey = ? AND id != ?"
        return self._db.execute(query, (email, provider, other_than)).fetchone() is not None

    def listing(self, _: object, __: Info, **___: Any) -> list[dict[str, Any]]:
        return [user_view(row) for row in self._db.execute("SELECT * FROM users ORDER BY id")]

    def search(self, _: object, __: Info, *, query: str) -> list[dict[str, Any]]:
        needle = f"%{query.strip()}%"
        rows = self._db.execute("SELECT * FROM users WHERE email LIKE ? OR name LIKE ? ORDER BY id", (needle, needle))
        return [user_view(row) for row in rows]

    def single(self, _: object, __: Info, *, id: int) -> dict[str, Any]:
        row = self._user(id)
        if row is None:
            raise self._errors.missing("users.single")
        return {**user_view(row), "groups": [group_view(g) for g in self._groups_of(id)]}

    def profile(self, _: object, info: Info) -> dict[str, Any]:
        caller = caller_of(info)
        row = self._user(caller.user_id) if caller is not None else None
        if row is None or row["id"] == GUEST_USER_ID:
            raise self._errors.error(AUTH_REQUIRED)
        pages = self._db.execute("SELECT count(*) FROM pages WHERE creatorId = ?", (row["id"],)).fetchone()[0]
        return {**user_view(row), "groups": [g["name"] for g in self._groups_of(row["id"])], "pagesTotal": pages}

    def last_logins(self, _: object, __: Info) -> list[dict[str, Any]]:
        query = "SELECT id, name, lastLoginAt FROM users WHERE lastLoginAt IS NOT NULL ORDER BY lastLoginAt DESC"
        return [dict(row) for row in self._db.execute(query)]

    def _may_assign(self, info: Info, group_ids: set[int], refusal_case: str) -> None:
        """The elevated-group check of 2.5.313+ over the groups a change touches (facts § 4.4)."""
        caller = caller_of(info)
        for group_id in sorted(group_ids):
            row = self._db.execute("SELECT permissions FROM groups WHERE id = ?", (group_id,)).fetchone()
            if row is not None and refusal(caller, json.loads(row["permissions"]), self._system_scope) is not None:
                raise WikiError.plain(self._errors.refusal(refusal_case))

    def _valid(self, email: str, name: str, password: str | None, provider: str) -> None:
        check = first_failed_check(self._limits, email, name, password, provider)
        if check is not None:
            raise self._errors.failed(INVALID, check)

    def create(self, info: Info, **args: Any) -> dict[str, Any]:
        email, provider = args["email"].strip().lower(), args["providerKey"]
        self._valid(email, args["name"], args.get("passwordRaw"), provider)
        self._may_assign(info, {g for g in args["groups"] if g is not None}, "users.create.elevated")
        if self._taken(email, provider):
            raise self._errors.error(EXISTS)
        password = args.get("passwordRaw")
        now = self._clock()
        with transaction(self._db):
            cursor = self._db.execute(
                "INSERT INTO users (email, name, providerKey, passwordHash, isSystem, isActive, isVerified,"
                " mustChangePwd, tfaIsActive, location, jobTitle, timezone, dateFormat, appearance, createdAt,"
                " updatedAt) VALUES (?, ?, ?, ?, 0, 1, 1, ?, 0, '', '', 'America/New_York', '', '', ?, ?)",
                (email, args["name"], provider, hash_password(password) if password else None,
                 bool(args.get("mustChangePassword")), now, now),
            )  # fmt: skip
            groups = {g for g in args["groups"] if g is not None}
            self._db.executemany(
                "INSERT OR IGNORE INTO user_groups VALUES (?, ?)", [(cursor.lastrowid, g) for g in groups]
            )
        return {"user": None}

    def update(self, info: Info, *, id: int, **args: Any) -> None:
        if args.get("groups") is not None:
            current = {g["id"] for g in self._groups_of(id)}
            self._may_assign(info, current ^ {g for g in args["groups"] if g is not None}, "users.update.elevated")
        row = self._user(id)
        if row is None:
            raise self._errors.error(NOT_FOUND)
        email = (args.get("email") or "").strip().lower()
        if email and self._taken(email, row["providerKey"], id):
            raise self._errors.error(EXISTS)
        password = args.get("newPassword")
        if password and len(password) < self._limits["password.min_length"]:
            raise self._errors.error(INVALID)
        changes = {key: args[key] for key in PROFILE_FIELDS if args.get(key)}
        if email:
            changes["email"] = email
        if password:
            changes["passwordHash"] = hash_password(password)
        with transaction(self._db):
            for column, value in changes.items():  # column names come from PROFILE_FIELDS and the two above
                self._db.execute(
                    f"UPDATE users SET {column} = ?, updatedAt = ? WHERE id = ?", (value, self._clock(), id)
                )
            if args.get("groups") is not None:
                self._db.execute("DELETE FROM user_groups WHERE userId = ?", (id,))
                groups = {g for g in args["groups"] if g is not None}
                self._db.executemany("INSERT OR IGNORE INTO user_groups VALUES (?, ?)", [(id, g) for g in groups])

    def delete(self, _: Info, *, id: int, replaceId: int) -> None:
        if id <= PROTECTED_MAX_ID:
            raise self._errors.error(PROTECTED)
        if self._user(id) is None:
            raise self._errors.error(NOT_FOUND)
        owns = self._db.execute(
            "SELECT 1 FROM pages WHERE authorId = ? OR creatorId = ? UNION SELECT 1 FROM comments WHERE authorId = ?"
            " UNION SELECT 1 FROM assets WHERE authorId = ?",
            (id, id, id, id),
        ).fetchone()
        if owns and self._user(replaceId) is None:  # the real server's foreign key refuses the reassignment
            raise self._errors.error(FOREIGN_CONSTRAINT)
        with transaction(self._db):
            self._db.execute("UPDATE pages SET authorId = ? WHERE authorId = ?", (replaceId, id))
            self._db.execute("UPDATE pages SET creatorId = ? WHERE creatorId = ?", (replaceId, id))
            self._db.execute("UPDATE comments SET authorId = ? WHERE authorId = ?", (replaceId, id))
            self._db.execute("UPDATE assets SET authorId = ? WHERE authorId = ?", (replaceId, id))
            self._db.execute("DELETE FROM users WHERE id = ?", (id,))

    def flag(self, column: str, value: bool) -> Callable[..., None]:
        def run(_: Info, *, id: int) -> None:
            with transaction(self._db):  # no existence check, as on the real server
                self._db.execute(f"UPDATE users SET {column} = ? WHERE id = ?", (value, id))

        return run

    def deactivate(self, _: object, __: Info, *, id: int) -> dict[str, Any]:
        if id <= PROTECTED_MAX_ID:
            return {"responseResult": self._statuses.failure(self._errors.plain(PROTECTED, "deactivate"))}
        self.flag("isActive", False)(__, id=id)
        return {"responseResult": self._statuses.success("users.deactivate")}

    def update_profile(self, info: Info, **args: Any) -> dict[str, Any]:
        row = self._user(caller_of(info).user_id)
        if row is None or row["id"] == GUEST_USER_ID:
            raise self._errors.error(AUTH_REQUIRED)
        if args["dateFormat"] not in DATE_FORMATS or args["appearance"] not in APPEARANCES:
            raise self._errors.error(INVALID)
        with transaction(self._db):
            for column in PROFILE_FIELDS:
                self._db.execute(f"UPDATE users SET {column} = ? WHERE id = ?", (args[column].strip(), row["id"]))
        return {"jwt": self._authenticator.login_token(row["id"])}

    def change_password(self, info: Info, *, current: str, new: str) -> dict[str, Any]:
        row = self._user(caller_of(info).user_id)
        if row is None or row["id"] == GUEST_USER_ID:
            raise self._errors.error(AUTH_REQUIRED)
        if not password_matches(current, row["passwordHash"]):
            raise self._errors.error(BAD_PASSWORD)
        if len(new) < self._limits["password.min_length"]:
            raise self._errors.error(INVALID)
        with transaction(self._db):
            self._db.execute("UPDATE users SET passwordHash = ? WHERE id = ?", (hash_password(new), row["id"]))
        return {"jwt": self._authenticator.login_token(row["id"])}


def bind_users(schema: GraphQLSchema, context: WikiContext, authenticator: Authenticator, system_scope: str) -> None:
    users = UserResolvers(context, authenticator, system_scope)
    outcome = context.outcome
    bind(schema, "UserQuery", "list", users.listing)
    bind(schema, "UserQuery", "search", users.search)
    bind(schema, "UserQuery", "single", users.single)
    bind(schema, "UserQuery", "profile", users.profile)
    bind(schema, "UserQuery", "lastLogins", users.last_logins)
    bind(schema, "UserMutation", "create", outcome("users.create", users.create))
    bind(schema, "UserMutation", "update", outcome("users.update", users.update))
    bind(schema, "UserMutation", "delete", outcome("users.delete", users.delete))
    bind(schema, "UserMutation", "activate", outcome("users.activate", users.flag("isActive", True)))
    bind(schema, "UserMutation", "verify", outcome("users.verify", users.flag("isVerified", True)))
    bind(schema, "UserMutation", "deactivate", users.deactivate)
    bind(schema, "UserMutation", "resetPassword", lambda *_, **__: {"responseResult": None})
    bind(schema, "UserMutation", "updateProfile", outcome("users.updateProfile", users.update_profile))
    bind(schema, "UserMutation", "changePassword", outcome("users.changePassword", users.change_password))
