"""``Page.toc`` and the page of a write's answer (``wikijs.schema.served``): the docs reading serves
the table of contents as the JSON text the render job stores; a real 2.5.314 on PostgreSQL hands
graphql-js the parsed list, which a String field cannot serialise, and answers pages.create and
pages.update with the database row, whose editor and locale are null (found by the differential
campaign; the messages are those the real server sent)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from mock_server.wikijs.header_handles import add_header_handles
from mock_server.wikijs.rendering import MARKDOWN, render
from mock_server.wikijs.toc import table_of_contents
from tests.mock_server.support import MockClient

CONTENT = "# shared\n\n## a & b\n\n### c\n\n# two\n\n#### too deep"
CREATE = (
    'mutation($content: String!) { pages { create(path: "toc/page", title: "T", content: $content, description: "",'
    ' editor: "markdown", isPublished: true, isPrivate: false, locale: "en", tags: []) {'
    " responseResult { succeeded } page { id toc editor locale } } } }"
)
SINGLE = '{ pages { singleByPath(path: "toc/page", locale: "en") { id title toc } } }'


def toc_of(content: str) -> list[dict[str, object]]:
    return table_of_contents(add_header_handles(render(content, MARKDOWN)))


def test_headings_nest_under_the_last_heading_one_level_up() -> None:
    assert toc_of(CONTENT) == [
        {
            "title": "shared",
            "anchor": "#shared",
            "children": [
                {"title": "a & b", "anchor": "#a-b", "children": [{"title": "c", "anchor": "#c", "children": []}]}
            ],
        },
        {"title": "two", "anchor": "#two", "children": []},
    ]


def test_without_an_h1_the_h2_are_the_top_level() -> None:
    assert toc_of("### orphan\n\n## top\n\n### child") == [
        {"title": "top", "anchor": "#top", "children": [{"title": "child", "anchor": "#child", "children": []}]}
    ]
    assert table_of_contents(None) == []


def test_docs_serve_the_stored_json_text(mock: Callable[..., MockClient]) -> None:
    client = mock("wikijs")
    created = client.query(CREATE, {"content": "# shared"})
    page = created["data"]["pages"]["create"]["page"]
    assert {key: page[key] for key in ("toc", "editor", "locale")} == {
        "toc": "[]",
        "editor": "markdown",
        "locale": "en",
    }
    read = client.query(SINGLE)
    assert "errors" not in read
    assert json.loads(read["data"]["pages"]["singleByPath"]["toc"]) == toc_of("# shared")
    assert read["data"]["pages"]["singleByPath"]["toc"] == '[{"title":"shared","anchor":"#shared","children":[]}]'


@pytest.mark.parametrize(
    ("content", "printed"),
    [
        ("# shared", '[{ title: "shared", anchor: "#shared", children: [] }]'),
        ("# a\n\n## b", '[{ title: "a", anchor: "#a", children: [Array] }]'),
        ("text", "[]"),
    ],
)
def test_2_5_314_cannot_serialise_the_parsed_list(mock: Callable[..., MockClient], content: str, printed: str) -> None:
    client = mock("wikijs", emulate="2.5.314")
    created = client.query(CREATE, {"content": content})
    assert created["data"]["pages"]["create"] == {"responseResult": {"succeeded": True}, "page": None}
    assert [(e["message"], e["path"]) for e in created["errors"]] == [
        ("String cannot represent value: []", ["pages", "create", "page", "toc"]),
        ("Cannot return null for non-nullable field Page.editor.", ["pages", "create", "page", "editor"]),
    ]
    read = client.query(SINGLE)
    assert read["data"]["pages"]["singleByPath"]["toc"] is None
    assert read["data"]["pages"]["singleByPath"]["title"] == "T"
    error = read["errors"][0]
    assert (error["message"], error["path"]) == (
        f"String cannot represent value: {printed}",
        ["pages", "singleByPath", "toc"],
    )
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
