"""Users, groups, API keys and settings in the mock's SQLite database.

Passwords are stored as salted PBKDF2 hashes (stdlib), never as given. Group permissions
and page rules are JSON columns, read again after every write to the database, so an edit
applies to the next request (as the real server re-reads a group's permissions for API keys).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import sqlite3
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from mock_server.wikijs.database import Database, transaction

PBKDF2_ROUNDS = 60_000
API_ENABLED = "api.isEnabled"
JWT_SECRET = "auth.jwtSecret"
LOCAL_PROVIDER = "local"
T = TypeVar("T")


def hash_password(password: str, salt: str | None = None) -> str:
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), PBKDF2_ROUNDS).hex()
    return f"pbkdf2${salt}${digest}"


def password_matches(password: str, stored: str | None) -> bool:
    if not stored:
        return False
    _, salt, _ = stored.split("$", 2)
    return hmac.compare_digest(hash_password(password, salt), stored)


def new_settings(api_enabled: bool) -> dict[str, str]:
    """Settings of a new wiki: the per-store JWT secret and the API switch."""
    return {API_ENABLED: json.dumps(api_enabled), JWT_SECRET: json.dumps(secrets.token_urlsafe(48))}


@dataclass(frozen=True)
class ApiKey:
    id: int
    name: str
    key: str
    expiration: str
    isRevoked: bool
    groupId: int | None
    createdAt: str
    updatedAt: str
    givenAsIs: bool
    """Given on the command line and matched by value, not a token the mock signed."""


class AccountStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    @property
    def version(self) -> int:
        """The database's version: what is read from it holds while this stays the same."""
        return self._db.version

    def remember(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, a read of this store, reused until the database changes."""
        return self._db.memo(key, compute)

    def setting(self, key: str) -> Any:
        text = self._db.memo(("setting", key), lambda: self._setting_text(key))
        return json.loads(text) if text is not None else None  # decoded per call: callers may change it

    def _setting_text(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return str(row["value"]) if row else None

    def set_setting(self, key: str, value: Any) -> None:
        with transaction(self._db):
            self._db.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", (key, json.dumps(value)))

    def jwt_secret(self) -> str:
        secret: str = self.setting(JWT_SECRET)
        return secret

    def local_user(self, email: str) -> sqlite3.Row | None:
        query = "SELECT * FROM users WHERE lower(email) = lower(?) AND providerKey = ?"
        row: sqlite3.Row | None = self._db.execute(query, (email, LOCAL_PROVIDER)).fetchone()
        return row

    def user(self, user_id: int) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self._db.execute("SELECT * FROM users WHERE id = ?", (user_id,)).fetchone()
        return row

    def set_admin_login(self, user_id: int, email: str, password_hash: str) -> None:
        """Keep the configured admin e-mail and password on every start (``--admin-*`` win)."""
        with transaction(self._db):
            self._db.execute(
                "UPDATE users SET email = ?, passwordHash = ? WHERE id = ?", (email, password_hash, user_id)
            )

    def touch_login(self, user_id: int, now: str) -> None:
        with transaction(self._db):
            self._db.execute("UPDATE users SET lastLoginAt = ? WHERE id = ?", (now, user_id))

    def user_groups(self, user_id: int) -> list[int]:
        rows = self._db.execute("SELECT groupId FROM user_groups WHERE userId = ? ORDER BY groupId", (user_id,))
        return [row["groupId"] for row in rows]

    def group_permissions(self, group_ids: list[int]) -> tuple[frozenset[str], list[dict[str, Any]]]:
        """The union of the groups' permissions, and their page rules in group order."""
        permissions, rules = self._db.memo(("groups", *group_ids), lambda: self._group_permissions(group_ids))
        return permissions, list(rules)

    def _group_permissions(self, group_ids: list[int]) -> tuple[frozenset[str], list[dict[str, Any]]]:
        permissions: set[str] = set()
        rules: list[dict[str, Any]] = []
        for group_id in group_ids:
            row = self._db.execute("SELECT permissions, pageRules FROM groups WHERE id = ?", (group_id,)).fetchone()
            if row is not None:
                permissions.update(json.loads(row["permissions"]))
                rules.extend(json.loads(row["pageRules"]))
        return frozenset(permissions), rules

    def api_keys(self) -> list[ApiKey]:
        rows = self._db.execute("SELECT * FROM api_keys ORDER BY isRevoked, name, id")
        return [_key(row) for row in rows]

    def api_key(self, key_id: int) -> ApiKey | None:
        row = self._db.execute("SELECT * FROM api_keys WHERE id = ?", (key_id,)).fetchone()
        return _key(row) if row else None

    def api_key_by_value(self, value: str) -> ApiKey | None:
        """A key given as-is (``--admin-api-key``) with this value. Every such key is compared in
        constant time (``WHERE key = ?`` would stop at the first differing byte, so the answer
        time would tell an attacker how much of a guess is right). Keys made by ``createApiKey``
        are signed tokens, checked by their signature instead, as the real server does."""
        given = value.encode()
        found: ApiKey | None = None
        for key in self._db.memo("keys given as is", self._keys_given_as_is):
            if hmac.compare_digest(key.key.encode(), given) and found is None:
                found = key
        return found

    def _keys_given_as_is(self) -> tuple[ApiKey, ...]:
        return tuple(_key(row) for row in self._db.execute("SELECT * FROM api_keys WHERE givenAsIs = 1"))

    def add_api_key(self, name: str, expiration: str, group_id: int | None, now: str) -> int:
        """A placeholder row (revoked, no key) whose id the key's token then carries."""
        with transaction(self._db):
            cursor = self._db.execute(
                "INSERT INTO api_keys (name, key, expiration, isRevoked, groupId, createdAt, updatedAt)"
                " VALUES (?, 'pending', ?, 1, ?, ?, ?)",
                (name, expiration, group_id, now, now),
            )
        return cursor.lastrowid or 0

    def activate_api_key(self, key_id: int, key: str) -> None:
        with transaction(self._db):
            self._db.execute("UPDATE api_keys SET key = ?, isRevoked = 0 WHERE id = ?", (key, key_id))

    def register_key(self, value: str, name: str, group_id: int, expiration: str, now: str) -> None:
        """A key given as-is (``--admin-api-key``): kept once, and API access switched on."""
        with transaction(self._db):
            if self._db.execute("SELECT 1 FROM api_keys WHERE key = ?", (value,)).fetchone() is None:
                self._db.execute(
                    "INSERT INTO api_keys (name, key, expiration, isRevoked, groupId, createdAt, updatedAt)"
                    " VALUES (?, ?, ?, 0, ?, ?, ?)",
                    (name, value, expiration, group_id, now, now),
                )
            # flagged here, not at insert: a data directory from before migration 8 gets it too
            self._db.execute("UPDATE api_keys SET givenAsIs = 1 WHERE key = ?", (value,))
            self._db.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", (API_ENABLED, json.dumps(True)))

    def revoke_api_key(self, key_id: int, now: str) -> None:
        with transaction(self._db):
            self._db.execute("UPDATE api_keys SET isRevoked = 1, updatedAt = ? WHERE id = ?", (now, key_id))


def _key(row: sqlite3.Row) -> ApiKey:
    values = dict(row)
    values["isRevoked"] = bool(values["isRevoked"])
    values["givenAsIs"] = bool(values["givenAsIs"])
    return ApiKey(**values)
