"""``POST /u`` (asset upload) and the stored files served back at their asset URL.

The upload takes what the real server's multer setup takes (facts § 6), as the
``wikijs.uploads.round_trip`` rule says: one file in a multipart field (``mediaUpload``) and,
in a text field of the same name, the JSON ``{"folderId": <int>}`` (0 = root). Auth comes from
the ``Authorization`` header only. Every refusal is JSON ``{succeeded: false, message}`` with
the real server's status and message; the file-size limit and its answer come from the
``wikijs.uploads.max_file_size`` rule (2.5.314: multer's error on the HTML error page). The
file is read in chunks and dropped as soon as it passes the limit.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from email.message import Message
from email.utils import collapse_rfc2231_value
from http import HTTPStatus
from typing import Any

from aiohttp import BodyPartReader, web
from aiohttp.http_exceptions import HttpProcessingError

from mock_server.http.auth import bearer_token
from mock_server.http.body_timeout import body_deadline
from mock_server.http.responses import dumps
from mock_server.wikijs.access import PageRules
from mock_server.wikijs.asset_store import AssetStore
from mock_server.wikijs.auth import Authenticator
from mock_server.wikijs.filenames import upload_name
from mock_server.wikijs.pages import Clock
from specs.model import UploadForm, UploadLimit

MAX_METADATA = 4096
CONTENT_DISPOSITION = "Content-Disposition"
CHUNK = 65536
UPLOAD_SCOPES = frozenset({"write:assets", "manage:system"})
NOT_ALLOWED = "You are not authorized to upload files."
NO_FILE = "Missing upload payload."
MANY_FILES = "You cannot upload multiple files within the same request."
NO_FOLDER = "Missing upload folder metadata."
BAD_FOLDER = "Failed to fetch folder hierarchy."
FOLDER_FORBIDDEN = "You are not authorized to upload files to this folder."
BAD_NAME = "The file name is invalid."
"""The mock's own answer for a name that sanitises to nothing (the real server would store ``""``)."""
HTML_PAGE = (
    "<!DOCTYPE html>\n<html><head><title>Wiki.js</title></head><body><h1>{status}</h1><p>{message}</p></body></html>\n"
)
"""The mock's stand-in for the 2.5 server's error page (the facts do not show the real one)."""
ASSET_ROUTE = r"/{path:.+\.[^/.]+}"
"""Paths with an extension: where the real server serves assets (``/folder/file.png``)."""


class Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class TooLarge(Exception):
    """The file passed the size limit."""


@dataclass
class _Upload:
    filename: str | None = None
    data: bytes = b""
    files: int = 0
    metadata: str | None = None


def refusal(status: int, message: str) -> web.Response:
    body = dumps({"succeeded": False, "message": message})
    return web.Response(body=body, status=status, content_type="application/json")


def limit_refusal(limit: UploadLimit) -> web.Response:
    """The answer to a file over the limit: the endpoint's JSON, or an error page (``body: html``)."""
    if limit.body == "html":
        page = HTML_PAGE.format(status=limit.status, message=html.escape(limit.message))
        return web.Response(text=page, status=limit.status, content_type="text/html")
    return refusal(limit.status, limit.message)


class Uploads:
    def __init__(
        self,
        store: AssetStore,
        authenticator: Authenticator,
        rules: PageRules,
        limit: UploadLimit,
        form: UploadForm,
        clock: Clock,
    ) -> None:
        self._store, self._authenticator, self._rules = store, authenticator, rules
        self._limit, self.form, self._clock = limit, form, clock

    async def upload(self, request: web.Request) -> web.Response:
        caller = self._authenticator.caller(bearer_token(request.headers.get("Authorization")))
        if caller is None or not caller.permissions & UPLOAD_SCOPES:
            return refusal(HTTPStatus.FORBIDDEN, NOT_ALLOWED)
        try:
            async with body_deadline(request):
                upload = await self._read(request)
            folder_id = _folder_id(upload.metadata, self.form.folder_key)
        except Refused as refused:
            return refusal(refused.status, refused.message)
        except TooLarge:
            return limit_refusal(self._limit)
        folder_path = self._store.folder_path(folder_id)
        if folder_path is None:
            return refusal(HTTPStatus.BAD_REQUEST, BAD_FOLDER)
        filename = upload_name(upload.filename or "", self.form.name_separators, self.form.name_replacement)
        if not filename:
            return refusal(HTTPStatus.BAD_REQUEST, BAD_NAME)
        target = f"{folder_path}/{filename}" if folder_path else filename
        if not self._rules.allows(caller, ["write:assets"], "", target):
            return refusal(HTTPStatus.FORBIDDEN, FOLDER_FORBIDDEN)
        self._store.store(folder_id, folder_path, filename, upload.data, caller.user_id, self._clock())
        return web.Response(text=self.form.answer)

    async def _read(self, request: web.Request) -> _Upload:
        upload = _Upload()
        if not request.content_type.startswith("multipart/"):
            raise Refused(HTTPStatus.BAD_REQUEST, NO_FILE)
        try:
            reader = await request.multipart()
            while (part := await reader.next()) is not None:
                if not isinstance(part, BodyPartReader):
                    continue
                name, filename = _disposition(part)
                if name != self.form.field:
                    continue
                if filename is None:
                    upload.metadata = (await self._bounded(part, MAX_METADATA)).decode("utf-8", "replace")
                    continue
                upload.files += 1
                if upload.files > 1:
                    raise Refused(HTTPStatus.BAD_REQUEST, MANY_FILES)
                upload.filename = filename
                upload.data = await self._bounded(part, self._limit.max_bytes, limit_refusal=True)
        except (ValueError, LookupError, AssertionError, HttpProcessingError) as error:  # unparsable multipart
            raise Refused(HTTPStatus.BAD_REQUEST, NO_FILE) from error
        if upload.files == 0:
            raise Refused(HTTPStatus.BAD_REQUEST, NO_FILE)
        return upload

    async def _bounded(self, part: BodyPartReader, limit: int, *, limit_refusal: bool = False) -> bytes:
        data = bytearray()
        while chunk := await part.read_chunk(CHUNK):
            data.extend(chunk)
            if len(data) > limit:
                if limit_refusal:
                    raise TooLarge()
                raise Refused(HTTPStatus.BAD_REQUEST, NO_FOLDER)
        return bytes(data)

    async def status(self, _: web.Request) -> web.Response:
        return web.Response(body=dumps({"ok": True}), content_type="application/json")

    async def serve(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        asset = self._store.by_path(path) if self.form.downloadable(path) else None
        if asset is None:
            raise web.HTTPNotFound()
        try:
            data = self._store.read(asset)
        except OSError as unreadable:  # emptied by hand, or the file replaced by a symlink
            raise web.HTTPNotFound() from unreadable
        return web.Response(body=data, content_type=asset.mime)


def _disposition(part: BodyPartReader) -> tuple[str | None, str | None]:
    """(field name, file name) of a part. aiohttp's own reader gives up on a quoted value holding
    ``;;`` (``filename="a;;b.png"``), which multer reads; the standard library's does not."""
    message = Message()
    message[CONTENT_DISPOSITION] = part.headers.get(CONTENT_DISPOSITION, "")
    name = message.get_param("name", header=CONTENT_DISPOSITION)
    return (None if name is None else collapse_rfc2231_value(name)), message.get_filename()


def _folder_id(metadata: str | None, key: str) -> int:
    try:
        decoded: Any = json.loads(metadata or "")
    except ValueError:
        decoded = None
    folder = decoded.get(key) if isinstance(decoded, dict) else None
    if not isinstance(folder, int) or isinstance(folder, bool):
        raise Refused(HTTPStatus.BAD_REQUEST, NO_FOLDER)
    return folder


def add_upload_routes(app: web.Application, uploads: Uploads) -> None:
    """After every other route: the asset route matches any path with an extension."""
    app.router.add_post(uploads.form.path, uploads.upload)
    app.router.add_get(uploads.form.path, uploads.status)
    app.router.add_get(ASSET_ROUTE, uploads.serve)
