"""Probes of the Wiki.js error-code, account, key and page-rule faults (see ``test_faults``).

A probe may set up what its code needs through the API first (a user, a page, a revoked key, a
group whose page rules open only ``open``) and returns the request whose answer the fault changes.
``key_for`` is handed to the content probes, which need keys of such groups too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mock_server.wikijs.rate_limit import RULE as RATE_LIMIT
from mock_server.wikijs.rate_limit import field_limits
from mock_server.wikijs.schema import wikijs_schema
from specs import default_rules
from specs.model import FieldRateLimit, PermissionModel
from tests.mock_server.cases import TYPENAME
from tests.mock_server.support import MockClient, Request

Probe = Callable[[MockClient], Request]
LOGIN_ATTEMPT = (
    'mutation { authentication { login(username: "x@y.z", password: "x", strategy: "local")'
    " { responseResult { errorCode } } } }"
)
CREATE_KEY = 'mutation { authentication { createApiKey(name: "probe", expiration: "1d", fullAccess: true) { key } } }'
CREATE = (
    'mutation($p: String!, $c: String!) { pages { create(content: $c, description: "", editor: "markdown",'
    ' isPublished: true, isPrivate: false, locale: "en", path: $p, tags: [], title: "t")'
    " { responseResult { succeeded errorCode slug message } } } }"
)
LOGIN = (
    "mutation($u: String!, $p: String!, $s: String!) { authentication { login(username: $u, password: $p,"
    " strategy: $s) { responseResult { succeeded errorCode slug message } jwt } } }"
)
STATUS = "responseResult { succeeded errorCode slug message }"
CREATE_USER = (
    'mutation($e: String!) { users { create(email: $e, name: "Probe", passwordRaw: "probe-password",'
    f' providerKey: "local", groups: []) {{ {STATUS} }} }} }}'
)
MOVE = (
    'mutation($id: Int!, $to: String!) { pages { move(id: $id, destinationPath: $to, destinationLocale: "en")'
    f" {{ {STATUS} }} }} }}"
)
RESTORE = f"mutation($id: Int!, $v: Int!) {{ pages {{ restore(pageId: $id, versionId: $v) {{ {STATUS} }} }} }}"
CREATE_PAGE_ID = CREATE.replace("responseResult { succeeded errorCode slug message }", "page { id }")
MODEL = default_rules()["wikijs.permissions.model"].data_as(PermissionModel)


def auth_header(client: MockClient) -> tuple[tuple[str, str], ...]:
    """The client's own bearer token as request headers; none for a client without a token."""
    return (("Authorization", f"Bearer {client.token}"),) if client.token else ()


def _create(path: str, content: str = "text", *, as_guest: bool = False) -> Probe:
    def probe(client: MockClient) -> Request:
        headers = () if as_guest else auth_header(client)
        return Request.post_json({"query": CREATE, "variables": {"p": path, "c": content}}, *headers)

    return probe


def _revoked_key(client: MockClient) -> Request:
    """A key made and revoked through the API, then used."""
    created = client.query(CREATE_KEY)["data"]["authentication"]["createApiKey"]["key"]
    key_id = max(
        key["id"] for key in client.query("{ authentication { apiKeys { id } } }")["data"]["authentication"]["apiKeys"]
    )
    client.query(
        "mutation($id: Int!) { authentication { revokeApiKey(id: $id) { responseResult { succeeded } } } }",
        {"id": key_id},
    )
    return Request.post_json({"query": TYPENAME}, ("Authorization", f"Bearer {created}"))


def _over_rate_limit(client: MockClient) -> Request:
    """Spends the login budget of the field, then probes with one more login."""
    directive = default_rules()[RATE_LIMIT].data_as(FieldRateLimit).directive
    calls = field_limits(wikijs_schema(), directive)[("AuthenticationMutation", "login")].calls
    login = Request.post_json({"query": LOGIN_ATTEMPT})
    for _ in range(calls):
        client.send(login)
    return login


def _missing(document: str) -> Probe:
    return lambda client: Request.post_json({"query": document}, *auth_header(client))


def _guest(document: str, variables: dict[str, Any] | None = None) -> Probe:
    payload = {"query": document} if variables is None else {"query": document, "variables": variables}
    return lambda _: Request.post_json(payload)


def _login(user: str, password: str, strategy: str = "local") -> Probe:
    return _guest(LOGIN, {"u": user, "p": password, "s": strategy})


def _admin(document: str, variables: dict[str, Any] | None = None) -> Probe:
    return lambda client: Request.post_json({"query": document, "variables": variables}, *auth_header(client))


def _page(client: MockClient, path: str) -> int:
    variables = {"p": path, "c": "text"}
    page_id: int = client.query(CREATE_PAGE_ID, variables)["data"]["pages"]["create"]["page"]["id"]
    return page_id


def _second_create_user(client: MockClient) -> Request:
    client.query(CREATE_USER, {"e": "twice@probe.invalid"})
    return _admin(CREATE_USER, {"e": "twice@probe.invalid"})(client)


def _wrong_current_password(client: MockClient) -> Request:
    client.query(CREATE_USER, {"e": "pw@probe.invalid"})
    login = client.query(LOGIN, {"u": "pw@probe.invalid", "p": "probe-password", "s": "local"}, as_guest=True)
    change = f'mutation {{ users {{ changePassword(current: "wrong-password", new: "new-password") {{ {STATUS} }} }} }}'
    return Request.post_json(
        {"query": change}, ("Authorization", f"Bearer {login['data']['authentication']['login']['jwt']}")
    )


def _move_collision(client: MockClient) -> Request:
    page_id, _ = _page(client, "moving"), _page(client, "taken")
    return _admin(MOVE, {"id": page_id, "to": "taken"})(client)


def key_for(client: MockClient, permissions: list[str], rules: list[dict[str, Any]]) -> tuple[str, str]:
    group = client.query('mutation { groups { create(name: "probe") { group { id } } } }')["data"]["groups"]
    group_id = group["create"]["group"]["id"]
    update = (
        'mutation($id: Int!, $p: [String]!, $r: [PageRuleInput]!) { groups { update(id: $id, name: "probe",'
        ' redirectOnLogin: "/", permissions: $p, pageRules: $r) { responseResult { succeeded } } } }'
    )
    client.query(update, {"id": group_id, "p": permissions, "r": rules})
    create = (
        'mutation($g: Int) { authentication { createApiKey(name: "probe", expiration: "1d", fullAccess: false,'
        " group: $g) { key } } }"
    )
    return (
        "Authorization",
        f"Bearer {client.query(create, {'g': group_id})['data']['authentication']['createApiKey']['key']}",
    )


def _refused(operation: str) -> Probe:
    """An operation on a page outside the only path the key's page rules open."""
    documents = {
        "create": CREATE,
        "update": f'mutation($id: Int!) {{ pages {{ update(id: $id, content: "x", tags: []) {{ {STATUS} }} }} }}',
        "move": MOVE,
        "delete": f"mutation($id: Int!) {{ pages {{ delete(id: $id) {{ {STATUS} }} }} }}",
        "restore": RESTORE,
        "history": "query($id: Int!) { pages { history(id: $id) { total } } }",
        "single": "query($id: Int!) { pages { single(id: $id) { id } } }",
    }

    def probe(client: MockClient) -> Request:
        roles = list(MODEL.page_rule_roles)
        key = key_for(
            client, roles, [{"id": "o", "deny": False, "match": "START", "roles": roles, "path": "open", "locales": []}]
        )
        page_id = _page(client, "locked")
        variables: dict[str, Any] = {"p": "locked-new", "c": "x"} if operation == "create" else {"id": page_id}
        if operation == "move":
            variables["to"] = "open/x"
        if operation == "restore":
            client.query(
                f'mutation($id: Int!) {{ pages {{ update(id: $id, content: "v2", tags: []) {{ {STATUS} }} }} }}',
                {"id": page_id},
            )
            trail = client.query(
                "query($id: Int!) { pages { history(id: $id) { trail { versionId } } } }", {"id": page_id}
            )
            variables["v"] = trail["data"]["pages"]["history"]["trail"][0]["versionId"]
        return Request.post_json({"query": documents[operation], "variables": variables}, key)

    return probe


def _precedence(client: MockClient) -> Request:
    """EXACT deny and START allow on the same path: only the match priority decides."""
    roles = ["write:pages"]
    rules = [
        {"id": m, "deny": m == "EXACT", "match": m, "roles": roles, "path": "tie/page", "locales": []}
        for m in ("EXACT", "START")
    ]
    key = key_for(client, roles, rules)
    return Request.post_json({"query": CREATE, "variables": {"p": "tie/page", "c": "x"}}, key)


def _api_off(client: MockClient) -> Request:
    client.query("mutation { authentication { setApiState(enabled: false) { responseResult { succeeded } } } }")
    return Request.post_json({"query": TYPENAME}, *auth_header(client))


WIKIJS_PROBES: dict[str, Probe] = {
    "wikijs.errors.6002": _create("home"),
    "wikijs.errors.6003": lambda client: Request.post_json(
        {"query": "mutation { pages { delete(id: 999999) { responseResult { slug message } } } }"}, *auth_header(client)
    ),
    "wikijs.auth.revoked_key": _revoked_key,
    "wikijs.auth.denied": _create("guest/page", as_guest=True),
    "wikijs.errors.6004": _create("empty", " "),
    "wikijs.errors.6005": _create("a b"),
    "wikijs.errors.6005:trigger": _create("a b"),
    "wikijs.response_status.shape": _create("fresh/page"),
    RATE_LIMIT: _over_rate_limit,
    "wikijs.pages.update_missing_page": _missing(
        'mutation { pages { update(id: 999999, content: "x", tags: []) { responseResult { message } } } }'
    ),
    "wikijs.pages.history_missing_page": _missing("{ pages { history(id: 999999) { total } } }"),
    "wikijs.users.single_missing_user": _missing("{ users { single(id: 999999) { id } } }"),
    "wikijs.errors.1002": _login("nobody@probe.invalid", "wrong-password"),
    "wikijs.errors.1003": _login("nobody@probe.invalid", "wrong-password", "nope"),
    "wikijs.errors.1004": _second_create_user,
    "wikijs.errors.1012": _admin(CREATE_USER, {"e": "not-an-email"}),
    "wikijs.errors.1012:trigger": _admin(CREATE_USER.replace('"Probe"', '"Pr"'), {"e": "pr@probe.invalid"}),
    "wikijs.errors.1016": _admin(f'mutation {{ users {{ update(id: 999999, name: "x") {{ {STATUS} }} }} }}'),
    "wikijs.errors.1018": _admin(f"mutation {{ users {{ delete(id: 1, replaceId: 1) {{ {STATUS} }} }} }}"),
    "wikijs.errors.1019": _guest(
        'mutation { users { updateProfile(name: "x", location: "", jobTitle: "", timezone: "UTC",'
        f' dateFormat: "", appearance: "") {{ {STATUS} }} }} }}'
    ),
    "wikijs.errors.1020": _wrong_current_password,
    "wikijs.errors.6006": _move_collision,
    "wikijs.errors.6007": _refused("move"),
    "wikijs.errors.6008": _refused("create"),
    "wikijs.errors.6009": _refused("update"),
    "wikijs.errors.6010": _refused("delete"),
    "wikijs.errors.6011": _refused("restore"),
    "wikijs.errors.6012": _refused("history"),
    "wikijs.errors.6013": _refused("single"),
    "wikijs.auth.api_disabled": _api_off,
    "wikijs.permissions.model": _precedence,
}
