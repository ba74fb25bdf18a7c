"""Wiki.js groups: CRUD, protected groups, and a group's page rules applied to its API key."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.mock_server.support import MockClient, Request

Mock = Callable[..., MockClient]
UPDATE = """mutation($id: Int!, $rules: [PageRuleInput]!) { groups { update(id: $id, name: "Writers",
  redirectOnLogin: "", permissions: ["read:pages", "write:pages"], pageRules: $rules) {
  responseResult { succeeded } } } }"""
KEY = """mutation($g: Int) { authentication { createApiKey(name: "w", expiration: "1d", fullAccess: false, group: $g)
  { key } } }"""
CREATE = """mutation($p: String!) { pages { create(content: "x", description: "", editor: "markdown", isPublished: true,
  isPrivate: false, locale: "en", path: $p, tags: [], title: "t") { responseResult { succeeded errorCode } } } }"""


def rule(path: str, deny: bool = False) -> dict[str, Any]:
    roles = ["read:pages", "write:pages"]
    return {"id": path or "all", "match": "START", "path": path, "deny": deny, "roles": roles, "locales": []}


@pytest.mark.parametrize(("implementation", "refusal"), [("docs", 6008), ("2.5.314", 6010)])
def test_group_page_rules_govern_its_key(mock: Mock, implementation: str, refusal: int) -> None:
    client = mock("wikijs", emulate=implementation)
    group = client.query('mutation { groups { create(name: "W") { group { id permissions pageRules { id } } } } }')
    created = group["data"]["groups"]["create"]["group"]
    assert created["pageRules"] == [{"id": "default"}]
    rules = [rule("writable"), rule("writable/locked", deny=True)]
    assert client.query(UPDATE, {"id": created["id"], "rules": rules})["data"]["groups"]["update"]["responseResult"]
    key = client.query(KEY, {"g": created["id"]})["data"]["authentication"]["createApiKey"]["key"]

    def create_as_writer(path: str) -> Any:
        payload = {"query": CREATE, "variables": {"p": path}}
        reply = client.send(Request.post_json(payload, ("Authorization", f"Bearer {key}")))
        return reply.json()["data"]["pages"]["create"]["responseResult"]

    assert create_as_writer("writable/page") == {"succeeded": True, "errorCode": 0}
    assert create_as_writer("writable/locked/page")["errorCode"] == refusal
    assert create_as_writer("elsewhere")["errorCode"] == refusal
    single = client.query("query($id: Int!) { groups { single(id: $id) { name redirectOnLogin users { id } } } }",
                          {"id": created["id"]})  # fmt: skip
    assert single["data"]["groups"]["single"] == {"name": "Writers", "redirectOnLogin": "/", "users": []}


def test_protected_groups_and_accounts(mock: Mock) -> None:
    client = mock("wikijs")

    def error(document: str) -> str:
        message: str = client.query(document)["errors"][0]["message"]
        return message

    assert error("mutation { groups { delete(id: 1) { responseResult { succeeded } } } }").startswith("Cannot")
    assert "Guest" in error("mutation { groups { assignUser(groupId: 1, userId: 2) { responseResult { slug } } } }")
    assert "Administrator" in error(
        "mutation { groups { unassignUser(groupId: 1, userId: 1) { responseResult { slug } } } }"
    )
    assert error("mutation { groups { assignUser(groupId: 1, userId: 1) { responseResult { slug } } } }").startswith(
        "User is already"
    )
    listed = client.query("{ groups { list { id name isSystem userCount } } }")["data"]["groups"]["list"]
    assert [(g["id"], g["isSystem"], g["userCount"]) for g in listed] == [(1, True, 1), (2, True, 1)]
