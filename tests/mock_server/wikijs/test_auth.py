"""Wiki.js login, API keys, guest fallback, @auth refusals and page-rule precedence."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from mock_server.wikijs.access import page_access
from mock_server.wikijs.auth import Caller
from mock_server.wikijs.samples import DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD, AdminLogin
from specs import default_rules
from specs.model import PermissionModel, TokenRejection
from tests.mock_server.support import MockClient, Request

Mock = Callable[..., MockClient]
LOGIN = (
    "mutation($u: String!, $p: String!, $s: String!) { authentication { login(username: $u, password: $p,"
    " strategy: $s) { responseResult { succeeded errorCode slug } jwt } } }"
)
CREATE_KEY = (
    'mutation($e: String!) { authentication { createApiKey(name: "k", expiration: $e, fullAccess: true)'
    " { responseResult { succeeded errorCode } key } } }"
)
STATE = "mutation($on: Boolean!) { authentication { setApiState(enabled: $on) { responseResult { succeeded } } } }"
KEYS = "{ authentication { apiState apiKeys { id name keyShort isRevoked } } }"
MODEL = default_rules()["wikijs.permissions.model"].data_as(PermissionModel)


def with_token(client: MockClient, token: str, document: str, variables: dict[str, Any] | None = None) -> Any:
    payload = {"query": document, "variables": variables}
    return client.send(Request.post_json(payload, ("Authorization", f"Bearer {token}")))


def login(client: MockClient, password: str = DEFAULT_ADMIN_PASSWORD, strategy: str = "local") -> Any:
    variables = {"u": DEFAULT_ADMIN_EMAIL, "p": password, "s": strategy}
    return client.query(LOGIN, variables, as_guest=True)["data"]["authentication"]["login"]


def rejection(rule_id: str, implementation: str) -> TokenRejection:
    return default_rules().as_implemented_by(implementation)[rule_id].data_as(TokenRejection)


@pytest.mark.parametrize("implementation", ["docs", "2.5.314"])
def test_login_then_api_keys_follow_the_api_switch(mock: Mock, implementation: str) -> None:
    client = mock("wikijs", emulate=implementation, admin=AdminLogin())
    assert login(client, "wrong")["responseResult"]["errorCode"] == 1002
    assert login(client, strategy="ldap")["responseResult"]["errorCode"] == 1003
    jwt = login(client)["jwt"]
    state = with_token(client, jwt, KEYS).json()["data"]["authentication"]
    assert state == {"apiState": False, "apiKeys": []}
    key = with_token(client, jwt, CREATE_KEY, {"e": "30d"}).json()["data"]["authentication"]["createApiKey"]["key"]
    disabled = with_token(client, key, "{ __typename }")
    expected = rejection("wikijs.auth.api_disabled", implementation)
    assert (disabled.status, disabled.json()["errors"][0]["message"]) == (expected.status, expected.message)
    with_token(client, jwt, STATE, {"on": True})
    listed = with_token(client, key, KEYS).json()["data"]["authentication"]
    assert listed["apiState"] is True and listed["apiKeys"][0]["keyShort"] == "..." + key[-20:]
    with_token(client, jwt, "mutation { authentication { revokeApiKey(id: 1) { responseResult { succeeded } } } }")
    revoked = with_token(client, key, "{ __typename }")
    assert revoked.status == rejection("wikijs.auth.revoked_key", implementation).status


def test_expired_key_is_no_caller_and_garbage_is_the_guest(mock: Mock) -> None:
    client = mock("wikijs")
    key = client.query(CREATE_KEY, {"e": "1ms"})["data"]["authentication"]["createApiKey"]["key"]
    time.sleep(1.1)
    expired = with_token(client, key, "{ pages { list { id } } }").json()
    assert expired["errors"][0]["message"] == "Unauthorized"
    guest = with_token(client, "not.a.jwt", "{ pages { list { id } } authentication { apiState } }").json()
    assert len(guest["data"]["pages"]["list"]) == 3 and guest["errors"][0]["message"] == "Forbidden"
    bad = client.query(CREATE_KEY, {"e": "soon"})["data"]["authentication"]["createApiKey"]
    assert bad == {"responseResult": {"succeeded": False, "errorCode": 1}, "key": None}


@pytest.mark.parametrize(("implementation", "expected"), [("docs", 6008), ("2.5.314", None)])
def test_guest_create_is_refused_as_the_rule_says(mock: Mock, implementation: str, expected: int | None) -> None:
    client = mock("wikijs", emulate=implementation)
    create = (
        'mutation { pages { create(content: "x", description: "", editor: "markdown", isPublished: true,'
        ' isPrivate: false, locale: "en", path: "g", tags: [], title: "g") { responseResult { errorCode } } } }'
    )
    answer = client.query(create, as_guest=True)
    if expected is None:
        assert answer["errors"][0]["message"] == "Forbidden"
    else:
        assert answer["data"]["pages"]["create"]["responseResult"]["errorCode"] == expected


def rule(match: str, path: str, deny: bool = False, roles: tuple[str, ...] = ("read:pages",)) -> dict[str, Any]:
    return {"id": path, "match": match, "path": path, "deny": deny, "roles": list(roles), "locales": []}


def caller(*rules: dict[str, Any], permissions: tuple[str, ...] = ("read:pages",)) -> Caller:
    return Caller(5, frozenset(permissions), (3,), tuple(rules))


def test_page_rule_precedence() -> None:
    def allowed(who: Caller, path: str = "docs/a/b", tags: tuple[str, ...] = ()) -> bool:
        return page_access(who, MODEL, ["read:pages"], "en", path, tags)

    assert allowed(caller(permissions=("manage:system",)))
    assert allowed(caller(rule("START", ""))) and not allowed(caller())
    assert not allowed(caller(rule("START", ""), rule("START", "docs", deny=True)))  # longer path wins
    assert allowed(caller(rule("START", "docs", deny=True), rule("START", "docs/a")))
    assert allowed(caller(rule("START", "docs/a/b", deny=True), rule("EXACT", "docs/a/b")))  # EXACT > START
    assert not allowed(caller(rule("EXACT", "docs/a/b", deny=True), rule("END", "docs/a/b")))
    assert not allowed(caller(rule("START", "docs"), rule("START", "docs", deny=True)))  # deny wins a tie
    assert not allowed(caller(rule("START", "docs", deny=True), rule("START", "docs")))
    assert allowed(caller(rule("REGEX", "^docs/[a-z]/b$")))
    assert allowed(caller(rule("TAG", "x")), tags=("x",)) and not allowed(caller(rule("TAG", "x")))
    assert not allowed(caller(rule("START", "", roles=("write:pages",))))
    assert not allowed(caller(rule("START", ""), permissions=("write:pages",)))  # no global read scope
