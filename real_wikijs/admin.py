"""First-run setup and the API keys the suites use, all through the wiki's own HTTP API.

``POST /finalize`` is what the setup wizard sends; then the administrator logs in once (logins are
rate-limited per address), enables the API and creates one full-access key and one read-only key
(a group with ``read:pages`` and ``read:comments`` only): the two keys the 2.5.314 runs need.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from typing import Any

from real_wikijs.server import LOOPBACK, base_url
from real_wikijs.workdir import State, Workdir, write_private

ADMIN_EMAIL = "admin@example.com"
STATUS = "responseResult { succeeded errorCode slug message }"
READ_ONLY = ["read:pages", "read:comments"]
READERS_GROUP = "API Readers"
LOGIN_WINDOW_SECONDS = 61


class SetupError(RuntimeError):
    """The wiki refused a setup step."""


def post(url: str, body: Any, token: str | None = None) -> Any:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers)
    try:
        with LOOPBACK.open(request, timeout=600) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as error:
        raise SetupError(f"{url}: HTTP {error.code} {error.read()[:500]!r}") from error


def graphql(state: State, query: str, variables: dict[str, Any] | None = None, token: str | None = None) -> Any:
    return post(base_url(state) + "/graphql", {"query": query, "variables": variables or {}}, token)


def field(answer: Any, *path: str) -> Any:
    node = answer
    for name in path:
        node = node.get(name) if isinstance(node, dict) else None
    if node is None:
        raise SetupError(f"unexpected answer: {json.dumps(answer)[:800]}")
    if isinstance(node, dict) and "responseResult" in node and not node["responseResult"]["succeeded"]:
        raise SetupError(f"{'.'.join(path)}: {node['responseResult']}")
    return node


def finalize(state: State) -> None:
    url = base_url(state)
    answer = post(url + "/finalize", {
        "adminEmail": ADMIN_EMAIL, "adminPassword": state.admin_password,
        "adminPasswordConfirm": state.admin_password, "siteUrl": url, "telemetry": False,
    })  # fmt: skip
    if not (isinstance(answer, dict) and answer.get("ok")):
        raise SetupError(f"/finalize: {answer}")


def login(state: State) -> str:
    query = (
        f'mutation($u: String!, $p: String!) {{ authentication {{ login(username: $u, password: $p, strategy: "local") '
        f"{{ {STATUS} jwt }} }} }}"
    )
    for _ in range(3):
        answer = graphql(state, query, {"u": ADMIN_EMAIL, "p": state.admin_password})
        if "too many requests" in json.dumps(answer.get("errors") or "").lower():
            time.sleep(LOGIN_WINDOW_SECONDS)
            continue
        return str(field(answer, "data", "authentication", "login", "jwt"))
    raise SetupError("login stayed rate-limited")


def keys_work(workdir: Workdir, state: State) -> bool:
    try:
        key = json.loads(workdir.keys.read_text(encoding="utf-8"))["admin"]["key"]
        return bool(graphql(state, "{ system { info { currentVersion } } }", token=key).get("data"))
    except (OSError, ValueError, KeyError, SetupError):
        return False


def create_keys(workdir: Workdir, state: State) -> None:
    """keys.json: ``admin`` (full access) and ``readonly`` (the readers' group), mode 600."""
    jwt = login(state)
    field(graphql(state, f"mutation {{ authentication {{ setApiState(enabled: true) {{ {STATUS} }} }} }}", token=jwt),
          "data", "authentication", "setApiState")  # fmt: skip
    create = f"mutation($n: String!) {{ groups {{ create(name: $n) {{ {STATUS} group {{ id }} }} }} }}"
    group = field(graphql(state, create, {"n": READERS_GROUP}, jwt), "data", "groups", "create", "group", "id")
    rule = {"id": "read", "deny": False, "match": "START", "roles": READ_ONLY, "path": "", "locales": []}
    field(graphql(
        state,
        "mutation($id: Int!, $n: String!, $p: [String]!, $r: [PageRuleInput]!) { groups { update(id: $id, name: $n, "
        f'redirectOnLogin: "/", permissions: $p, pageRules: $r) {{ {STATUS} }} }} }}',
        {"id": group, "n": READERS_GROUP, "p": READ_ONLY, "r": [rule]}, jwt,
    ), "data", "groups", "update")  # fmt: skip
    keys = {
        "admin": {"key": _key(state, jwt, "admin", None), "fullAccess": True},
        "readonly": {"key": _key(state, jwt, "readonly", group), "group": READERS_GROUP, "scopes": READ_ONLY},
    }
    write_private(workdir.keys, json.dumps(keys, indent=1))


def _key(state: State, jwt: str, name: str, group: int | None) -> str:
    query = (
        'mutation($n: String!, $f: Boolean!, $g: Int) { authentication { createApiKey(name: $n, expiration: "1y", '
        f"fullAccess: $f, group: $g) {{ {STATUS} key }} }} }}"
    )
    answer = graphql(state, query, {"n": name, "f": group is None, "g": group}, jwt)
    return str(field(answer, "data", "authentication", "createApiKey", "key"))
