"""A Wiki.js upload (``POST /u``) built byte for byte, so a file name reaches the mock exactly as
an attacker would send it (an HTTP client library would quote or refuse some of them)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass

from reliability.calls import CALL_TIMEOUT_SECONDS

BOUNDARY = "reliabilityboundary"
FIELD = "mediaUpload"


def upload_body(filename: bytes, data: bytes, folder_id: int = 0) -> bytes:
    head = f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{FIELD}"\r\n\r\n'.encode()
    metadata = json.dumps({"folderId": folder_id}).encode()
    file_head = (
        f'\r\n--{BOUNDARY}\r\nContent-Disposition: form-data; name="{FIELD}"; filename="'.encode()
        + filename
        + b'"\r\nContent-Type: application/octet-stream\r\n\r\n'
    )
    return head + metadata + file_head + data + f"\r\n--{BOUNDARY}--\r\n".encode()


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes


def send(url: str, token: str | None, body: bytes, method: str = "POST") -> Reply:
    headers = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"} if method == "POST" else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=body if method == "POST" else None, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=CALL_TIMEOUT_SECONDS) as response:
            return Reply(response.status, response.read())
    except urllib.error.HTTPError as error:
        return Reply(error.code, error.read())
