"""The rest of the Wiki.js pages namespace: search, tree, links, render, convert, tags, purge, migrate."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mock_server.wikijs.page_admin import iso_duration
from mock_server.wikijs.rendering import html_to_markdown, internal_links, render
from tests.mock_server.support import MockClient

Mock = Callable[..., MockClient]
STATUS = "responseResult { succeeded errorCode slug message }"
CREATE = f"""mutation($path: String!, $content: String!, $tags: [String]!) {{
  pages {{ create(content: $content, description: "d", editor: "markdown", isPublished: true, isPrivate: false,
    locale: "en", path: $path, tags: $tags, title: "T") {{ {STATUS} page {{ id }} }} }}
}}"""


def mutate(client: MockClient, operation: str, arguments: str = "", selection: str = "") -> Any:
    call = f"{operation}({arguments})" if arguments else operation
    answer = client.query(f"mutation {{ pages {{ {call} {{ {STATUS} {selection} }} }} }}")
    return answer["data"]["pages"][operation]


def create(client: MockClient, path: str, content: str, tags: list[str] | None = None) -> int:
    answer = client.query(CREATE, {"path": path, "content": content, "tags": tags or []})
    page_id: int = answer["data"]["pages"]["create"]["page"]["id"]
    return page_id


def test_search_matches_title_description_and_path_not_content(mock: Mock) -> None:
    client = mock("wikijs")
    in_content = client.query('{ pages { search(query: "EMPHASIS") { results { id } totalHits } } }')
    assert in_content["data"]["pages"]["search"] == {"results": [], "totalHits": 0}
    found = client.query('{ pages { search(query: "MARKDOWN") { results { id path locale } suggestions totalHits } } }')
    assert found["data"]["pages"]["search"] == {
        "results": [{"id": "3", "path": "guides/markdown", "locale": "en"}],
        "suggestions": [],
        "totalHits": 1,
    }
    scoped = '{ pages { search(query: "a", path: "guides", locale: "en") { results { path } totalHits } } }'
    paths = [r["path"] for r in client.query(scoped)["data"]["pages"]["search"]["results"]]
    assert paths == ["guides/getting-started", "guides/markdown"]
    none = client.query('{ pages { search(query: "%", locale: "de") { results { id } totalHits } } }')
    assert none["data"]["pages"]["search"] == {"results": [], "totalHits": 0}


def test_tree_lists_folders_first_and_children_by_parent(mock: Mock) -> None:
    client = mock("wikijs")
    root = client.query('{ pages { tree(mode: ALL, locale: "en") { id path title isFolder parent pageId depth } } }')
    nodes = root["data"]["pages"]["tree"]
    assert [(n["path"], n["isFolder"], n["parent"]) for n in nodes] == [("guides", True, 0), ("home", False, 0)]
    folder = nodes[0]["id"]
    children = client.query(
        'query($p: Int) { pages { tree(parent: $p, mode: PAGES, locale: "en") { path depth title } } }', {"p": folder}
    )["data"]["pages"]["tree"]
    assert children == [
        {"path": "guides/getting-started", "depth": 2, "title": "Getting started"},
        {"path": "guides/markdown", "depth": 2, "title": "Markdown"},
    ]
    siblings = client.query(
        '{ pages { tree(path: "guides/markdown", mode: ALL, locale: "en", includeAncestors: true) { path } } }'
    )["data"]["pages"]["tree"]
    assert [n["path"] for n in siblings] == ["guides", "guides/getting-started", "guides/markdown"]
    assert client.query('{ pages { tree(path: "nope", mode: ALL, locale: "en") { id } } }')["data"]["pages"] == {
        "tree": []
    }
    folders = client.query('{ pages { tree(mode: FOLDERS, locale: "en", parent: -4) { path } } }')
    assert folders["data"]["pages"]["tree"] == [{"path": "guides"}]


def test_links_render_and_convert(mock: Mock) -> None:
    client = mock("wikijs")
    page = create(client, "linking", "See [home](/home) and [md](/guides/markdown#top) and [out](https://x.org).")
    links = client.query('{ pages { links(locale: "en") { id path title links } } }')["data"]["pages"]["links"]
    assert {"id": page, "path": "en/linking", "title": "T", "links": ["en/home", "en/guides/markdown"]} in links
    rendered = client.query(f"{{ pages {{ single(id: {page}) {{ render }} }} }}")["data"]["pages"]["single"]
    assert '<a href="/home">home</a>' in rendered["render"]
    assert mutate(client, "render", f"id: {page}")["responseResult"]["succeeded"]
    assert mutate(client, "render", "id: 999999")["responseResult"]["errorCode"] == 6003
    same = mutate(client, "convert", f'id: {page}, editor: "markdown"')["responseResult"]
    assert (same["errorCode"], same["slug"]) == (1, "Error")
    assert mutate(client, "convert", f'id: {page}, editor: "ckeditor"')["responseResult"]["succeeded"]
    single = client.query(f"{{ pages {{ single(id: {page}) {{ editor contentType content }} }} }}")
    assert single["data"]["pages"]["single"]["contentType"] == "html"
    assert single["data"]["pages"]["single"]["content"].startswith("<p>See <a href")
    unsupported = mutate(client, "convert", f'id: {page}, editor: "asciidoc"')["responseResult"]
    assert unsupported["message"] == "Unsupported source / destination content types combination."
    assert mutate(client, "convert", f'id: {page}, editor: "markdown"')["responseResult"]["succeeded"]
    back = client.query(f"{{ pages {{ single(id: {page}) {{ content }} }} }}")["data"]["pages"]["single"]["content"]
    assert back.strip() == "See [home](/home) and [md](/guides/markdown#top) and [out](https://x.org)."


def test_tags_can_be_renamed_and_deleted(mock: Mock) -> None:
    client = mock("wikijs")
    tags = client.query("{ pages { tags { id tag } } }")["data"]["pages"]["tags"]
    guide = next(t["id"] for t in tags if t["tag"] == "guide")
    welcome = next(t["id"] for t in tags if t["tag"] == "welcome")
    assert mutate(client, "updateTag", f'id: {guide}, tag: " Howto ", title: " How-to "')["responseResult"]["succeeded"]
    taken = mutate(client, "updateTag", f'id: {guide}, tag: "welcome", title: "x"')["responseResult"]
    assert (taken["succeeded"], taken["errorCode"]) == (False, 1)
    listed = client.query('{ pages { list(tags: ["howto"]) { path tags } } }')["data"]["pages"]["list"]
    assert [p["path"] for p in listed] == ["guides/getting-started", "guides/markdown"]
    assert mutate(client, "deleteTag", f"id: {welcome}")["responseResult"]["succeeded"]
    missing = mutate(client, "deleteTag", f"id: {welcome}")["responseResult"]
    assert (missing["errorCode"], missing["message"]) == (1, "This tag does not exist.")
    remaining = client.query("{ pages { tags { tag title } } }")["data"]["pages"]["tags"]
    assert remaining == [{"tag": "howto", "title": "How-to"}]
    home = client.query("{ pages { single(id: 1) { tags { tag } } } }")["data"]["pages"]["single"]
    assert home == {"tags": []}


def test_purge_history_migrate_and_maintenance(mock: Mock) -> None:
    client = mock("wikijs")
    history = "{ pages { history(id: 1) { total } } }"
    assert client.query(history)["data"]["pages"]["history"]["total"] == 1
    assert mutate(client, "purgeHistory", 'olderThan: "P1000Y"')["responseResult"]["succeeded"]
    assert client.query(history)["data"]["pages"]["history"]["total"] == 1
    assert mutate(client, "purgeHistory", 'olderThan: "banana"')["responseResult"]["errorCode"] == 1012
    assert mutate(client, "purgeHistory", 'olderThan: "P1D"')["responseResult"]["succeeded"]
    assert client.query(history)["data"]["pages"]["history"]["total"] == 0
    create(client, "home-de", "x")
    client.query('mutation { pages { move(id: 1, destinationPath: "home", destinationLocale: "de") { __typename } } }')
    migrated = mutate(client, "migrateToLocale", 'sourceLocale: "en", targetLocale: "de"', "count")
    assert migrated["count"] == 3
    listed = client.query('{ pages { list(locale: "de") { path } } }')["data"]["pages"]["list"]
    assert len(listed) == 4
    for operation in ("flushCache", "rebuildTree"):
        assert mutate(client, operation)["responseResult"]["succeeded"]


def test_conflict_latest_and_guest_refusals(mock: Mock) -> None:
    client = mock("wikijs")
    latest = client.query("{ pages { conflictLatest(id: 2) { id authorId authorName tags path locale } } }")
    assert latest["data"]["pages"]["conflictLatest"] == {
        "id": 2,
        "authorId": "1",
        "authorName": "Administrator",
        "tags": ["guide", "welcome"],
        "path": "guides/getting-started",
        "locale": "en",
    }
    missing = client.query("{ pages { conflictLatest(id: 99) { id } } }")
    assert missing["errors"][0]["extensions"]["exception"]["code"] == 6003
    guest = client.query("{ pages { conflictLatest(id: 2) { id } } }", as_guest=True)
    assert guest["errors"][0]["message"] == "Forbidden"
    found = client.query('{ pages { search(query: "home") { totalHits } } }', as_guest=True)
    assert found["data"]["pages"]["search"]["totalHits"] == 1


@pytest.mark.parametrize(
    ("text", "days"), [("P1D", 1), ("p2w", 14), ("PT36H", 1.5), ("P1Y", 365), ("P1M", 30), ("", None), ("P", None)]
)
def test_iso_durations(text: str, days: float | None) -> None:
    duration = iso_duration(text)
    assert (duration.total_seconds() / 86400 if duration is not None else None) == days


def test_rendering_helpers() -> None:
    assert internal_links(render("[a](/x/y) [b](//cdn) [c](/x/y#z)", "markdown")) == ["x/y"]
    assert html_to_markdown("<h2>T</h2><p>a <strong>b</strong><br>c</p><ul><li>i</li></ul>") == (
        "## T\n\na **b**  \nc\n\n- i\n"
    )
    assert render("<b>", "text") == "<pre>&lt;b&gt;</pre>\n"


def test_unknown_ids_answer_as_the_real_server_when_emulating_2_5_314(mock: Mock) -> None:
    docs, real = mock("wikijs"), mock("wikijs", emulate="2.5.314")
    update = (
        'mutation { pages { update(id: 999, content: "x", tags: []) { responseResult { errorCode slug message } } } }'
    )
    assert docs.query(update)["data"]["pages"]["update"]["responseResult"]["errorCode"] == 6003
    assert real.query(update)["data"]["pages"]["update"]["responseResult"] == {
        "errorCode": 1,
        "slug": "Error",
        "message": "Invalid Page Id",
    }
    single = "{ users { single(id: 999) { id } } }"
    assert docs.query(single)["errors"][0]["extensions"]["exception"]["code"] == 1016
    assert real.query(single)["errors"][0]["message"] == "Cannot set properties of undefined (setting 'password')"
    history = "{ pages { history(id: 999) { total } } }"
    assert real.query(history)["errors"][0]["message"] == "Cannot read properties of undefined (reading 'path')"
