"""Uploads to the Wiki.js mock as a browser sends them (``POST /u``, multipart), shared by the
asset and export tests."""

from __future__ import annotations

import json
import uuid
from typing import Any

from tests.mock_server.support import MockClient, Request

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))


def multipart(parts: list[tuple[str, str | None, bytes]]) -> tuple[bytes, str]:
    """(field name, file name or None for a text field, content) -> body and content type."""
    boundary = uuid.uuid4().hex
    body = b""
    for name, filename, content in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename is not None else "")
        body += f"--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n".encode() + content + b"\r\n"
    return body + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def upload(client: MockClient, filename: str, data: bytes, folder: Any = 0, token: str | None = "") -> Any:
    body, content_type = multipart([("mediaUpload", None, json.dumps({"folderId": folder}).encode()),
                                    ("mediaUpload", filename, data)])  # fmt: skip
    headers = [("Content-Type", content_type), ("Authorization", f"Bearer {token or client.token}")]
    return client.send(Request(path="/u", headers=tuple(headers), body=body))
