"""Wiki.js assets: folders, uploads through ``POST /u`` served back byte for byte, listing by
folder and kind, the rename checks in the real server's order, delete, and the upload refusals."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mock_server.app import configured_rules
from mock_server.wikijs.filenames import asset_name, upload_name
from specs.model import UploadForm, UploadLimit
from tests.mock_server.support import MockClient, Request, start
from tests.mock_server.uploads import PNG, multipart, upload

Mock = Callable[..., MockClient]
STATUS = "responseResult { succeeded errorCode slug message }"
LIMIT = configured_rules("wikijs")["wikijs.uploads.max_file_size"].data_as(UploadLimit)
FORM = configured_rules("wikijs")["wikijs.uploads.round_trip"].data_as(UploadForm)


def mutate(client: MockClient, call: str) -> Any:
    answer = client.query(f"mutation {{ assets {{ {call} {{ {STATUS} }} }} }}")["data"]["assets"]
    return next(iter(answer.values()))["responseResult"]


def listing(client: MockClient, folder: int, kind: str = "ALL") -> list[dict[str, Any]]:
    fields = "id filename ext kind mime fileSize folder { id }"
    query = f"{{ assets {{ list(folderId: {folder}, kind: {kind}) {{ {fields} }} }} }}"
    found: list[dict[str, Any]] = client.query(query)["data"]["assets"]["list"]
    return found


def folders(client: MockClient, parent: int) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = client.query(
        f"{{ assets {{ folders(parentFolderId: {parent}) {{ id slug name }} }} }}"
    )["data"]["assets"]["folders"]
    return found


def test_folders_nest_and_uploads_round_trip(mock: Mock) -> None:
    client = mock("wikijs")
    assert mutate(client, 'createFolder(parentFolderId: 0, slug: "Images", name: "ignored")')["succeeded"]
    assert mutate(client, 'createFolder(parentFolderId: 0, slug: "images")')["errorCode"] == 2002
    (images,) = folders(client, 0)
    assert images["slug"] == images["name"] == "images"
    assert mutate(client, f'createFolder(parentFolderId: {images["id"]}, slug: "icons")')["succeeded"]
    (icons,) = folders(client, images["id"])
    reply = upload(client, "My Logo#1.PNG", PNG, icons["id"])
    assert (reply.status, reply.text) == (200, "ok")
    assert upload(client, "notes.txt", b"plain text", 0).status == 200
    (logo,) = listing(client, icons["id"])
    assert logo | {"id": 0} == {"id": 0, "filename": "my_logo_1.png", "ext": ".png", "kind": "IMAGE",
                                "mime": "image/png", "fileSize": len(PNG), "folder": None}  # fmt: skip
    served = client.send(Request(method="GET", path="/images/icons/my_logo_1.png"))
    assert (served.status, served.body, served.media_type) == (200, PNG, "image/png")
    assert [a["filename"] for a in listing(client, 0, "BINARY")] == ["notes.txt"]
    assert listing(client, 0, "IMAGE") == []
    assert upload(client, "my logo#1.png", b"new bytes", icons["id"]).status == 200
    assert client.send(Request(method="GET", path="/images/icons/my_logo_1.png")).body == b"new bytes"
    assert len(listing(client, icons["id"])) == 1


def test_quoted_file_names_holding_separator_runs_are_read(mock: Mock) -> None:
    """``filename="a;;b.png"`` is a valid quoted value (aiohttp's own reader gives up on it)."""
    client = mock("wikijs")
    assert upload(client, "A;;B c.png", PNG).status == 200
    assert [a["filename"] for a in listing(client, 0)] == ["a_b_c.png"]
    assert client.send(Request(method="GET", path="/a_b_c.png")).body == PNG


def test_the_limit_refusal_reads_as_the_rule_says(mock: Mock) -> None:
    """2.5.314: multer's error on an HTML error page; docs: the endpoint's JSON."""
    emulated = configured_rules("wikijs").as_implemented_by("2.5.314")["wikijs.uploads.max_file_size"]
    limit = emulated.data_as(UploadLimit)
    reply = upload(mock("wikijs", emulate="2.5.314"), "big.bin", b"x" * (limit.max_bytes + 1))
    assert (reply.status, reply.media_type) == (limit.status, "text/html") and limit.message in reply.text
    reply = upload(mock("wikijs"), "big.bin", b"x" * (LIMIT.max_bytes + 1))
    assert (reply.status, reply.json()) == (LIMIT.status, {"succeeded": False, "message": LIMIT.message})


def test_rename_checks_in_order_then_delete(mock: Mock) -> None:
    client = mock("wikijs")
    upload(client, "a.png", PNG)
    upload(client, "b.png", PNG)
    first = next(a["id"] for a in listing(client, 0) if a["filename"] == "a.png")
    assert mutate(client, 'renameAsset(id: 999, filename: "x.png")')["errorCode"] == 2004
    assert mutate(client, f'renameAsset(id: {first}, filename: "a.jpg")')["errorCode"] == 2008
    assert mutate(client, f'renameAsset(id: {first}, filename: ".png")')["errorCode"] == 2007
    assert mutate(client, f'renameAsset(id: {first}, filename: "B.png")')["errorCode"] == 2005
    assert mutate(client, f'renameAsset(id: {first}, filename: "a.png")')["errorCode"] == 2005
    assert mutate(client, f'renameAsset(id: {first}, filename: "../../etc/c.png")')["succeeded"]
    assert client.send(Request(method="GET", path="/....etcc.png")).body == PNG
    assert client.send(Request(method="GET", path="/a.png")).status == 404
    assert mutate(client, f"deleteAsset(id: {first})")["succeeded"]
    assert mutate(client, f"deleteAsset(id: {first})")["errorCode"] == 2004
    assert client.send(Request(method="GET", path="/....etcc.png")).status == 404
    assert mutate(client, "flushTempUploads")["succeeded"]


def test_page_rules_refuse_rename_delete_and_upload(mock: Mock) -> None:
    client = mock("wikijs")
    mutate(client, 'createFolder(parentFolderId: 0, slug: "open")')
    upload(client, "locked.png", PNG)
    locked = listing(client, 0)[0]["id"]
    group = client.query('mutation { groups { create(name: "A") { group { id } } } }')["data"]["groups"]["create"]
    roles = ["read:assets", "write:assets", "manage:assets"]
    rules = [{"id": "o", "match": "START", "path": "open", "deny": False, "roles": roles, "locales": []}]
    update = """mutation($id: Int!, $r: [PageRuleInput]!, $p: [String]!) { groups { update(id: $id, name: "A",
      redirectOnLogin: "/", permissions: $p, pageRules: $r) { responseResult { succeeded } } } }"""
    client.query(update, {"id": group["group"]["id"], "r": rules, "p": roles})
    key = client.query(
        'mutation($g: Int) { authentication { createApiKey(name: "a", expiration: "1d", fullAccess: false, group: $g)'
        " { key } } }",
        {"g": group["group"]["id"]},
    )["data"]["authentication"]["createApiKey"]["key"]

    def as_key(call: str) -> Any:
        document = f"mutation {{ assets {{ {call} {{ {STATUS} }} }} }}"
        reply = client.send(Request.post_json({"query": document}, ("Authorization", f"Bearer {key}")))
        return next(iter(reply.json()["data"]["assets"].values()))["responseResult"]["errorCode"]

    assert as_key(f'renameAsset(id: {locked}, filename: "other.png")') == 2006
    assert as_key(f"deleteAsset(id: {locked})") == 2003
    assert upload(client, "mine.png", PNG, 0, key).json() == {
        "succeeded": False, "message": "You are not authorized to upload files to this folder."}  # fmt: skip
    open_folder = folders(client, 0)[0]["id"]
    assert upload(client, "mine.png", PNG, open_folder, key).status == 200
    mine = listing(client, open_folder)[0]["id"]
    client.query(update, {"id": group["group"]["id"], "r": [*rules, {**rules[0], "id": "x", "path": "open/x",
                                                                     "deny": True}], "p": roles})  # fmt: skip
    assert as_key(f'renameAsset(id: {mine}, filename: "x.png")') == 2009
    guest = client.query("{ assets { list(folderId: 0, kind: ALL) { id } } }", as_guest=True)
    assert guest["data"]["assets"]["list"] == [{"id": locked}]


@pytest.mark.parametrize(
    ("parts", "status", "message"),
    [
        ([], 400, "Missing upload payload."),
        ([("mediaUpload", None, b'{"folderId": 0}')], 400, "Missing upload payload."),
        ([("mediaUpload", "a.png", PNG)], 400, "Missing upload folder metadata."),
        ([("mediaUpload", None, b"{not json"), ("mediaUpload", "a.png", PNG)], 400, "Missing upload folder metadata."),
        ([("mediaUpload", None, b'{"folderId": 77}'), ("mediaUpload", "a.png", PNG)], 400,
         "Failed to fetch folder hierarchy."),
        ([("mediaUpload", None, b'{"folderId": 0}'), ("mediaUpload", "a.png", PNG), ("mediaUpload", "b.png", PNG)],
         400, "You cannot upload multiple files within the same request."),
        ([("mediaUpload", None, b'{"folderId": 0}'), ("mediaUpload", "///", PNG)], 400, "The file name is invalid."),
    ],
)  # fmt: skip
def test_upload_refusals(mock: Mock, parts: list[tuple[str, str | None, bytes]], status: int, message: str) -> None:
    client = mock("wikijs")
    body, content_type = multipart(parts)
    headers = (("Content-Type", content_type), ("Authorization", f"Bearer {client.token}"))
    reply = client.send(Request(path="/u", headers=headers, body=body))
    assert (reply.status, reply.json()) == (status, {"succeeded": False, "message": message})
    assert listing(client, 0) == []


def test_upload_needs_write_assets_and_a_multipart_body(mock: Mock) -> None:
    client = mock("wikijs")
    guest = client.send(Request(path="/u", headers=(("Content-Type", "multipart/form-data; boundary=x"),), body=b""))
    assert (guest.status, guest.json()["message"]) == (403, "You are not authorized to upload files.")
    garbage = (("Content-Type", "multipart/form-data; boundary=zz"), ("Authorization", f"Bearer {client.token}"))
    assert client.send(Request(path="/u", headers=garbage, body=b"--zz\r\nno headers at all")).status == 400
    plain = (("Content-Type", "text/plain"), ("Authorization", f"Bearer {client.token}"))
    assert client.send(Request(path="/u", headers=plain, body=b"x")).status == 400
    assert client.send(Request(method="GET", path="/u")).json() == {"ok": True}


@pytest.mark.parametrize(("implementation", "status"), [("docs", LIMIT.status), ("2.5.314", 500)])
def test_upload_size_limit(mock: Mock, implementation: str, status: int) -> None:
    client = mock("wikijs", emulate=implementation)
    assert upload(client, "big.bin", bytes(LIMIT.max_bytes)).status == 200
    assert upload(client, "bigger.bin", bytes(LIMIT.max_bytes + 1)).status == status
    assert [a["filename"] for a in listing(client, 0)] == ["big.bin"]


def test_bytes_live_under_the_data_dir(mock: Mock, tmp_path: Path) -> None:
    first = start("wikijs", data_dir=tmp_path)
    try:
        upload(first, "kept.png", PNG)
    finally:
        first.close()
    assert [p.read_bytes() for p in (tmp_path / "uploads").iterdir()] == [PNG]
    again = mock("wikijs", data_dir=tmp_path)
    assert again.send(Request(method="GET", path="/kept.png")).body == PNG


def test_names_cannot_leave_their_folder() -> None:
    assert asset_name("../../Etc/Passwd.PNG") == "....etcpasswd.png"
    assert upload_name("/abs/Path, with;spaces #1.png", FORM.name_separators, FORM.name_replacement) == (
        "abspath_with_spaces_1.png"
    )
    assert asset_name("con.txt") == "" and asset_name("...") == ""


def test_a_file_gone_from_disk_is_not_found(mock: Mock, tmp_path: Path) -> None:
    client = mock("wikijs", data_dir=tmp_path)
    upload(client, "lost.png", PNG)
    for stored in (tmp_path / "uploads").iterdir():
        stored.unlink()
    assert client.send(Request(method="GET", path="/lost.png")).status == 404
