"""Groups, API keys and users a run creates, each named with the run id and undone at the end.

A live wiki is never touched outside what the run made: ids the run did not create are
never deleted, and :func:`residue` lists whatever carrying the run's id is still there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from harness.client import HttpClient
from harness.targets import Target
from suites.wikijs import assets, pages
from suites.wikijs.status import check_shape

STATUS = "responseResult { succeeded errorCode slug message }"
CREATE_GROUP = f"mutation($name: String!) {{ groups {{ create(name: $name) {{ {STATUS} group {{ id }} }} }} }}"
UPDATE_GROUP = (
    "mutation($id: Int!, $name: String!, $permissions: [String]!, $pageRules: [PageRuleInput]!) { groups {"
    ' update(id: $id, name: $name, redirectOnLogin: "/", permissions: $permissions, pageRules: $pageRules)'
    f" {{ {STATUS} }} }} }}"
)
DELETE_GROUP = f"mutation($id: Int!) {{ groups {{ delete(id: $id) {{ {STATUS} }} }} }}"
CREATE_KEY = (
    "mutation($name: String!, $full: Boolean!, $group: Int) { authentication {"
    f' createApiKey(name: $name, expiration: "1d", fullAccess: $full, group: $group) {{ {STATUS} key }} }} }}'
)
KEYS = "{ authentication { apiKeys { id name isRevoked } } }"
REVOKE_KEY = f"mutation($id: Int!) {{ authentication {{ revokeApiKey(id: $id) {{ {STATUS} }} }} }}"
CREATE_USER = (
    "mutation($email: String!, $name: String!, $password: String, $groups: [Int]!) { users { create(email: $email,"
    ' name: $name, passwordRaw: $password, providerKey: "local", groups: $groups, mustChangePassword: false)'
    f" {{ {STATUS} }} }} }}"
)
SEARCH_USERS = "query($q: String!) { users { search(query: $q) { id email } } }"
DELETE_USER = f"mutation($id: Int!, $to: Int!) {{ users {{ delete(id: $id, replaceId: $to) {{ {STATUS} }} }} }}"
GROUPS = "{ groups { list { id name } } }"
REPLACEMENT_USER_ID = 1
"""Pages of a deleted sandbox user pass to the administrator, as the admin UI does."""


def _mutate(target: Target, mutation: str, variables: Mapping[str, Any]) -> dict[str, Any]:
    """Send a set-up mutation; its ResponseStatus gets the documented-shape check like any other."""
    exchange = target.client.graphql(mutation, variables)
    data = exchange.response.json().get("data") or {}
    assert exchange.response.status == 200 and data, f"set-up {mutation[:60]!r}: {exchange.response.text(300)}"
    payload: dict[str, Any] = next(iter(next(iter(data.values())).values()))
    check_shape(target, exchange, payload["responseResult"])
    return payload


def bearer(target: Target, token: str) -> HttpClient:
    return target.client.with_headers({**target.client.default_headers, "Authorization": f"Bearer {token}"})


def create_group(target: Target, permissions: Sequence[str], page_rules: Sequence[Mapping[str, Any]]) -> int:
    name = target.unique_name("group")
    created = _mutate(target, CREATE_GROUP, {"name": name})
    group_id: int = created["group"]["id"]
    target.on_cleanup(f"group {group_id} {name}", lambda: _ok(target, DELETE_GROUP, {"id": group_id}))
    variables = {"id": group_id, "name": name, "permissions": list(permissions), "pageRules": list(page_rules)}
    updated = _mutate(target, UPDATE_GROUP, variables)
    assert updated["responseResult"]["succeeded"], f"could not set up sandbox group {name}: {updated}"
    return group_id


def create_key(target: Target, group: int | None) -> tuple[int, HttpClient]:
    """An API key for a group (or a full-access one): its id and a client using it; revoked at the end."""
    name = target.unique_name("key")
    variables = {"name": name, "full": group is None, "group": group}
    created = _mutate(target, CREATE_KEY, variables)
    keys = target.client.graphql_data(KEYS)["authentication"]["apiKeys"]
    key_id = max(key["id"] for key in keys if key["name"] == name)
    target.on_cleanup(f"api key {key_id} {name}", lambda: _ok(target, REVOKE_KEY, {"id": key_id}))
    assert created["key"], f"no key for {name}: {created}"
    return key_id, bearer(target, created["key"])


def revoke_key(target: Target, key_id: int) -> None:
    """Revoke a sandbox key now (its cleanup revokes it again, harmlessly)."""
    _ok(target, REVOKE_KEY, {"id": key_id})


def user_email(target: Target, name: str) -> str:
    return f"{target.unique_name(name)}@conformance.invalid"


def create_user(target: Target, email: str, password: str, groups: Sequence[int] = ()) -> dict[str, Any]:
    """Create a local user; the run deletes every user carrying its id at the end."""
    variables = {"email": email, "name": email.split("@")[0], "password": password, "groups": list(groups)}
    result = _mutate(target, CREATE_USER, variables)
    if result["responseResult"]["succeeded"]:
        track_user(target, email)
    return result


def track_user(target: Target, email: str) -> None:
    """Have the run delete a user it made some other way (``register``); a no-op if none exists."""
    target.on_cleanup(f"user {email}", lambda: _delete_user(target, email))


def find_user(target: Target, email: str) -> int | None:
    """The id of the local user with this e-mail, if there is one."""
    found = [u["id"] for u in target.client.graphql_data(SEARCH_USERS, {"q": email})["users"]["search"]
             if u["email"] == email]  # fmt: skip
    return int(found[0]) if found else None


def user_id(target: Target, email: str) -> int:
    found = find_user(target, email)
    assert found is not None, f"no user {email}"
    return found


def _delete_user(target: Target, email: str) -> None:
    for user in target.client.graphql_data(SEARCH_USERS, {"q": email})["users"]["search"]:
        if user["email"] == email:
            _ok(target, DELETE_USER, {"id": user["id"], "to": REPLACEMENT_USER_ID})


def _ok(target: Target, mutation: str, variables: Mapping[str, Any]) -> None:
    data = target.client.graphql_data(mutation, variables)
    namespace = next(iter(data))
    result = next(iter(data[namespace].values()))
    status = result["responseResult"]
    assert status["succeeded"], f"cleanup {mutation[:60]!r} {dict(variables)}: {status}"


def leftovers(target: Target) -> list[tuple[str, str, dict[str, Any]]]:
    """Everything carrying the run's id that is still there: (kind, description, variables to delete it)."""
    marker = f"conformance-{target.run_id}-"
    client = target.client
    found = [
        ("page", f"page {p['id']} {p['path']}", {"id": p["id"]})
        for p in client.graphql_data(pages.LIST)["pages"]["list"]
        if p["path"].startswith(target.run_prefix + "/")
    ]
    found += [
        ("group", f"group {g['id']} {g['name']}", {"id": g["id"]})
        for g in client.graphql_data(GROUPS)["groups"]["list"]
        if g["name"].startswith(marker)
    ]
    found += [
        ("key", f"api key {k['id']} {k['name']}", {"id": k["id"]})
        for k in client.graphql_data(KEYS)["authentication"]["apiKeys"]
        if k["name"].startswith(marker) and not k["isRevoked"]
    ]
    found += [("user", f"user {u['email']}", {"id": u["id"], "to": REPLACEMENT_USER_ID})
              for u in client.graphql_data(SEARCH_USERS, {"q": marker})["users"]["search"]
              if u["email"].startswith(marker)]  # fmt: skip
    return found + assets.leftovers(target)


SWEEPERS = {"page": pages.DELETE, "group": DELETE_GROUP, "key": REVOKE_KEY, "user": DELETE_USER, "asset": assets.DELETE}


def residue(target: Target) -> list[str]:
    """Sweep what carries the run's id but escaped the ledger (a Ctrl-C between a create and its
    registration), then prove nothing is left. Only names with the run's id are ever deleted."""
    for kind, what, variables in leftovers(target):
        _ok(target, SWEEPERS[kind], variables)
        target.removed.append(f"{what} (swept)")
    return [what for _, what, _ in leftovers(target)]


LOGIN_STEPS = "jwt mustChangePwd mustProvideTFA mustSetupTFA continuationToken"
"""A successful login's session token, or the step still to take and the token to take it with."""
LOGIN = (
    "mutation($username: String!, $password: String!, $strategy: String!) { authentication {"
    f" login(username: $username, password: $password, strategy: $strategy) {{ {STATUS} {LOGIN_STEPS} }} }} }}"
)
LOCAL_STRATEGY = "local"
"""The key of Wiki.js' built-in e-mail/password strategy."""


def restricted_writer(target: Target, roles: Sequence[str]) -> tuple[HttpClient, str]:
    """A key whose group holds ``roles`` globally, but page rules only under ``<run prefix>/open``:
    every page scope passes ``@auth`` and the page rules alone decide. Created once per run."""
    if "restricted_writer" not in target.shared:
        open_path = f"{target.run_prefix}/open"
        rule = {"id": "open", "deny": False, "match": "START", "roles": list(roles), "path": open_path, "locales": []}
        group = create_group(target, roles, [rule])
        target.shared["restricted_writer"] = (create_key(target, group)[1], open_path)
    client, open_path = target.shared["restricted_writer"]
    return client, open_path


def log_in(target: Target, username: str, password: str, strategy: str = LOCAL_STRATEGY) -> Any:
    return target.client.with_headers({}).graphql(
        LOGIN, {"username": username, "password": password, "strategy": strategy}
    )
