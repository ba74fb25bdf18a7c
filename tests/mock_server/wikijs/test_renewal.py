"""Tokens from the ``jwt`` cookie, and renewal of recently expired login tokens (``new-jwt``)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt

from mock_server.wikijs.auth import ALGORITHM, AUDIENCE, ISSUER, RENEWAL_WINDOW
from mock_server.wikijs.database import DB_FILE
from tests.mock_server.support import MockClient, Request

Mock = Callable[..., MockClient]
PROFILE = {"query": "{ users { profile { id email } } }"}
KEYS = {"query": "{ authentication { apiKeys { id } } }"}


def token(data_dir: Path, expired_for: timedelta, **claims: Any) -> str:
    with sqlite3.connect(data_dir / DB_FILE) as db:
        secret = db.execute("SELECT value FROM settings WHERE key = 'auth.jwtSecret'").fetchone()[0].strip('"')
    exp = datetime.now(UTC) - expired_for
    body = {"iat": exp - timedelta(minutes=30), "exp": exp, "aud": AUDIENCE, "iss": ISSUER, **claims}
    return jwt.encode(body, secret, ALGORITHM)


def test_a_token_in_the_jwt_cookie_is_used_without_authorization(mock: Mock, tmp_path: Path) -> None:
    client = mock("wikijs", data_dir=tmp_path)
    valid = token(tmp_path, -timedelta(minutes=5), id=1)
    reply = client.send(Request.post_json(PROFILE, ("Cookie", f"jwt={valid}")))
    assert reply.json()["data"]["users"]["profile"]["id"] == 1
    assert "new-jwt" not in reply.headers


def test_a_recently_expired_login_token_is_renewed(mock: Mock, tmp_path: Path) -> None:
    client = mock("wikijs", data_dir=tmp_path)
    old = token(tmp_path, timedelta(hours=1), id=1)
    reply = client.send(Request.post_json(PROFILE, ("Authorization", f"Bearer {old}")))
    assert reply.json()["data"]["users"]["profile"]["id"] == 1
    assert reply.headers["Cache-Control"] == "no-store"
    renewed = reply.headers["new-jwt"]
    again = client.send(Request.post_json(PROFILE, ("Authorization", f"Bearer {renewed}")))
    assert again.json()["data"]["users"]["profile"]["id"] == 1 and "new-jwt" not in again.headers
    other_type = Request.post_raw(b'{"query": "{ users { profile { id } } }"}', "application/json; charset=utf-8")
    as_cookie = client.send(
        Request(method="POST", headers=(*other_type.headers, ("Cookie", f"jwt={old}")), body=other_type.body)
    )
    assert "new-jwt" not in as_cookie.headers and "jwt=" in as_cookie.headers["Set-Cookie"]


def test_renewal_fails_for_unknown_users_and_api_keys_and_ends_with_the_window(mock: Mock, tmp_path: Path) -> None:
    client = mock("wikijs", data_dir=tmp_path)
    for claims in ({"id": 999}, {"api": 1, "grp": 1}):
        stale = token(tmp_path, timedelta(hours=1), **claims)
        reply = client.send(Request.post_json(KEYS, ("Authorization", f"Bearer {stale}")))
        assert reply.json()["errors"][0]["message"] == "Unauthorized" and "new-jwt" not in reply.headers
    ancient = token(tmp_path, RENEWAL_WINDOW + timedelta(hours=1), id=1)
    reply = client.send(Request.post_json(KEYS, ("Authorization", f"Bearer {ancient}")))
    assert reply.json()["errors"][0]["message"] == "Forbidden"  # the guest
