"""Who is calling: the token (``Authorization: Bearer``, else the ``jwt`` cookie) turned into a
:class:`Caller`, and the tokens the mock issues.

Login tokens and API keys are JWTs signed with HS256 and the store's own secret (the real
server uses RS256 with an instance key pair; clients treat the token as opaque either way).
A key registered with ``--admin-api-key`` is any text: it is recognised by exact value. A
missing, malformed or foreign token is the guest; an expired API key is "no caller"; a login
token that expired less than 14 days ago is renewed, as on the real server (facts § 3.1): the
request runs as its user and the new token goes back to the client (see :mod:`.renewal`). A revoked
key, or any key while the API is off, is refused before execution as its rule says.
"""

from __future__ import annotations

import math
import time
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt

from mock_server.http.errors import HttpError
from mock_server.wikijs.accounts import API_ENABLED, AccountStore, ApiKey
from mock_server.wikijs.samples import ADMIN_USER_ID, GUEST_USER_ID
from specs import RuleSet
from specs.model import TokenRejection

ALGORITHM = "HS256"
ISSUER = "urn:wiki.js"
AUDIENCE = "urn:wiki.js"
LOGIN_LIFETIME = timedelta(minutes=30)
RENEWAL_WINDOW = timedelta(days=14)
"""``tokenExpiration`` and ``tokenRenewal`` of a new 2.5 wiki (facts § 3.1)."""
REQUIRED: jwt.types.Options = {"require": ["exp"]}
REVOKED_RULE = "wikijs.auth.revoked_key"
DISABLED_RULE = "wikijs.auth.api_disabled"
KEPT_TOKENS = 256
"""Tokens whose caller is kept between requests; past it the map starts again, so memory stays
bounded whatever tokens arrive."""


@dataclass(frozen=True)
class Caller:
    """The user a request acts as, with its groups' current permissions and page rules."""

    user_id: int
    permissions: frozenset[str]
    groups: tuple[int, ...]
    page_rules: tuple[Mapping[str, Any], ...]
    api_key_id: int | None = None
    renewed_token: str | None = field(default=None, repr=False)
    """A fresh login token for a request that came with an expired one (sent back by the app)."""


NO_CALLER = None
"""An expired API key: ``@auth`` fields answer "Unauthorized" (the guest fallback does not apply)."""


@dataclass(frozen=True, slots=True)
class _Verdict:
    version: int
    """The database's version the caller was read at."""
    until: float
    """POSIX seconds: the token (or its key) expires then."""
    caller: Caller


def caller_key(caller: Caller | None) -> Hashable:
    """What of a caller a query's answer can depend on besides the database: who it is (a
    token's caller changes with the clock: expired, renewed, guest) and its groups; the groups'
    permissions and page rules are data, covered by the database's version."""
    return None if caller is None else (caller.user_id, caller.api_key_id, caller.groups)


def parse_iso(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _expiry(key: ApiKey) -> float:
    return parse_iso(key.expiration).timestamp()


class Authenticator:
    def __init__(self, accounts: AccountStore, rules: RuleSet) -> None:
        self._accounts = accounts
        self._revoked = rules[REVOKED_RULE].data_as(TokenRejection)
        self._disabled = rules[DISABLED_RULE].data_as(TokenRejection)
        self._verdicts: dict[str | None, _Verdict] = {}

    def caller(self, token: str | None) -> Caller | None:
        """The caller of a request; raises :class:`HttpError` for a refused API key.

        A token's caller is reused while the database's version stays the same and until the token
        (or its key) expires: revoking a key, switching the API off, editing a group or a user are
        writes, so the next request is checked anew, and the clock is read on every request. Kept
        by the exact token: a dict compares hashes, salted per process, before any character, so a
        lookup tells nothing about a key's value. Tokens that name no caller are never kept.
        """
        version = self._accounts.version
        kept = self._verdicts.get(token)
        if kept is not None and kept.version == version and time.time() < kept.until:
            return kept.caller
        caller, until = self._identify(token)
        if caller is not None and until > 0:
            if len(self._verdicts) >= KEPT_TOKENS:
                self._verdicts.clear()
            self._verdicts[token] = _Verdict(version, until, caller)
        return caller

    def _identify(self, token: str | None) -> tuple[Caller | None, float]:
        """The caller, and until when (POSIX seconds) it holds at this database version (0: it
        cannot be reused, e.g. a renewed token goes back only once)."""
        if token is None:
            return self.user_caller(GUEST_USER_ID), math.inf
        registered = self._accounts.api_key_by_value(token)
        if registered is not None:
            return self._key_caller(registered), _expiry(registered)
        secret = self._accounts.jwt_secret()
        try:
            claims = jwt.decode(token, secret, [ALGORITHM], audience=AUDIENCE, issuer=ISSUER, options=REQUIRED)
        except jwt.ExpiredSignatureError:
            expired = jwt.decode(token, secret, [ALGORITHM], options={"verify_exp": False, "verify_aud": False})
            return self._expired(expired), 0
        except jwt.InvalidTokenError:
            return self.user_caller(GUEST_USER_ID), 0
        if "api" in claims:
            key = self._accounts.api_key(int(claims["api"]))
            if key is None:
                raise self._refuse(self._revoked)
            return self._key_caller(key), min(float(claims["exp"]), _expiry(key))
        return self.user_caller(int(claims.get("id", GUEST_USER_ID))), float(claims["exp"])

    def _expired(self, claims: Mapping[str, Any]) -> Caller | None:
        """Within the renewal window a user token is renewed (the user re-read; gone or
        deactivated: no caller); an API key never is (no caller); beyond the window: the guest."""
        if datetime.now(UTC) - datetime.fromtimestamp(int(claims["exp"]), UTC) > RENEWAL_WINDOW:
            return self.user_caller(GUEST_USER_ID)
        if "api" in claims:
            return NO_CALLER
        user_id = claims.get("id")
        user = self._accounts.user(user_id) if isinstance(user_id, int) else None
        if user is None or not user["isActive"]:
            return NO_CALLER
        return replace(self.user_caller(user["id"]), renewed_token=self.login_token(user["id"]))

    def user_caller(self, user_id: int) -> Caller:
        """The caller acting as ``user_id`` (the guest for a user gone or deactivated), read once
        per database version."""
        return self._accounts.remember(("caller", user_id), lambda: self._read_user_caller(user_id))

    def _read_user_caller(self, user_id: int) -> Caller:
        user = self._accounts.user(user_id)
        if user is None or not user["isActive"]:
            user_id = GUEST_USER_ID
        groups = self._accounts.user_groups(user_id)
        permissions, rules = self._accounts.group_permissions(groups)
        return Caller(user_id, permissions, tuple(groups), tuple(rules))

    def _key_caller(self, key: ApiKey) -> Caller | None:
        if parse_iso(key.expiration) <= datetime.now(UTC):
            return NO_CALLER
        if not self._accounts.setting(API_ENABLED):
            raise self._refuse(self._disabled)
        if key.isRevoked:
            raise self._refuse(self._revoked)
        groups = [key.groupId] if key.groupId is not None else []
        permissions, rules = self._accounts.group_permissions(groups)
        return Caller(ADMIN_USER_ID, permissions, tuple(groups), tuple(rules), key.id)

    @staticmethod
    def _refuse(rejection: TokenRejection) -> HttpError:
        return HttpError(rejection.status, rejection.message)

    def login_token(self, user_id: int) -> str:
        """A user session token, as the ``jwt`` of ``authentication.login``."""
        caller = self.user_caller(user_id)
        user = self._accounts.user(user_id)
        assert user is not None
        now = datetime.now(UTC)
        claims = {
            "id": user_id,
            "email": user["email"],
            "name": user["name"],
            "permissions": sorted(caller.permissions),
            "groups": list(caller.groups),
            "iat": now,
            "exp": now + LOGIN_LIFETIME,
            "aud": AUDIENCE,
            "iss": ISSUER,
        }
        return jwt.encode(claims, self._accounts.jwt_secret(), ALGORITHM)

    def api_key_token(self, key_id: int, group_id: int | None, expires: datetime) -> str:
        claims = {
            "api": key_id,
            "grp": group_id,
            "iat": datetime.now(UTC),
            "exp": expires,
            "aud": AUDIENCE,
            "iss": ISSUER,
        }
        return jwt.encode(claims, self._accounts.jwt_secret(), ALGORITHM)
