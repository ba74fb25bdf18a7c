"""The ``groups`` namespace: list, single, create, update, delete, assign and unassign users.

As on the real server, refusals here are thrown GraphQL errors (errorCode 1 in a
ResponseStatus would need a documented code; the server has none, facts § 4.7). The
Administrators and Guests groups and the guest account are protected.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from graphql import GraphQLSchema

from mock_server.http.graphql_errors import PublicError
from mock_server.http.resolvers import bind
from mock_server.wikijs.context import WikiContext
from mock_server.wikijs.database import transaction
from mock_server.wikijs.elevation import is_safe_regex, refusal
from mock_server.wikijs.errors import RESOLVER_ERROR_CODE
from mock_server.wikijs.resolvers import Info, caller_of
from mock_server.wikijs.samples import ADMIN_GROUP_ID, ADMIN_USER_ID, GUEST_GROUP_ID, GUEST_USER_ID
from specs.model import PermissionModel

PROTECTED_GROUPS = (ADMIN_GROUP_ID, GUEST_GROUP_ID)
REGEX_MATCH = "REGEX"
DEFAULT_REDIRECT = "/"


def refused(message: str) -> PublicError:
    """``message``: one of the permission model's ``refusals`` (observed plain errors)."""
    return PublicError(message, extensions={"code": RESOLVER_ERROR_CODE})


def group_view(row: sqlite3.Row) -> dict[str, Any]:
    values = dict(row)
    values["isSystem"] = bool(values["isSystem"])
    values["permissions"] = json.loads(values["permissions"])
    values["pageRules"] = json.loads(values["pageRules"])
    return values


class GroupResolvers:
    """The ``groups`` fields over the shared context; ``model`` gives new groups and scopes."""

    def __init__(self, context: WikiContext, model: PermissionModel) -> None:
        self._db, self._statuses, self._clock = context.db, context.statuses, context.clock
        self._refusal = context.errors.refusal
        self._model = model

    def _group(self, group_id: int) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self._db.execute("SELECT * FROM groups WHERE id = ?", (group_id,)).fetchone()
        return row

    def _members(self, group_id: int) -> list[dict[str, Any]]:
        query = "SELECT u.* FROM users u JOIN user_groups g ON g.userId = u.id WHERE g.groupId = ? ORDER BY u.id"
        return [{**dict(row), "isSystem": bool(row["isSystem"]), "isActive": bool(row["isActive"])}
                for row in self._db.execute(query, (group_id,))]  # fmt: skip

    def listing(self, _: object, __: Info, **___: Any) -> list[dict[str, Any]]:
        query = "SELECT g.*, (SELECT count(*) FROM user_groups m WHERE m.groupId = g.id) AS userCount FROM groups g"
        return [group_view(row) for row in self._db.execute(query + " ORDER BY g.id")]

    def single(self, _: object, __: Info, *, id: int) -> dict[str, Any] | None:
        row = self._group(id)
        return {**group_view(row), "users": self._members(id)} if row else None

    def create(self, _: object, __: Info, *, name: str) -> dict[str, Any]:
        now, defaults = self._clock(), self._model.new_group
        with transaction(self._db):
            cursor = self._db.execute(
                "INSERT INTO groups (name, isSystem, redirectOnLogin, permissions, pageRules, createdAt, updatedAt)"
                " VALUES (?, 0, ?, ?, ?, ?, ?)",
                (name, DEFAULT_REDIRECT, json.dumps(list(defaults["permissions"])),
                 json.dumps([dict(rule) for rule in defaults["pageRules"]]), now, now),
            )  # fmt: skip
        created = self.single(None, __, id=cursor.lastrowid or 0)
        return {"responseResult": self._statuses.success("groups.create"), "group": created}

    def update(self, _: object, info: Info, *, id: int, name: str, redirectOnLogin: str, **args: Any) -> dict[str, Any]:
        permissions = [scope for scope in args["permissions"] if scope is not None]
        unknown = [scope for scope in permissions if scope not in self._model.scopes]
        if unknown:
            raise refused(self._refusal("groups.unknown_scope", *unknown))
        rules = [dict(rule) for rule in args["pageRules"] if rule is not None]
        if any(rule["match"] == REGEX_MATCH and not is_safe_regex(rule["path"]) for rule in rules):
            raise refused(self._refusal("groups.unsafe_regex"))
        elevation = refusal(caller_of(info), permissions, self._model.system_scope)
        if elevation is not None:
            raise refused(self._refusal(f"groups.manage.{elevation.value}"))
        with transaction(self._db):
            self._db.execute(
                "UPDATE groups SET name = ?, redirectOnLogin = ?, permissions = ?, pageRules = ?, updatedAt = ?"
                " WHERE id = ?",
                (
                    name,
                    redirectOnLogin or DEFAULT_REDIRECT,
                    json.dumps(permissions),
                    json.dumps(rules),
                    self._clock(),
                    id,
                ),
            )
        return {"responseResult": self._statuses.success("groups.update")}

    def delete(self, _: object, __: Info, *, id: int) -> dict[str, Any]:
        if id in PROTECTED_GROUPS:
            raise refused(self._refusal("groups.delete.protected"))
        with transaction(self._db):
            self._db.execute("DELETE FROM groups WHERE id = ?", (id,))
        return {"responseResult": self._statuses.success("groups.delete")}

    def _checked(self, group_id: int, user_id: int, info: Info | None = None) -> None:
        """Group, then (when assigning) the caller's right to it, then the user (facts § 4.7)."""
        row = self._group(group_id)
        if row is None:
            raise refused(self._refusal("groups.invalid_group"))
        if info is not None:
            elevation = refusal(caller_of(info), json.loads(row["permissions"]), self._model.system_scope)
            if elevation is not None:
                raise refused(self._refusal(f"groups.assign.{elevation.value}"))
        if self._db.execute("SELECT 1 FROM users WHERE id = ?", (user_id,)).fetchone() is None:
            raise refused(self._refusal("groups.invalid_user"))

    def assign(self, _: object, info: Info, *, groupId: int, userId: int) -> dict[str, Any]:
        if userId == GUEST_USER_ID:
            raise refused(self._refusal("groups.assign.guest"))
        self._checked(groupId, userId, info)
        if self._db.execute("SELECT 1 FROM user_groups WHERE userId = ? AND groupId = ?", (userId, groupId)).fetchone():
            raise refused(self._refusal("groups.already_member"))
        with transaction(self._db):
            self._db.execute("INSERT INTO user_groups VALUES (?, ?)", (userId, groupId))
        return {"responseResult": self._statuses.success("groups.assignUser")}

    def unassign(self, _: object, __: Info, *, groupId: int, userId: int) -> dict[str, Any]:
        if userId == GUEST_USER_ID:
            raise refused(self._refusal("groups.unassign.guest"))
        if (userId, groupId) == (ADMIN_USER_ID, ADMIN_GROUP_ID):
            raise refused(self._refusal("groups.unassign.admin"))
        self._checked(groupId, userId)
        with transaction(self._db):
            self._db.execute("DELETE FROM user_groups WHERE userId = ? AND groupId = ?", (userId, groupId))
        return {"responseResult": self._statuses.success("groups.unassignUser")}


def bind_groups(schema: GraphQLSchema, context: WikiContext, model: PermissionModel) -> None:
    groups = GroupResolvers(context, model)
    bind(schema, "GroupQuery", "list", groups.listing)
    bind(schema, "GroupQuery", "single", groups.single)
    bind(schema, "GroupMutation", "create", groups.create)
    bind(schema, "GroupMutation", "update", groups.update)
    bind(schema, "GroupMutation", "delete", groups.delete)
    bind(schema, "GroupMutation", "assignUser", groups.assign)
    bind(schema, "GroupMutation", "unassignUser", groups.unassign)
