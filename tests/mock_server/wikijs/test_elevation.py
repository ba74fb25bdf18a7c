"""Elevated-group checks (2.5.313+), safe-regex page rules, and 1013/1017 on users."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.mock_server.support import MockClient, Request

Mock = Callable[..., MockClient]
NEW_GROUP = "mutation($n: String!) { groups { create(name: $n) { group { id } } } }"
UPDATE_GROUP = """mutation($id: Int!, $p: [String]!, $r: [PageRuleInput]!) { groups {
  update(id: $id, name: "g", redirectOnLogin: "", permissions: $p, pageRules: $r)
  { responseResult { succeeded } } } }"""
NEW_KEY = """mutation($g: Int!) { authentication {
  createApiKey(name: "k", expiration: "1d", fullAccess: false, group: $g) { key } } }"""
ASSIGN = (
    "mutation($g: Int!, $u: Int!) { groups { assignUser(groupId: $g, userId: $u) { responseResult { succeeded } } } }"
)
NEW_USER = """mutation($e: String!, $g: [Int]!) { users { create(email: $e, name: "Some One", passwordRaw: "secret1",
  providerKey: "local", groups: $g, mustChangePassword: false, sendWelcomeEmail: false)
  { responseResult { succeeded errorCode slug message } } } }"""
LOGIN = """mutation($u: String!) { authentication { login(username: $u, password: "secret1", strategy: "local")
  { responseResult { errorCode slug } jwt } } }"""
ALL_PAGES = [{"id": "all", "deny": False, "match": "START", "roles": ["read:pages"], "path": "", "locales": []}]


def group_with(client: MockClient, permissions: list[str], rules: list[dict[str, Any]] | None = None) -> int:
    group_id: int = client.query(NEW_GROUP, {"n": "g"})["data"]["groups"]["create"]["group"]["id"]
    answer = client.query(UPDATE_GROUP, {"id": group_id, "p": permissions, "r": rules or ALL_PAGES})
    assert answer["data"]["groups"]["update"]["responseResult"]["succeeded"], answer
    return group_id


def as_key(client: MockClient, group_id: int) -> Callable[..., Any]:
    key = client.query(NEW_KEY, {"g": group_id})["data"]["authentication"]["createApiKey"]["key"]

    def query(document: str, variables: dict[str, Any] | None = None) -> Any:
        payload = {"query": document, "variables": variables or {}}
        return client.send(Request.post_json(payload, ("Authorization", f"Bearer {key}"))).json()

    return query


def test_group_writers_cannot_hand_out_administrative_power(mock: Mock) -> None:
    client = mock("wikijs")
    writer = as_key(client, group_with(client, ["write:groups", "manage:users"]))
    manager = as_key(client, group_with(client, ["manage:groups", "manage:users"]))
    plain = group_with(client, ["read:pages"])
    admin_type = group_with(client, ["manage:navigation"])
    user = 1
    assert writer(ASSIGN, {"g": plain, "u": user})["data"]["groups"]["assignUser"]["responseResult"]["succeeded"]
    refused = writer(ASSIGN, {"g": admin_type, "u": user})["errors"][0]["message"]
    assert refused == "You are not authorized to assign a user to this administrative group."
    assert manager(ASSIGN, {"g": admin_type, "u": user})["data"]["groups"]["assignUser"]["responseResult"]
    system = manager(ASSIGN, {"g": 1, "u": 3})["errors"][0]["message"]
    assert system == "You are not authorized to assign a user to a group with the manage:system permission."
    grant = writer(UPDATE_GROUP, {"id": plain, "p": ["manage:theme"], "r": []})["errors"][0]["message"]
    assert grant == "You are not authorized to manage this group or assign these administrative permissions."
    grant = manager(UPDATE_GROUP, {"id": plain, "p": ["manage:system"], "r": []})["errors"][0]["message"]
    assert grant == "You are not authorized to manage this group or assign the manage:system permissions."
    created = manager(NEW_USER, {"e": "a@example.com", "g": [1]})["data"]["users"]["create"]["responseResult"]
    assert created == {
        "succeeded": False,
        "errorCode": 1,
        "slug": "Error",
        "message": "You are not authorized to create a user with an assignment to an administrative group.",
    }


def test_unsafe_regex_page_rules_are_refused(mock: Mock) -> None:
    client = mock("wikijs")
    group_id = client.query(NEW_GROUP, {"n": "r"})["data"]["groups"]["create"]["group"]["id"]
    rule = {**ALL_PAGES[0], "match": "REGEX", "path": "^(a+)+$"}
    answer = client.query(UPDATE_GROUP, {"id": group_id, "p": ["read:pages"], "r": [rule]})
    assert answer["errors"][0]["message"] == "Some Page Rules contains unsafe or exponential time regex."
    safe = client.query(UPDATE_GROUP, {"id": group_id, "p": ["read:pages"], "r": [{**rule, "path": "^docs/.*"}]})
    assert safe["data"]["groups"]["update"]["responseResult"]["succeeded"]


def test_deactivated_accounts_and_foreign_constraints(mock: Mock) -> None:
    client = mock("wikijs")
    writers = group_with(client, ["write:pages"], [{**ALL_PAGES[0], "roles": ["write:pages"]}])
    client.query(NEW_USER, {"e": "w@example.com", "g": [writers]})
    users = client.query("{ users { list { id email } } }")["data"]["users"]["list"]
    user_id = next(u["id"] for u in users if u["email"] == "w@example.com")
    token = client.query(LOGIN, {"u": "w@example.com"})["data"]["authentication"]["login"]["jwt"]
    create = """mutation { pages { create(content: "x", description: "", editor: "markdown", isPublished: true,
      isPrivate: false, locale: "en", path: "mine", tags: [], title: "Mine") { responseResult { succeeded } } } }"""
    made = client.send(Request.post_json({"query": create}, ("Authorization", f"Bearer {token}"))).json()
    assert made["data"]["pages"]["create"]["responseResult"]["succeeded"]
    delete = "mutation($i: Int!, $r: Int!) { users { delete(id: $i, replaceId: $r) { responseResult { errorCode } } } }"
    refused = client.query(delete, {"i": user_id, "r": 999999})["data"]["users"]["delete"]["responseResult"]
    assert refused["errorCode"] == 1017
    client.query("mutation($i: Int!) { users { deactivate(id: $i) { responseResult { succeeded } } } }", {"i": user_id})
    banned = client.query(LOGIN, {"u": "w@example.com"})["data"]["authentication"]["login"]
    assert banned == {"responseResult": {"errorCode": 1013, "slug": "AuthAccountBanned"}, "jwt": None}
    assert client.query(delete, {"i": user_id, "r": 1})["data"]["users"]["delete"]["responseResult"]["errorCode"] == 0
