"""The ``authentication`` namespace: local login and API keys (the rest: :mod:`.sign_in`).

``createApiKey`` follows the real server's steps: a placeholder row first, whose id the key's
token then carries, so a key is always traceable to its row and revocable.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from graphql import GraphQLResolveInfo, GraphQLSchema

from mock_server.http.resolvers import bind
from mock_server.wikijs.accounts import API_ENABLED, AccountStore, ApiKey, password_matches
from mock_server.wikijs.auth import Authenticator
from mock_server.wikijs.errors import ErrorTable, ResponseStatuses
from mock_server.wikijs.login_flow import LoginFlow
from mock_server.wikijs.samples import ADMIN_GROUP_ID
from mock_server.wikijs.strategies import Strategies

LOCAL_STRATEGY = "local"
LOGIN_FAILED = "wikijs.errors.1002"
PROVIDER_INVALID = "wikijs.errors.1003"
ACCOUNT_BANNED = "wikijs.errors.1013"
NOT_VERIFIED = "wikijs.errors.1014"
KEY_SHORT_LENGTH = 20
DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w|y)?\s*$")
UNIT_SECONDS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "y": 31557600}
BAD_EXPIRATION = '"expiresIn" should be a number of seconds or string representing a timespan eg: "1d", "20h", 60'
"""The JWT library's own text, which the real server passes on (seen by the differential campaign)."""
EXPIRATION_SLUG = "Error"
EXPIRATION_CODE = 1
"""A bad expiration makes the real server's JWT library throw: a plain error, errorCode 1."""

Clock = Callable[[], str]


def parse_duration(text: str) -> timedelta | None:
    """The ``ms``-library durations the admin UI sends (``30d``, ``1y``; a bare number is ms)."""
    match = DURATION.match(text)
    if match is None:
        return None
    amount, unit = float(match.group(1)), match.group(2) or "ms"
    return timedelta(seconds=amount * UNIT_SECONDS[unit])


def key_view(key: ApiKey) -> dict[str, Any]:
    return {**vars(key), "keyShort": "..." + key.key[-KEY_SHORT_LENGTH:]}


def bind_authentication(
    schema: GraphQLSchema,
    accounts: AccountStore,
    authenticator: Authenticator,
    statuses: ResponseStatuses,
    errors: ErrorTable,
    clock: Clock,
    flow: LoginFlow,
    strategies: Strategies,
) -> None:
    def failure(rule_id: str) -> dict[str, Any]:
        return {"responseResult": statuses.failure(errors.error(rule_id))}

    def login(_: object, __: GraphQLResolveInfo[Any], *, username: str, password: str, strategy: str) -> Any:
        local = strategies.instance(LOCAL_STRATEGY)
        if strategy != LOCAL_STRATEGY or local is None or not local["isEnabled"]:
            return failure(PROVIDER_INVALID)
        user = accounts.local_user(username)
        if user is None or not password_matches(password, user["passwordHash"]):
            return failure(LOGIN_FAILED)
        if not user["isActive"]:  # only after the password, as on the real server (facts § 4.5)
            return failure(ACCOUNT_BANNED)
        if not user["isVerified"]:
            return failure(NOT_VERIFIED)
        accounts.touch_login(user["id"], clock())
        steps = {"mustChangePwd": False, "mustProvideTFA": False, "mustSetupTFA": False}
        return {"responseResult": statuses.success("authentication.login"), **steps, **flow.after_password(user)}

    def create_key(_: object, __: GraphQLResolveInfo[Any], **args: Any) -> Any:
        lifetime = parse_duration(args["expiration"])
        try:
            expires = datetime.now(UTC) + lifetime if lifetime is not None else None
        except OverflowError:
            expires = None
        if expires is None:
            error = {"succeeded": False, "errorCode": EXPIRATION_CODE, "slug": EXPIRATION_SLUG}
            return {"responseResult": {**error, "message": BAD_EXPIRATION}}
        group = ADMIN_GROUP_ID if args["fullAccess"] else args.get("group")
        iso = expires.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        key_id = accounts.add_api_key(args["name"], iso, group, clock())
        token = authenticator.api_key_token(key_id, group, expires)
        accounts.activate_api_key(key_id, token)
        return {"responseResult": statuses.success("authentication.createApiKey"), "key": token}

    def revoke_key(_: object, __: GraphQLResolveInfo[Any], *, id: int) -> Any:
        accounts.revoke_api_key(id, clock())
        return {"responseResult": statuses.success("authentication.revokeApiKey")}

    def set_state(_: object, __: GraphQLResolveInfo[Any], *, enabled: bool) -> Any:
        accounts.set_setting(API_ENABLED, enabled)
        return {"responseResult": statuses.success("authentication.setApiState")}

    bind(schema, "AuthenticationMutation", "login", login)
    bind(schema, "AuthenticationMutation", "createApiKey", create_key)
    bind(schema, "AuthenticationMutation", "revokeApiKey", revoke_key)
    bind(schema, "AuthenticationMutation", "setApiState", set_state)
    bind(schema, "AuthenticationQuery", "apiKeys", lambda *_: [key_view(k) for k in accounts.api_keys()])
    bind(schema, "AuthenticationQuery", "apiState", lambda *_: bool(accounts.setting(API_ENABLED)))
