"""Probes of the login-flow error-code faults (see ``test_faults``).

Each sets up what the code needs (an account with TFA, a deactivated or unverified account,
self-registration settings, a page owner) through the API, then returns the request whose
answer carries the code: a fault of the code's table entry shows in its slug and message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mock_server.wikijs.rate_limit import RULE as RATE_LIMIT
from mock_server.wikijs.rate_limit import field_limits
from mock_server.wikijs.schema import wikijs_schema
from specs import default_rules
from specs.model import FieldRateLimit
from tests.mock_server.support import MockClient, Request

Probe = Callable[[MockClient], Request]
STATUS = "responseResult { succeeded errorCode slug message }"
PASSWORD = "probe-password"
ADMIN_GROUP = 1
CREATE_USER = (
    f'mutation($e: String!, $g: [Int]!) {{ users {{ create(email: $e, name: "Probe", passwordRaw: "{PASSWORD}",'
    f' providerKey: "local", groups: $g) {{ {STATUS} }} }} }}'
)
USER_ACTION = "mutation($id: Int!) { users { %s(id: $id) { responseResult { succeeded } } } }"
LOGIN = (
    'mutation($u: String!, $p: String!) { authentication { login(username: $u, password: $p, strategy: "local")'
    f" {{ {STATUS} jwt continuationToken }} }} }}"
)
LOGIN_TFA = (
    "mutation($t: String!, $c: String!, $s: Boolean) { authentication { loginTFA(continuationToken: $t,"
    f" securityCode: $c, setup: $s) {{ {STATUS} }} }} }}"
)
REGISTER = (
    f'mutation($e: String!) {{ authentication {{ register(email: $e, password: "{PASSWORD}", name: "Probe")'
    f" {{ {STATUS} }} }} }}"
)
FORGOT = f'mutation {{ authentication {{ forgotPassword(email: "nobody@probe.invalid") {{ {STATUS} }} }} }}'
UPDATE_STRATEGIES = (
    "mutation($s: [AuthenticationStrategyInput]!) { authentication { updateStrategies(strategies: $s)"
    " { responseResult { succeeded } } } }"
)
CREATE_PAGE = (
    'mutation($p: String!) { pages { create(content: "x", description: "", editor: "markdown", isPublished: true,'
    ' isPrivate: false, locale: "en", path: $p, tags: [], title: "t") { responseResult { succeeded } } } }'
)


def _guest(document: str, variables: dict[str, Any]) -> Request:
    return Request.post_json({"query": document, "variables": variables})


def _as(token: str, document: str, variables: dict[str, Any]) -> Request:
    return Request.post_json({"query": document, "variables": variables}, ("Authorization", f"Bearer {token}"))


def _user(client: MockClient, email: str, groups: tuple[int, ...] = ()) -> int:
    client.query(CREATE_USER, {"e": email, "g": list(groups)})
    users = client.query("{ users { list { id email } } }")["data"]["users"]["list"]
    return next(int(u["id"]) for u in users if u["email"] == email)


def _login(client: MockClient, email: str) -> dict[str, Any]:
    answer: dict[str, Any] = client.query(LOGIN, {"u": email, "p": PASSWORD}, as_guest=True)["data"]["authentication"]
    login: dict[str, Any] = answer["login"]
    return login


def _registration(client: MockClient, whitelist: list[str]) -> None:
    local = {"key": "local", "strategyKey": "local", "displayName": "Local", "order": 0, "isEnabled": True,
             "selfRegistration": True, "domainWhitelist": whitelist, "autoEnrollGroups": [], "config": []}  # fmt: skip
    client.query(UPDATE_STRATEGIES, {"s": [local]})


def _wrong_tfa_code(client: MockClient) -> Request:
    client.query(USER_ACTION % "enableTFA", {"id": _user(client, "tfa@probe.invalid")})
    token = _login(client, "tfa@probe.invalid")["continuationToken"]
    return _guest(LOGIN_TFA, {"t": token, "c": "abcdef", "s": True})


def _over_forgot_password_limit(client: MockClient) -> Request:
    """``forgotPassword`` (a field of its own budget) once past its ``@rateLimit``."""
    directive = default_rules()[RATE_LIMIT].data_as(FieldRateLimit).directive
    calls = field_limits(wikijs_schema(), directive)[("AuthenticationMutation", "forgotPassword")].calls
    for _ in range(calls):
        client.send(_guest(FORGOT, {}))
    return _guest(FORGOT, {})


def _outside_whitelist(client: MockClient) -> Request:
    _registration(client, ["allowed.test"])
    return _guest(REGISTER, {"e": "someone@other.test"})


def _deactivated(client: MockClient) -> Request:
    client.query(USER_ACTION % "deactivate", {"id": _user(client, "banned@probe.invalid")})
    return _guest(LOGIN, {"u": "banned@probe.invalid", "p": PASSWORD})


def _unverified(client: MockClient) -> Request:
    _registration(client, [])
    client.send(_guest(REGISTER, {"e": "unverified@probe.invalid"}))
    return _guest(LOGIN, {"u": "unverified@probe.invalid", "p": PASSWORD})


def _owner_without_heir(client: MockClient) -> Request:
    owner = _user(client, "owner@probe.invalid", (ADMIN_GROUP,))
    client.send(_as(_login(client, "owner@probe.invalid")["jwt"], CREATE_PAGE, {"p": "owned"}))
    delete = f"mutation($id: Int!) {{ users {{ delete(id: $id, replaceId: 999999) {{ {STATUS} }} }} }}"
    assert client.token is not None
    return _as(client.token, delete, {"id": owner})


AUTH_PROBES: dict[str, Probe] = {
    "wikijs.errors.1005": _wrong_tfa_code,
    "wikijs.errors.1006": lambda _: _guest(LOGIN_TFA, {"t": "abc", "c": "123", "s": False}),
    "wikijs.errors.1008": _over_forgot_password_limit,
    "wikijs.errors.1010": lambda _: _guest(REGISTER, {"e": "someone@probe.invalid"}),
    "wikijs.errors.1011": _outside_whitelist,
    "wikijs.errors.1013": _deactivated,
    "wikijs.errors.1014": _unverified,
    "wikijs.errors.1015": lambda _: _guest(
        f'mutation {{ authentication {{ loginChangePassword(continuationToken: "nope", newPassword: "{PASSWORD}")'
        f" {{ {STATUS} }} }} }}",
        {},
    ),
    "wikijs.errors.1017": _owner_without_heir,
}
