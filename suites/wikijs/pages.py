"""Page operations of the Wiki.js API as the suites send them, in both client styles.

Argument lists follow the real 2.5 schema (PageMutation.create / delete), so the same calls
work on a live wiki; everything a run creates lives under the run's unique path prefix.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from harness.client import Exchange, HttpClient
from harness.requests import Style
from harness.targets import Target

RESPONSE_STATUS = "responseResult { succeeded errorCode slug message }"
CREATE_ARGUMENTS = {
    "content": "String!",
    "description": "String!",
    "editor": "String!",
    "isPublished": "Boolean!",
    "isPrivate": "Boolean!",
    "locale": "String!",
    "path": "String!",
    "tags": "[String]!",
    "title": "String!",
}
NONEXISTENT_PAGE_ID = 2_147_000_000  # far above any id a wiki hands out, below GraphQL's Int max


@dataclass(frozen=True)
class NewPage:
    path: str
    title: str
    content: str
    locale: str = "en"
    editor: str = "markdown"
    tags: tuple[str, ...] = ()

    def arguments(self) -> dict[str, Any]:
        return {
            "content": self.content,
            "description": "",
            "editor": self.editor,
            "isPublished": True,
            "isPrivate": False,
            "locale": self.locale,
            "path": self.path,
            "tags": list(self.tags),
            "title": self.title,
        }


def _literal(value: Any) -> str:
    """A GraphQL literal; JSON string escapes are valid GraphQL string escapes."""
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    return json.dumps(value)


def create(target: Target, page: NewPage, style: Style = "variables") -> Exchange:
    arguments = page.arguments()
    selection = f"{{ pages {{ create(%s) {{ {RESPONSE_STATUS} page {{ id path }} }} }} }}"
    if style == "inline":
        inline = ", ".join(f"{name}: {_literal(value)}" for name, value in arguments.items())
        return target.client.graphql("mutation " + selection % inline)
    declarations = ", ".join(f"${name}: {kind}" for name, kind in CREATE_ARGUMENTS.items())
    passing = ", ".join(f"{name}: ${name}" for name in CREATE_ARGUMENTS)
    return target.client.graphql(f"mutation CreatePage({declarations}) " + selection % passing, arguments, "CreatePage")


DELETE_SELECTION = f"{{ pages {{ delete(id: %s) {{ {RESPONSE_STATUS} }} }} }}"
DELETE = "mutation DeletePage($id: Int!) " + DELETE_SELECTION % "$id"


def delete(target: Target, page_id: int, style: Style = "variables") -> Exchange:
    if style == "inline":
        return target.client.graphql("mutation " + DELETE_SELECTION % page_id)
    return target.client.graphql(DELETE, {"id": page_id}, "DeletePage")


def result_of(exchange: Exchange, operation: str) -> dict[str, Any]:
    """The operation's payload object (``pages.create`` -> data.pages.create)."""
    namespace, name = operation.split(".")
    document = exchange.response.json()
    payload = ((document.get("data") or {}).get(namespace) or {}).get(name)
    if not isinstance(payload, dict):
        raise AssertionError(f"{operation}: no payload in {exchange.response.text(400)!r}")
    return payload


def create_and_track(target: Target, page: NewPage, style: Style = "variables") -> Exchange:
    """Create a page and make sure the run deletes it again, even if the test fails."""
    exchange = create(target, page, style)
    try:
        created = result_of(exchange, "pages.create").get("page") or {}
    except (AssertionError, ValueError):
        created = {}
    if isinstance(created.get("id"), int):
        track_page(target, created["id"], page.path)
    return exchange


def track_page(target: Target, page_id: int, path: str) -> None:
    """Have the run delete a page it created (or a refused create wrongly made)."""
    target.on_cleanup(f"page {page_id} {path}", lambda: _delete_quietly(target, page_id))


def _delete_quietly(target: Target, page_id: int) -> None:
    delete(target, page_id)


UPDATE = (
    "mutation UpdatePage($id: Int!, $content: String, $title: String, $tags: [String], $isPublished: Boolean) "
    "{ pages { update(id: $id, content: $content, title: $title, tags: $tags, isPublished: $isPublished) "
    f"{{ {RESPONSE_STATUS} page {{ id path }} }} }} }}"
)
MOVE = (
    "mutation MovePage($id: Int!, $path: String!, $locale: String!) { pages { move(id: $id, "
    f"destinationPath: $path, destinationLocale: $locale) {{ {RESPONSE_STATUS} }} }} }}"
)
RESTORE = (
    "mutation RestorePage($pageId: Int!, $versionId: Int!) { pages { restore(pageId: $pageId, "
    f"versionId: $versionId) {{ {RESPONSE_STATUS} }} }} }}"
)
HISTORY = (
    "query PageHistory($id: Int!) { pages { history(id: $id, offsetPage: 0, offsetSize: 1000) "
    "{ total trail { versionId actionType valueBefore valueAfter } } } }"
)
SINGLE = "query SinglePage($id: Int!) { pages { single(id: $id) { %s } } }"
PAGE_FIELDS = "id path locale title content"
"""``content`` has an @auth of its own (read:source): a permission check selects ``id`` only."""
BY_PATH = (
    "query PageByPath($path: String!, $locale: String!) { pages { singleByPath(path: $path, locale: $locale) "
    "{ id path locale title content } } }"
)
LIST = "query ListPages { pages { list(limit: 100000) { id path locale title } } }"
TREE = (
    "query PageTree($path: String, $parent: Int, $locale: String!) { pages { tree(path: $path, parent: $parent, "
    "mode: ALL, locale: $locale) { id path title isFolder pageId parent } } }"
)
SEARCH = (
    "query SearchPages($query: String!, $path: String, $locale: String) { pages { search(query: $query, "
    "path: $path, locale: $locale) { results { id path title locale } totalHits } } }"
)


def update(client: HttpClient, page_id: int, content: str, title: str) -> Exchange:
    """A full update, as the admin UI sends it (the real server treats update as a replace)."""
    variables = {"id": page_id, "content": content, "title": title, "tags": [], "isPublished": True}
    return client.graphql(UPDATE, variables, "UpdatePage")


def move(client: HttpClient, page_id: int, path: str, locale: str = "en") -> Exchange:
    return client.graphql(MOVE, {"id": page_id, "path": path, "locale": locale}, "MovePage")


def restore(client: HttpClient, page_id: int, version_id: int) -> Exchange:
    return client.graphql(RESTORE, {"pageId": page_id, "versionId": version_id}, "RestorePage")


def history(client: HttpClient, page_id: int) -> Exchange:
    return client.graphql(HISTORY, {"id": page_id}, "PageHistory")


def trail_action(row: dict[str, Any]) -> tuple[str, str | None, str | None]:
    """A history trail row's actionType, valueBefore and valueAfter."""
    return row["actionType"], row.get("valueBefore"), row.get("valueAfter")


def single(client: HttpClient, page_id: int, fields: str = PAGE_FIELDS) -> Exchange:
    return client.graphql(SINGLE % fields, {"id": page_id}, "SinglePage")


def by_path(client: HttpClient, path: str, locale: str = "en") -> Exchange:
    return client.graphql(BY_PATH, {"path": path, "locale": locale}, "PageByPath")


def listing(client: HttpClient) -> Exchange:
    return client.graphql(LIST, None, "ListPages")


def new_page(target: Target, name: str, content: str = "conformance") -> tuple[int, str]:
    """Create a page under the run's prefix as the admin; its id and path (it must succeed)."""
    path = target.unique_path(name)
    exchange = create_and_track(target, NewPage(path, name, content))
    created = result_of(exchange, "pages.create")
    assert created["responseResult"]["succeeded"], f"setting up page {path}: {exchange.response.text(300)}"
    return created["page"]["id"], path


def tree(client: HttpClient, path: str | None = None, parent: int | None = None, locale: str = "en") -> Exchange:
    """Every node (mode ALL): with ``path``, the siblings of the node there; with ``parent``, its children."""
    return client.graphql(TREE, {"path": path, "parent": parent, "locale": locale}, "PageTree")


def tree_nodes(exchange: Exchange) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = ((exchange.response.json().get("data") or {}).get("pages") or {}).get("tree") or []
    return nodes


def search(client: HttpClient, query: str, path: str | None = None, locale: str = "en") -> Exchange:
    return client.graphql(SEARCH, {"query": query, "path": path, "locale": locale}, "SearchPages")


def search_results(exchange: Exchange) -> list[dict[str, Any]]:
    found = ((exchange.response.json().get("data") or {}).get("pages") or {}).get("search") or {}
    results: list[dict[str, Any]] = found.get("results") or []
    return results
