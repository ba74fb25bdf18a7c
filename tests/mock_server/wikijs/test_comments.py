"""Wiki.js comments: state in SQLite, the page-rule refusals (8002, 8004, 8006) and the checks
of create, update and delete in both behaviours; providers persist their config."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from tests.mock_server.support import MockClient, Request

STATUS = "responseResult { succeeded errorCode slug message }"
CREATE = f"""mutation($p: Int!, $c: String!, $n: String, $e: String) {{ comments {{
  create(pageId: $p, content: $c, guestName: $n, guestEmail: $e) {{ {STATUS} id }} }} }}"""
UPDATE = f"mutation($id: Int!, $c: String!) {{ comments {{ update(id: $id, content: $c) {{ {STATUS} render }} }} }}"
DELETE = f"mutation($id: Int!) {{ comments {{ delete(id: $id) {{ {STATUS} }} }} }}"
LIST = 'query($p: String!) { comments { list(locale: "en", path: $p) { id content render authorId authorName } } }'
SINGLE = "query($id: Int!) { comments { single(id: $id) { id authorEmail authorIP } } }"
GROUP = """mutation($id: Int!, $perms: [String]!, $rules: [PageRuleInput]!) { groups { update(id: $id, name: "G",
  redirectOnLogin: "/", permissions: $perms, pageRules: $rules) { responseResult { succeeded } } } }"""
KEY = """mutation($g: Int) { authentication { createApiKey(name: "k", expiration: "1d", fullAccess: false, group: $g)
  { key } } }"""
HOME = 1
"""The sample page ``home`` (en)."""
ROLES = ["read:pages", "read:comments", "write:comments", "manage:comments"]


def post(client: MockClient, page: int, content: str, token: str | None = None, **guest: str) -> Any:
    variables = {"p": page, "c": content, "n": guest.get("name"), "e": guest.get("email")}
    payload = {"query": CREATE, "variables": variables}
    headers = [("Authorization", f"Bearer {token}")] if token else []
    reply = client.send(Request.post_json(payload, *headers)) if token is not None else client.post_json(payload)
    return reply.json()["data"]["comments"]["create"]


def as_key(client: MockClient, key: str, document: str, variables: dict[str, Any]) -> Any:
    payload = {"query": document, "variables": variables}
    return client.send(Request.post_json(payload, ("Authorization", f"Bearer {key}"))).json()


def limited_key(client: MockClient, rules: list[dict[str, Any]]) -> str:
    group = client.query('mutation { groups { create(name: "C") { group { id } } } }')
    group_id = group["data"]["groups"]["create"]["group"]["id"]
    assert client.query(GROUP, {"id": group_id, "perms": ROLES, "rules": rules})["data"]["groups"]["update"]
    key: str = client.query(KEY, {"g": group_id})["data"]["authentication"]["createApiKey"]["key"]
    return key


def rule(path: str, roles: list[str]) -> dict[str, Any]:
    return {"id": path or "all", "match": "START", "path": path, "deny": False, "roles": roles, "locales": []}


@pytest.mark.parametrize(("implementation", "slug"), [("docs", "success"), ("2.5.314", "ok")])
def test_create_list_update_delete_round_trip(
    unthrottled: Callable[[str], MockClient], implementation: str, slug: str
) -> None:
    client = unthrottled(implementation)
    created = post(client, HOME, "a *valid* comment")
    assert created["responseResult"]["slug"] == slug
    listed = client.query(LIST, {"p": "home"})["data"]["comments"]["list"]
    assert listed == [{"id": created["id"], "content": "a *valid* comment",
                      "render": "<p>a <em>valid</em> comment</p>\n", "authorId": 1, "authorName": "API"}]  # fmt: skip
    single = client.query(SINGLE, {"id": created["id"]})["data"]["comments"]["single"]
    assert single["authorEmail"] == "api@localhost"
    assert single["authorIP"]
    updated = client.query(UPDATE, {"id": created["id"], "c": "y"})["data"]["comments"]["update"]
    assert (updated["responseResult"]["succeeded"], updated["render"]) == (True, "<p>y</p>\n")
    deleted = client.query(DELETE, {"id": created["id"]})["data"]["comments"]["delete"]
    assert deleted["responseResult"]["succeeded"]
    assert client.query(LIST, {"p": "home"})["data"]["comments"]["list"] == []
    assert client.query(LIST, {"p": "no/such/page"})["data"]["comments"]["list"] == []


def test_a_new_wiki_has_a_sample_comment(unthrottled: Callable[[str], MockClient]) -> None:
    listed = unthrottled("docs").query(LIST, {"p": "guides/getting-started"})["data"]["comments"]["list"]
    assert [(c["authorId"], c["content"]) for c in listed] == [(1, "Short and to the point, thanks.")]


def test_create_checks_content_then_page(unthrottled: Callable[[str], MockClient]) -> None:
    client = unthrottled("docs")
    assert post(client, HOME, "  x  ") == {
        "responseResult": {"succeeded": False, "errorCode": 8003, "slug": "CommentContentMissing",
                           "message": "Comment content is missing or too short."},
        "id": None,
    }  # fmt: skip
    assert post(client, 99999, "x")["responseResult"]["errorCode"] == 8003
    assert post(client, 99999, "long enough")["responseResult"]["errorCode"] == 6003


def test_unknown_comment_is_8005_everywhere(unthrottled: Callable[[str], MockClient]) -> None:
    client = unthrottled("docs")
    for document in (UPDATE, DELETE):
        answer = client.query(document, {"id": 424242, "c": "text"} if document is UPDATE else {"id": 424242})
        assert next(iter(answer["data"]["comments"].values()))["responseResult"]["errorCode"] == 8005
    single = client.query(SINGLE, {"id": 424242})
    assert single["data"]["comments"]["single"] is None
    assert single["errors"][0]["extensions"]["exception"]["code"] == 8005


def test_page_rules_refuse_post_manage_and_view(unthrottled: Callable[[str], MockClient]) -> None:
    client = unthrottled("docs")
    key = limited_key(client, [rule("guides", ROLES), rule("home", ["read:pages", "write:comments"])])
    comment = post(client, HOME, "by the admin")["id"]
    assert as_key(client, key, LIST, {"p": "home"})["errors"][0]["extensions"]["exception"]["code"] == 8006
    assert as_key(client, key, SINGLE, {"id": comment})["errors"][0]["extensions"]["exception"]["code"] == 8006
    for document, variables in ((UPDATE, {"id": comment, "c": "mine now"}), (DELETE, {"id": comment})):
        answer = as_key(client, key, document, variables)["data"]["comments"]
        assert next(iter(answer.values()))["responseResult"]["errorCode"] == 8004
    assert post(client, HOME, "own comment", key)["responseResult"]["succeeded"]
    outside = client.query('{ pages { singleByPath(path: "guides/markdown", locale: "en") { id } } }')
    guides = outside["data"]["pages"]["singleByPath"]["id"]
    assert post(client, guides, "allowed here", key)["responseResult"]["succeeded"]
    key_without_post = limited_key(client, [rule("", ["read:pages", "read:comments"])])
    assert post(client, guides, "not here", key_without_post)["responseResult"]["errorCode"] == 8002


def test_guest_needs_a_name_and_a_valid_email(unthrottled: Callable[[str], MockClient]) -> None:
    client = unthrottled("docs")
    perms = ["read:pages", "read:comments", "write:comments"]
    client.query(GROUP, {"id": 2, "perms": perms, "rules": [rule("", perms)]})
    bad_email = post(client, HOME, "hello", "", name="Al", email="not-an-email")["responseResult"]
    assert bad_email == {"succeeded": False, "errorCode": 1012, "slug": "InputInvalid",
                         "message": "Email is not a valid email"}  # fmt: skip
    short = post(client, HOME, "hello", "", name="A", email="a@b.org")["responseResult"]["message"]
    assert short == "Name is too short (minimum is 2 characters)"
    created = post(client, HOME, "hello", "", name="Al", email="a@b.org")
    assert created["responseResult"]["succeeded"]
    listed = client.query(LIST, {"p": "home"})["data"]["comments"]["list"]
    assert (listed[0]["authorId"], listed[0]["authorName"]) == (2, "Al")


def test_rate_limit_of_create_still_holds(mock: Callable[..., MockClient]) -> None:
    client = mock("wikijs")
    assert post(client, HOME, "first")["responseResult"]["succeeded"]
    assert post(client, HOME, "second")["responseResult"]["errorCode"] == 1008


def test_providers_persist_their_config(unthrottled: Callable[[str], MockClient]) -> None:
    client = unthrottled("docs")
    query = "{ comments { providers { key isEnabled config { key value } } } }"
    providers = {p["key"]: p for p in client.query(query)["data"]["comments"]["providers"]}
    assert providers["default"]["isEnabled"] and not providers["disqus"]["isEnabled"]
    change = [{"key": "disqus", "isEnabled": True, "config": [{"key": "accountName", "value": json.dumps({"v": "x"})}]}]
    update = f"mutation($p: [CommentProviderInput]) {{ comments {{ updateProviders(providers: $p) {{ {STATUS} }} }} }}"
    assert client.query(update, {"p": change})["data"]["comments"]["updateProviders"]["responseResult"]["succeeded"]
    after = {p["key"]: p for p in client.query(query)["data"]["comments"]["providers"]}
    assert after["disqus"]["isEnabled"]
    assert after["disqus"]["config"] == [{"key": "accountName", "value": json.dumps({"value": "x"})}]
    broken = [{"key": "disqus", "isEnabled": True, "config": [{"key": "accountName", "value": "{not json"}]}]
    refused = client.query(update, {"p": broken})["data"]["comments"]["updateProviders"]["responseResult"]
    assert refused["errorCode"] == 1012


def test_comments_go_with_their_page(unthrottled: Callable[[str], MockClient]) -> None:
    client = unthrottled("docs")
    comment = post(client, HOME, "soon gone")["id"]
    assert client.query(f"mutation {{ pages {{ delete(id: {HOME}) {{ {STATUS} }} }} }}")["data"]["pages"]["delete"]
    assert client.query(SINGLE, {"id": comment})["errors"][0]["extensions"]["exception"]["code"] == 8005
