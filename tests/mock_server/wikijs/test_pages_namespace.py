"""The Wiki.js pages namespace: error codes, ResponseStatus, listing and persistence."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mock_server.wikijs import build_wikijs_app
from mock_server.wikijs.pages import normalise_tags, strip_slashes
from mock_server.wikijs.samples import AdminLogin
from specs import default_rules
from specs.model import ErrorCode, ResponseStatus, thaw
from tests.mock_server.support import ADMIN_KEY, MockClient, start

Mock = Callable[..., MockClient]

CREATE = """mutation($content: String!, $path: String!, $tags: [String]!) {
  pages { create(content: $content, description: "d", editor: "markdown", isPublished: true,
                 isPrivate: false, locale: "en", path: $path, tags: $tags, title: "T") {
    responseResult { succeeded errorCode slug message }
    page { id path title locale contentType tags { tag title } createdAt }
  } }
}"""
DELETE = "mutation($id: Int!) { pages { delete(id: $id) { responseResult { succeeded errorCode slug message } } } }"
SINGLE = "query($id: Int!) { pages { single(id: $id) { id path title content tags { tag } } } }"
BY_PATH = (
    'query($path: String!) { pages { singleByPath(path: $path, locale: "en") { id path contentType tags { tag } } } }'
)


def create(client: MockClient, path: str, content: str = "# Hello", tags: list[str] | None = None) -> Any:
    answer = client.query(CREATE, {"content": content, "path": path, "tags": tags or []})
    return answer["data"]["pages"]["create"]


def error_status(code: int, implementation: str = "docs") -> dict[str, Any]:
    entry = default_rules().as_implemented_by(implementation).data(f"wikijs.errors.{code}")
    assert isinstance(entry, ErrorCode)
    return {"succeeded": False, "errorCode": entry.code, "slug": entry.slug, "message": entry.message}


def success(operation: str, implementation: str = "docs") -> dict[str, Any]:
    shape = default_rules().as_implemented_by(implementation).data("wikijs.response_status.shape")
    assert isinstance(shape, ResponseStatus)
    s = shape.success
    return {"succeeded": True, "errorCode": s.errorCode, "slug": s.slug, "message": s.message_for(operation)}


@pytest.mark.parametrize("implementation", ["docs", "2.5.314"])
def test_create_and_delete_report_the_rule_statuses(mock: Mock, implementation: str) -> None:
    client = mock("wikijs", emulate=implementation)
    created = create(client, "/notes/first/", tags=[" Alpha ", "alpha", "", "Beta"])
    assert created["responseResult"] == success("pages.create", implementation)
    # 2.5.314 answers the database row, whose locale is null: no page (wikijs.schema.served deviation)
    assert (created["page"] is None) == (implementation == "2.5.314")
    page = created["page"] or client.query(BY_PATH, {"path": "notes/first"})["data"]["pages"]["singleByPath"]
    assert page["path"] == "notes/first" and page["contentType"] == "markdown"
    assert [t["tag"] for t in page["tags"]] == ["alpha", "beta"]
    deleted = client.query(DELETE, {"id": page["id"]})["data"]["pages"]["delete"]["responseResult"]
    assert deleted == success("pages.delete", implementation)
    again = client.query(DELETE, {"id": page["id"]})["data"]["pages"]["delete"]["responseResult"]
    assert again == error_status(6003, implementation)


def test_duplicate_path_is_6002_after_normalisation(mock: Mock) -> None:
    client = mock("wikijs")
    assert create(client, "docs/a")["responseResult"]["succeeded"]
    for duplicate in ("docs/a", "/docs/a", "docs/a/", "/docs/a/"):
        result = create(client, duplicate)
        assert result == {"responseResult": error_status(6002), "page": None}, duplicate


@pytest.mark.parametrize("content", ["", "   ", "\n\t "])
def test_empty_content_is_6004(mock: Mock, content: str) -> None:
    assert create(mock("wikijs"), "empty", content)["responseResult"] == error_status(6004)


@pytest.mark.parametrize("path", ["has space", "a.b", "a//b", "a\\b", "../up"])
def test_illegal_paths_are_6005(mock: Mock, path: str) -> None:
    assert create(mock("wikijs"), path)["responseResult"] == error_status(6005)


def test_the_illegal_fragments_are_the_6005_triggers() -> None:
    """Read from the rule: a rule (or a fault) with other trigger values moves the refusal."""
    rules = default_rules().for_api("wikijs")
    trigger = thaw(rules["wikijs.errors.6005"].data_as(ErrorCode).trigger)
    changed = rules.with_overrides(
        {"wikijs.errors.6005": {"trigger": {**trigger, "values": {"path_fragments": ["~"]}}}}
    )
    client = MockClient(build_wikijs_app(changed, None, AdminLogin(api_key=ADMIN_KEY)), ADMIN_KEY)
    try:
        assert create(client, "has space")["responseResult"]["succeeded"]
        assert create(client, "a~b")["responseResult"] == error_status(6005)
    finally:
        client.close()


@pytest.mark.parametrize("path", ["q?x#y", "ünïcødé/页面", "", "UPPER/Case"])
def test_legal_paths_are_kept(mock: Mock, path: str) -> None:
    result = create(mock("wikijs"), path)
    assert result["responseResult"]["succeeded"] and result["page"]["path"] == path


def test_single_missing_page_is_a_graphql_error_with_the_code(mock: Mock) -> None:
    client = mock("wikijs")
    answer = client.query(SINGLE, {"id": 424242})
    (error,) = answer["errors"]
    assert answer["data"] == {"pages": {"single": None}}
    assert error["message"] == error_status(6003)["message"]
    assert error["path"] == ["pages", "single"]
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "exception": {"code": 6003}}
    assert client.query(SINGLE, {"id": 1})["data"]["pages"]["single"]["path"] == "home"


def test_list_orders_filters_and_limits(mock: Mock) -> None:
    client = mock("wikijs")
    create(client, "zeta", tags=["guide", "extra"])

    def paths(arguments: str) -> list[str]:
        answer = client.query(f"{{ pages {{ list{arguments} {{ path tags }} }} }}")
        return [item["path"] for item in answer["data"]["pages"]["list"]]

    assert paths("") == ["home", "guides/getting-started", "guides/markdown", "zeta"]
    assert paths("(orderBy: PATH, orderByDirection: DESC)") == sorted(paths(""), reverse=True)
    assert paths("(limit: 2)") == ["home", "guides/getting-started"]
    assert paths('(tags: ["guide"])') == ["guides/getting-started", "guides/markdown", "zeta"]
    assert paths('(tags: ["guide", "welcome"])') == ["guides/getting-started"]
    assert paths('(locale: "fr")') == []
    tagged = client.query('{ pages { list(tags: ["extra"]) { tags } } }')["data"]["pages"]["list"]
    assert tagged == [{"tags": ["extra"]}]


def test_pages_survive_a_restart_with_a_data_dir(tmp_path: Path) -> None:
    first = start("wikijs", data_dir=tmp_path)
    page_id = create(first, "kept", "content")["page"]["id"]
    first.close()
    second = start("wikijs", data_dir=tmp_path)
    try:
        assert second.query(SINGLE, {"id": page_id})["data"]["pages"]["single"]["path"] == "kept"
        listed = second.query("{ pages { list { path } } }")["data"]["pages"]["list"]
        assert [p["path"] for p in listed].count("home") == 1  # samples are added once
    finally:
        second.close()
    assert (tmp_path / "wiki.sqlite").is_file()


def test_helpers() -> None:
    assert normalise_tags([" A ", "a", None, "", "b"]) == ("a", "b")
    assert strip_slashes("//a/b//") == "/a/b/"
