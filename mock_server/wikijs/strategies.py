"""Authentication strategies and self-registration (facts § 4.5).

``strategies`` lists every module a real 2.5.314 bundles (:mod:`.catalogue`), but the mock
implements one, ``local`` (email and password): it is the only one an instance can use. Instances (``activeStrategies``)
persist with their registration settings; ``register`` applies them in the real server's
order: 1010 disabled, 1012 invalid input, 1011 domain not whitelisted, 1004 account exists.
Instances live in the ``auth_strategies`` table (migration step 7).
"""

from __future__ import annotations

import json
import re
import sqlite3
from typing import Any

from mock_server.wikijs.accounts import hash_password
from mock_server.wikijs.catalogue import strategy_modules
from mock_server.wikijs.database import Database, transaction
from mock_server.wikijs.errors import ErrorTable, WikiError

LOCAL = "local"
LOCAL_MODULE = next(module for module in strategy_modules() if module["key"] == LOCAL)
"""The ``local`` module's definition, the one strategy module the mock runs."""
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DISABLED, DOMAIN, EXISTS = "wikijs.errors.1010", "wikijs.errors.1011", "wikijs.errors.1004"
INPUT_INVALID, PROVIDER_INVALID = "wikijs.errors.1012", "wikijs.errors.1003"
IN_USE = "Cannot delete {} as 1 or more users are still using it."
UNKNOWN_MODULE = "The mock implements the local authentication module only, not {}."


def instance_view(row: sqlite3.Row) -> dict[str, Any]:
    config = json.loads(row["config"])
    return {
        "key": row["key"],
        "strategy": LOCAL_MODULE,
        "displayName": row["displayName"],
        "order": row["order"],
        "isEnabled": bool(row["isEnabled"]),
        "selfRegistration": bool(row["selfRegistration"]),
        "domainWhitelist": json.loads(row["domainWhitelist"]),
        "autoEnrollGroups": json.loads(row["autoEnrollGroups"]),
        "config": [{"key": key, "value": json.dumps({"value": config[key]})} for key in sorted(config)],
    }


class Strategies:
    def __init__(self, db: Database, errors: ErrorTable) -> None:
        self._db, self._errors = db, errors

    def active(self, enabled_only: bool) -> list[dict[str, Any]]:
        sql = "SELECT * FROM auth_strategies" + (" WHERE isEnabled = 1" if enabled_only else "") + ' ORDER BY "order"'
        return [instance_view(row) for row in self._db.execute(sql)]

    def instance(self, key: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self._db.execute("SELECT * FROM auth_strategies WHERE key = ?", (key,)).fetchone()
        return row

    def update(self, strategies: list[dict[str, Any]]) -> None:
        """Replace every instance; one still used by accounts cannot go (plain error, as on the real server).
        A key given twice keeps its last settings."""
        strategies = list({strategy["key"]: strategy for strategy in strategies}.values())
        for strategy in strategies:
            if strategy["strategyKey"] != LOCAL:
                raise WikiError.plain(UNKNOWN_MODULE.format(strategy["strategyKey"]))
        kept = {strategy["key"] for strategy in strategies}
        for row in self._db.execute("SELECT key, displayName FROM auth_strategies").fetchall():
            used = self._db.execute("SELECT 1 FROM users WHERE providerKey = ?", (row["key"],)).fetchone()
            if row["key"] not in kept and used:
                raise WikiError.plain(IN_USE.format(row["displayName"]))
        with transaction(self._db):
            self._db.execute("DELETE FROM auth_strategies")
            for s in strategies:
                config = {pair["key"]: _decoded(pair["value"]) for pair in s.get("config") or () if pair is not None}
                self._db.execute(
                    "INSERT INTO auth_strategies VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (s["key"], s["strategyKey"], s["displayName"], s["order"], s["isEnabled"], s["selfRegistration"],
                     json.dumps([d for d in s["domainWhitelist"] if d]),
                     json.dumps([g for g in s["autoEnrollGroups"] if g is not None]), json.dumps(config)),
                )  # fmt: skip

    def register(self, email: str, password: str, name: str, now: str) -> None:
        local = self.instance(LOCAL)
        if local is None or not local["isEnabled"]:
            raise self._errors.error(PROVIDER_INVALID)
        if not local["selfRegistration"]:
            raise self._errors.error(DISABLED)
        email, limits = email.strip().lower(), self._errors.limits(INPUT_INVALID)
        if not EMAIL.match(email) or len(email) > limits["email.max_length"]:
            raise self._errors.error(INPUT_INVALID)
        if len(password) < limits["password.min_length"]:
            raise self._errors.error(INPUT_INVALID)
        if not limits["name.min_length"] <= len(name.strip()) <= limits["name.max_length"]:
            raise self._errors.error(INPUT_INVALID)
        whitelist = json.loads(local["domainWhitelist"])
        if whitelist and email.rpartition("@")[2] not in whitelist:
            raise self._errors.error(DOMAIN)
        if self._db.execute("SELECT 1 FROM users WHERE email = ? AND providerKey = ?", (email, LOCAL)).fetchone():
            raise self._errors.error(EXISTS)
        with transaction(self._db):
            cursor = self._db.execute(
                "INSERT INTO users (email, name, providerKey, passwordHash, isSystem, isActive, isVerified,"
                " mustChangePwd, tfaIsActive, location, jobTitle, timezone, dateFormat, appearance, createdAt,"
                " updatedAt) VALUES (?, ?, ?, ?, 0, 1, 0, 0, 0, '', '', 'America/New_York', '', '', ?, ?)",
                (email, name.strip(), LOCAL, hash_password(password), now, now),
            )
            groups = json.loads(local["autoEnrollGroups"])
            self._db.executemany(
                "INSERT OR IGNORE INTO user_groups SELECT ?, id FROM groups WHERE id = ?",
                [(cursor.lastrowid, group) for group in groups],
            )


def _decoded(value: str) -> Any:
    """A config value as the admin UI sends it, ``{"v": ...}``; anything else is kept as text."""
    try:
        decoded = json.loads(value)
    except ValueError:
        return value
    return decoded.get("v") if isinstance(decoded, dict) else value
