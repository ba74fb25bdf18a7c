"""Assets as the suites handle them: uploads through ``POST /u``, lookup by name, renames, deletion.

A run's assets live in the root folder under names that start with the run's marker
(``conformance-<run id>-``): Wiki.js 2.x has no mutation that deletes an asset folder, so a run
creates no folder on a live wiki, while every asset it uploads is deleted at the end and
:func:`leftovers` finds any that escaped the ledger. The form of the upload (field names, the
folder JSON, the answer, how names are cleaned) is the ``wikijs.uploads.round_trip`` rule's.
"""

from __future__ import annotations

import json
import re
import secrets
from typing import Any

from harness.client import Exchange, HttpClient
from harness.targets import Target
from specs.model import UploadForm
from suites.wikijs.pages import RESPONSE_STATUS, result_of
from suites.wikijs.rule_ids import UPLOAD_ROUND_TRIP

ROOT_FOLDER = 0
GRAPHQL_PATH = "/graphql"
LIST = "query($folder: Int!) { assets { list(folderId: $folder, kind: ALL) { id filename fileSize } } }"
DELETE = f"mutation($id: Int!) {{ assets {{ deleteAsset(id: $id) {{ {RESPONSE_STATUS} }} }} }}"
RENAME = (
    "mutation($id: Int!, $name: String!) { assets { renameAsset(id: $id, filename: $name)"
    f" {{ {RESPONSE_STATUS} }} }} }}"
)
CREATE_FOLDER = (
    "mutation($parent: Int!, $slug: String!) { assets { createFolder(parentFolderId: $parent, slug: $slug)"
    f" {{ {RESPONSE_STATUS} }} }} }}"
)
SET_UP_EXTENSION = ".bin"
"""Extension of the assets the error-code scenarios rename."""


def form(target: Target) -> UploadForm:
    return target.rules[UPLOAD_ROUND_TRIP].data_as(UploadForm)


def site_url(target: Target, path: str) -> str:
    """An address next to the GraphQL endpoint (``/u``, ``/<asset name>``)."""
    return target.url.rstrip("/").removesuffix(GRAPHQL_PATH) + path


def marker(target: Target) -> str:
    """What every asset name of the run starts with (lower case, as the server stores names)."""
    return f"conformance-{target.run_id}-".lower()


def stored_name(upload_form: UploadForm, filename: str) -> str:
    """The name the server files an upload under, for names sanitize-filename leaves alone."""
    return re.sub(upload_form.name_separators, lambda _: upload_form.name_replacement, filename.lower())


def multipart(upload_form: UploadForm, folder_id: int, filename: str, data: bytes) -> tuple[bytes, str]:
    """The body the Wiki.js editor sends: the folder JSON, then the file, in the same field."""
    boundary = f"conformance{secrets.token_hex(12)}"
    folder = json.dumps({upload_form.folder_key: folder_id}).encode()
    quoted = filename.replace("\\", "\\\\").replace('"', '\\"')
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{upload_form.field}"\r\n\r\n'.encode()
        + folder
        + f'\r\n--{boundary}\r\nContent-Disposition: form-data; name="{upload_form.field}"; filename="{quoted}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def upload(target: Target, client: HttpClient, filename: str, data: bytes) -> Exchange:
    """``POST /u`` of one file to the root folder; whatever it stores under the run's marker is
    deleted at the end of the run."""
    upload_form = form(target)
    body, content_type = multipart(upload_form, ROOT_FOLDER, filename, data)
    exchange = client.send(
        "POST", url=site_url(target, upload_form.path), headers={"Content-Type": content_type}, body=body
    )
    if exchange.response.status < 300:
        for asset in named(target, stored_name(upload_form, filename)):
            track(target, asset["id"], asset["filename"])
    return exchange


def listing(target: Target) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = target.client.graphql_data(LIST, {"folder": ROOT_FOLDER})["assets"]["list"]
    return found


def named(target: Target, filename: str) -> list[dict[str, Any]]:
    return [asset for asset in listing(target) if asset["filename"] == filename]


def track(target: Target, asset_id: int, filename: str) -> None:
    target.on_cleanup(f"asset {asset_id} {filename}", lambda: _delete_if_there(target, asset_id))


def _delete_if_there(target: Target, asset_id: int) -> None:
    """A scenario may have deleted or renamed the asset (wrongly or not): delete it by id if it is there."""
    if any(asset["id"] == asset_id for asset in listing(target)):
        status = result_of(target.client.graphql(DELETE, {"id": asset_id}), "assets.deleteAsset")["responseResult"]
        assert status["succeeded"], f"cleanup of asset {asset_id}: {status}"


def new_asset(target: Target, name: str, extension: str = SET_UP_EXTENSION) -> tuple[int, str]:
    """Upload a small run-named file as the administrator: its id and stored name (it must succeed)."""
    filename = target.unique_name(name).lower() + extension
    exchange = upload(target, target.client, filename, secrets.token_bytes(16))
    found = named(target, filename)
    assert exchange.response.status == 200 and found, f"setting up asset {filename}: {exchange.response.text(300)}"
    return found[0]["id"], filename


def rename(client: HttpClient, asset_id: int, filename: str) -> Exchange:
    return client.graphql(RENAME, {"id": asset_id, "name": filename})


def delete(client: HttpClient, asset_id: int) -> Exchange:
    return client.graphql(DELETE, {"id": asset_id})


def create_folder(client: HttpClient, slug: str, parent: int = ROOT_FOLDER) -> Exchange:
    return client.graphql(CREATE_FOLDER, {"parent": parent, "slug": slug})


def leftovers(target: Target) -> list[tuple[str, str, dict[str, Any]]]:
    """Root assets carrying the run's marker: (kind, description, variables to delete it)."""
    prefix = marker(target)
    return [
        ("asset", f"asset {a['id']} {a['filename']}", {"id": a["id"]})
        for a in listing(target)
        if a["filename"].startswith(prefix)
    ]
