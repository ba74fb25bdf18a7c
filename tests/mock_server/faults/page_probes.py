"""Probes of the Wiki.js page-read and page-write faults (see ``test_faults``).

A probe may change the mock first (create, update a page) and returns the request whose answer
the fault changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.mock_server.support import MockClient, Request

Probe = Callable[[MockClient], Request]
CREATE = (
    'mutation($p: String!, $l: String!, $t: String!) { pages { create(content: "text", description: "",'
    ' editor: "markdown", isPublished: true, isPrivate: false, locale: $l, path: $p, tags: [], title: $t)'
    " { responseResult { succeeded errorCode slug message } page { id } } } }"
)
UPDATE = (
    'mutation($id: Int!) { pages { update(id: $id, content: "changed", tags: []) { responseResult { errorCode } } } }'
)
SINGLE = "query($id: Int!) { pages { single(id: $id) { isPublished } } }"
HISTORY = "query($id: Int!) { pages { history(id: $id) { total } } }"
MOVE = (
    'mutation($id: Int!) { pages { move(id: $id, destinationPath: "probe/moved", destinationLocale: "en")'
    " { responseResult { errorCode } } } }"
)
ACTIONS = "query($id: Int!) { pages { history(id: $id) { trail { actionType valueBefore valueAfter } } } }"
HISTORY_IDS = "query($id: Int!) { pages { history(id: $id) { trail { versionId } } } }"
RESTORE = (
    "mutation($id: Int!, $v: Int!) { pages { restore(pageId: $id, versionId: $v) { responseResult { errorCode } } } }"
)
TREE = '{ pages { tree(mode: ALL, locale: "en") { path } } }'
EXPORT = (
    'mutation { system { export(entities: ["pages", "users"], path: "probe") '
    "{ responseResult { succeeded errorCode message } } } }"
)
TITLE_WORD = "zebra"
"""In the title of the search probe's page only (not its path, description or content)."""


def _admin(client: MockClient, document: str, variables: dict[str, Any] | None = None) -> Request:
    headers = (("Authorization", f"Bearer {client.token}"),) if client.token else ()
    return Request.post_json({"query": document, "variables": variables}, *headers)


def _updated_page(client: MockClient) -> int:
    """A new published page, then updated with isPublished and title left out."""
    created = client.query(CREATE, {"p": "probe/updated", "l": "en", "t": "t"})
    page_id: int = created["data"]["pages"]["create"]["page"]["id"]
    client.query(UPDATE, {"id": page_id})
    return page_id


def _history(client: MockClient) -> Request:
    return _admin(client, HISTORY, {"id": _updated_page(client)})


def _moved_trail(client: MockClient) -> Request:
    """The trail of an updated page moved afterwards: its newest row is the move."""
    page_id = _updated_page(client)
    client.query(MOVE, {"id": page_id})
    client.query(UPDATE, {"id": page_id})
    return _admin(client, ACTIONS, {"id": page_id})


def _restored_path(client: MockClient) -> Request:
    """A moved page restored to its first version: the restore moves it back to its old path."""
    page_id = _updated_page(client)
    client.query(MOVE, {"id": page_id})
    trail = client.query(HISTORY_IDS, {"id": page_id})["data"]["pages"]["history"]["trail"]
    client.query(RESTORE, {"id": page_id, "v": trail[-1]["versionId"]})
    return _admin(client, "query($id: Int!) { pages { single(id: $id) { path } } }", {"id": page_id})


def _after_update(client: MockClient) -> Request:
    return _admin(client, SINGLE, {"id": _updated_page(client)})


def _search(client: MockClient) -> Request:
    client.query(CREATE, {"p": "probe/searched", "l": "en", "t": f"The {TITLE_WORD}"})
    return _admin(client, f'{{ pages {{ search(query: "{TITLE_WORD}") {{ results {{ id }} totalHits }} }} }}')


def _unknown_locale(client: MockClient) -> Request:
    return _admin(client, CREATE, {"p": "probe/unknown", "l": "xx", "t": "t"})


def _second_export(client: MockClient) -> Request:
    """The same directory again: refused when the first export wrote files into it."""
    client.query(EXPORT)
    return _admin(client, EXPORT)


PAGE_PROBES: dict[str, Probe] = {
    "wikijs.pages.search": _search,
    "wikijs.pages.tree": lambda client: _admin(client, TREE),
    "wikijs.pages.history": _history,
    "wikijs.pages.history_actions": _moved_trail,
    "wikijs.pages.restore": _restored_path,
    "wikijs.pages.update_omitted_arguments": _after_update,
    "wikijs.pages.create_unknown_reference": _unknown_locale,
    "wikijs.system.export": _second_export,
}
"""A request per page rule whose answer its fault changes (the root of the sample tree holds a
folder and a page)."""
