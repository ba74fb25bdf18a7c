"""What follows a correct password (facts § 4.5): two-factor codes, first-login password change.

A login that needs a second step returns a single-use continuation token (kept in
``user_keys`` for 24 hours, as the real server does); ``loginTFA`` and
``loginChangePassword`` trade it for the session token. Codes are RFC 6238 TOTP (SHA-1,
30 s, 6 digits) checked for the current step only, like the real server's ``delta === 0``.
The setup answer's ``tfaQRImage`` is an SVG QR code (drawn by segno) of the ``otpauth://`` URI,
which an authenticator app scans; the URI is also in the SVG's ``<desc>`` for tools that read text.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import secrets
import sqlite3
import struct
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import quote

import segno

from mock_server.wikijs.accounts import hash_password
from mock_server.wikijs.auth import Authenticator, parse_iso
from mock_server.wikijs.database import Database, transaction
from mock_server.wikijs.errors import ErrorTable

KEY_LIFETIME = timedelta(hours=24)
TFA, TFA_SETUP, CHANGE_PASSWORD = "tfa", "tfaSetup", "changePwd"
CODE_LENGTH, STEP_SECONDS = 6, 30
ISSUER = "Wiki.js"
TFA_FAILED, TFA_INVALID = "wikijs.errors.1005", "wikijs.errors.1006"
INPUT_INVALID, BANNED, TOKEN_INVALID = "wikijs.errors.1012", "wikijs.errors.1013", "wikijs.errors.1015"
DEFAULT_REDIRECT = "/"
QR_SCALE = 4
"""Pixels per QR module: a code an authenticator app reads from a screen."""

Clock = Callable[[], str]


def totp(secret: str, at: float) -> str:
    """The RFC 6238 code of a base32 ``secret`` at Unix time ``at``."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(at // STEP_SECONDS)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**CODE_LENGTH).zfill(CODE_LENGTH)


def qr_image(email: str, secret: str) -> str:
    uri = f"otpauth://totp/{quote(ISSUER)}:{quote(email)}?secret={secret}&issuer={quote(ISSUER)}"
    svg = io.BytesIO()
    segno.make(uri, error="m").save(svg, kind="svg", xmldecl=False, scale=QR_SCALE, desc=uri)
    return svg.getvalue().decode("utf-8")


class LoginFlow:
    def __init__(
        self,
        db: Database,
        authenticator: Authenticator,
        errors: ErrorTable,
        clock: Clock,
        now: Callable[[], float] = time.time,
    ) -> None:
        self._db, self._authenticator, self._errors, self._clock, self._now = db, authenticator, errors, clock, now

    def _issue(self, kind: str, user_id: int) -> str:
        token = secrets.token_hex(32)
        until = (parse_iso(self._clock()) + KEY_LIFETIME).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        with transaction(self._db):
            self._db.execute("INSERT INTO user_keys VALUES (?, ?, ?, ?)", (token, kind, user_id, until))
        return token

    def _take(self, kind: str, token: str, *, keep: bool = False) -> sqlite3.Row:
        """The user a valid token names (single use unless ``keep``), else 1015."""
        row = self._db.execute("SELECT * FROM user_keys WHERE token = ? AND kind = ?", (token, kind)).fetchone()
        if row is None or parse_iso(row["validUntil"]) <= parse_iso(self._clock()):
            raise self._errors.error(TOKEN_INVALID)
        if not keep:
            with transaction(self._db):
                self._db.execute("DELETE FROM user_keys WHERE token = ?", (token,))
        user: sqlite3.Row | None = self._db.execute("SELECT * FROM users WHERE id = ?", (row["userId"],)).fetchone()
        if user is None:
            raise self._errors.error(TOKEN_INVALID)
        return user

    def redirect(self, user_id: int) -> str:
        """The first group ``redirectOnLogin`` that is set and not ``/``."""
        rows = self._db.execute(
            "SELECT g.redirectOnLogin FROM groups g JOIN user_groups m ON m.groupId = g.id WHERE m.userId = ?"
            " ORDER BY g.id",
            (user_id,),
        )
        return next((r[0] for r in rows if r[0] and r[0] != DEFAULT_REDIRECT), DEFAULT_REDIRECT)

    def after_password(self, user: sqlite3.Row) -> dict[str, Any]:
        """The fields of a successful ``login``: a session, or the step still to take."""
        user_id, redirect = user["id"], self.redirect(user["id"])
        if user["tfaIsActive"] and user["tfaSecret"]:
            return {"mustProvideTFA": True, "continuationToken": self._issue(TFA, user_id), "redirect": redirect}
        if user["tfaIsActive"]:
            secret = base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")
            with transaction(self._db):
                self._db.execute("UPDATE users SET tfaIsActive = 0, tfaSecret = ? WHERE id = ?", (secret, user_id))
            return {
                "mustSetupTFA": True,
                "continuationToken": self._issue(TFA_SETUP, user_id),
                "tfaQRImage": qr_image(user["email"], secret),
                "redirect": redirect,
            }
        if user["mustChangePwd"]:
            token = self._issue(CHANGE_PASSWORD, user_id)
            return {"mustChangePwd": True, "continuationToken": token, "redirect": redirect}
        return {"jwt": self._authenticator.login_token(user_id), "redirect": redirect}

    def login_tfa(self, token: str, code: str, setup: bool) -> dict[str, Any]:
        if len(code) != CODE_LENGTH or len(token) <= 1:
            raise self._errors.error(TFA_INVALID)
        user = self._take(TFA_SETUP if setup else TFA, token, keep=setup)
        if not user["tfaSecret"] or not hmac.compare_digest(totp(user["tfaSecret"], self._now()), code):
            raise self._errors.error(TFA_FAILED)
        with transaction(self._db):
            if setup:
                self._db.execute("UPDATE users SET tfaIsActive = 1 WHERE id = ?", (user["id"],))
                self._db.execute("DELETE FROM user_keys WHERE token = ?", (token,))
        return {"jwt": self._authenticator.login_token(user["id"]), "redirect": self.redirect(user["id"])}

    def change_password(self, token: str, password: str) -> dict[str, Any]:
        if len(password) < self._errors.limits(INPUT_INVALID)["password.min_length"]:
            raise self._errors.failed(INPUT_INVALID, "newPassword.too_short")
        user = self._take(CHANGE_PASSWORD, token)
        if not user["isActive"]:
            raise self._errors.error(BANNED)
        with transaction(self._db):
            self._db.execute(
                "UPDATE users SET passwordHash = ?, mustChangePwd = 0, updatedAt = ? WHERE id = ?",
                (hash_password(password), self._clock(), user["id"]),
            )
        return {"jwt": self._authenticator.login_token(user["id"]), "redirect": self.redirect(user["id"])}

    def set_tfa(self, user_id: int, active: bool) -> None:
        """``users.enableTFA``/``disableTFA``: the secret is dropped; the next login sets it up."""
        with transaction(self._db):
            self._db.execute("UPDATE users SET tfaIsActive = ?, tfaSecret = NULL WHERE id = ?", (active, user_id))
