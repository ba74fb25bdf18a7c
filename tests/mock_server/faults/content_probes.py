"""Probes of the Wiki.js asset, upload, comment and configuration faults (see ``test_faults``).

Each probe sets up what its code needs through the API (an uploaded asset, a page, a key of a
group whose page rules open only ``open``), then returns the request whose answer the fault
changes. ``test_faults`` hands in ``wikijs_probes.key_for``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from specs import default_rules
from specs.model import PermissionModel, UploadLimit
from tests.mock_server.support import MockClient, Request
from tests.mock_server.uploads import multipart, upload

Probe = Callable[[MockClient], Request]
KeyFor = Callable[[MockClient, list[str], list[dict[str, Any]]], tuple[str, str]]
STATUS = "responseResult { succeeded errorCode slug message }"
ROLES = list(default_rules()["wikijs.permissions.model"].data_as(PermissionModel).page_rule_roles)
LIMIT = default_rules()["wikijs.uploads.max_file_size"].data_as(UploadLimit)
HOME = 1
LIST_ASSETS = "{ assets { list(folderId: 0, kind: ALL) { id filename } } }"
RENAME = f"mutation($id: Int!, $n: String!) {{ assets {{ renameAsset(id: $id, filename: $n) {{ {STATUS} }} }} }}"
DELETE_ASSET = f"mutation($id: Int!) {{ assets {{ deleteAsset(id: $id) {{ {STATUS} }} }} }}"
FOLDER = f'mutation {{ assets {{ createFolder(parentFolderId: 0, slug: "probe") {{ {STATUS} }} }} }}'
SEND_TEST = f"mutation($to: String!) {{ mail {{ sendTest(recipientEmail: $to) {{ {STATUS} }} }} }}"
CREATE_COMMENT = f"mutation($c: String!) {{ comments {{ create(pageId: {HOME}, content: $c) {{ {STATUS} id }} }} }}"
UPDATE_COMMENT = f'mutation($id: Int!) {{ comments {{ update(id: $id, content: "changed") {{ {STATUS} }} }} }}'


def _auth(client: MockClient) -> tuple[str, str]:
    return ("Authorization", f"Bearer {client.token}")


def _asset(client: MockClient, filename: str) -> int:
    upload(client, filename, b"probe bytes")
    found = [a["id"] for a in client.query(LIST_ASSETS)["data"]["assets"]["list"] if a["filename"] == filename]
    return int(found[0])


def _json(document: str, variables: dict[str, Any], header: tuple[str, str]) -> Request:
    return Request.post_json({"query": document, "variables": variables}, header)


def _rename(filename: str, to: str, *, covered: str | None = None) -> Callable[[KeyFor], Probe]:
    """Rename an uploaded asset, as the admin or (``covered``) with a key whose rules open only that path."""

    def build(key_for: KeyFor) -> Probe:
        def probe(client: MockClient) -> Request:
            asset_id = _asset(client, filename)
            header = _auth(client)
            if covered is not None:
                header = _limited(key_for, client, covered)
            return _json(RENAME, {"id": asset_id, "n": to}, header)

        return probe

    return build


def _limited(key_for: KeyFor, client: MockClient, covered: str = "open") -> tuple[str, str]:
    """A key whose group holds every page-rule role, with page rules only for paths starting with ``covered``."""
    rule = {"id": "o", "deny": False, "match": "START", "roles": ROLES, "path": covered, "locales": []}
    return key_for(client, ROLES, [rule])


def content_probes(key_for: KeyFor) -> dict[str, Probe]:
    def folder_twice(client: MockClient) -> Request:
        client.query(FOLDER)
        return Request.post_json({"query": FOLDER}, _auth(client))

    def delete_forbidden(client: MockClient) -> Request:
        return _json(DELETE_ASSET, {"id": _asset(client, "locked.bin")}, _limited(key_for, client))

    def collision(client: MockClient) -> Request:
        _asset(client, "taken.bin")
        return _rename("moving.bin", "taken.bin")(key_for)(client)

    def comment_update(client: MockClient) -> Request:
        comment = client.query(CREATE_COMMENT, {"c": "by the admin"})["data"]["comments"]["create"]["id"]
        return _json(UPDATE_COMMENT, {"id": comment}, _limited(key_for, client))

    def over_limit(client: MockClient) -> Request:
        body, content_type = multipart(
            [("mediaUpload", None, b'{"folderId": 0}'), ("mediaUpload", "big.bin", b"x" * (LIMIT.max_bytes + 1))]
        )
        return Request(path="/u", headers=(("Content-Type", content_type), _auth(client)), body=body)

    def served_back(client: MockClient) -> Request:
        upload(client, "A b.bin", b"round trip")
        return Request(method="GET", path="/a_b.bin")

    return {
        "wikijs.errors.2002": folder_twice,
        "wikijs.errors.2003": delete_forbidden,
        "wikijs.errors.2004": lambda client: _json(DELETE_ASSET, {"id": 999999}, _auth(client)),
        "wikijs.errors.2005": collision,
        "wikijs.errors.2006": _rename("locked.bin", "other.bin", covered="open")(key_for),
        "wikijs.errors.2007": _rename("plain.bin", ".bin")(key_for),
        "wikijs.errors.2008": _rename("plain.bin", "plain.png")(key_for),
        "wikijs.errors.2009": _rename("mine.bin", "theirs.bin", covered="mine")(key_for),
        "wikijs.errors.3002": lambda client: _json(SEND_TEST, {"to": "probe@example.org"}, _auth(client)),
        "wikijs.errors.3004": lambda client: _json(SEND_TEST, {"to": "a"}, _auth(client)),
        "wikijs.errors.3004:trigger": lambda client: _json(SEND_TEST, {"to": "abcdef"}, _auth(client)),
        "wikijs.errors.5002": lambda client: Request.post_json(
            {"query": '{ localization { translations(locale: "xx", namespace: "common") { key } } }'}
        ),
        "wikijs.errors.7002": lambda client: Request.post_json(
            {"query": f"mutation {{ system {{ renewHTTPSCertificate {{ {STATUS} }} }} }}"}, _auth(client)
        ),
        "wikijs.errors.8002": lambda client: _json(CREATE_COMMENT, {"c": "a comment"}, _limited(key_for, client)),
        "wikijs.errors.8003": lambda client: _json(CREATE_COMMENT, {"c": "x"}, _auth(client)),
        "wikijs.errors.8003:trigger": lambda client: _json(CREATE_COMMENT, {"c": "xy"}, _auth(client)),
        "wikijs.errors.8004": comment_update,
        "wikijs.errors.8005": lambda client: _json(
            f"mutation {{ comments {{ delete(id: 999999) {{ {STATUS} }} }} }}", {}, _auth(client)
        ),
        "wikijs.errors.8006": lambda client: _json(
            '{ comments { list(locale: "en", path: "home") { id } } }', {}, _limited(key_for, client)
        ),
        "wikijs.uploads.max_file_size": over_limit,
        "wikijs.uploads.round_trip": served_back,
    }
