"""Regression tests of what the fuzz campaign found, over real sockets (the bytes a test client
would refuse to send)."""

from __future__ import annotations

import asyncio
import json
import os
from http import HTTPStatus
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from mock_server import create_app
from mock_server.cli import main as mock_main
from mock_server.http.auth import bearer_token, cookie_token
from mock_server.http.server import ENDPOINT_PATH
from mock_server.wikijs.asset_store import UPLOADS_DIR
from mock_server.wikijs.samples import AdminLogin
from reliability.client import Answer, Endpoint, RawRequest, exchange
from reliability.mock import MockUnderTest
from reliability.multipart import BOUNDARY, upload_body
from reliability.verdict import leaks
from tests.mock_server.support import ADMIN_KEY, Request, start

BOUND_SECONDS = 5.0
"""Only a bound, half aiohttp's lingering time: a server that answers the 408 but keeps reading
for 10 s (or never times out) fails the exchange here instead of passing late."""


def test_a_token_that_is_not_utf8_is_no_token() -> None:
    assert bearer_token("Bearer \udce9\udcff") is None
    assert bearer_token("Bearer k\u00e9y") == "k\u00e9y"
    assert cookie_token("\udce9") is None and cookie_token("") is None and cookie_token("t") == "t"


@pytest.mark.slow
# "\xe9\xff" goes out as the latin-1 bytes 0xE9 0xFF, which aiohttp reads as lone surrogates
@pytest.mark.parametrize("credential", [("Authorization", "Bearer \xe9\xff"), ("Cookie", "jwt=\xe9\xff")])
def test_a_non_utf8_token_is_the_guest_not_a_500(credential: tuple[str, str]) -> None:
    """Found by ``python -m reliability fuzz --api wikijs`` (odd_credentials): HTTP 500 from
    encoding the token (header or ``jwt`` cookie) for the API-key lookup."""
    mock = MockUnderTest("wikijs")
    url = mock.start()
    try:
        headers = (("Content-Type", "application/json"), credential)
        request = RawRequest("odd_credentials", b'{"query": "{ __typename }"}', headers=headers)
        answer = asyncio.run(exchange(Endpoint.from_url(url), request, 30))
    finally:
        mock.stop()
    assert answer.status == 200 and json.loads(answer.body) == {"data": {"__typename": "Query"}}


def test_system_info_shows_no_path_of_the_mock_host() -> None:
    """Found by ``python -m reliability fuzz --api wikijs`` (a drawn ``system { info }`` query):
    ``configFile`` and ``workingDirectory`` were the mock's own working directory."""
    client = start("wikijs")
    try:
        answer = client.post_json({"query": "{ system { info { configFile workingDirectory dbType } } }"})
    finally:
        client.close()
    info = answer.json()["data"]["system"]["info"]
    assert os.getcwd() not in answer.text and leaks(answer.body) == []
    assert info["configFile"] == f"{info['workingDirectory']}/config.yml"


UPLOAD_HEAD = (("Content-Type", "multipart/form-data; boundary=b"),)
UPLOAD_START = b'--b\r\nContent-Disposition: form-data; name="mediaUpload"; filename="a.txt"\r\n\r\nab'
STALLED = {
    "/graphql": RawRequest("stalled", b'{"query": "{ __typ', declared_length=400, stalled=True),
    "/u": RawRequest("stalled", UPLOAD_START, headers=UPLOAD_HEAD, declared_length=4000, stalled=True),
}


async def _send_to(app: web.Application, path: str, request: RawRequest) -> Answer:
    server = TestServer(app)
    await server.start_server()
    assert server.port is not None
    try:
        return await exchange(Endpoint(server.host, server.port, path, ADMIN_KEY), request, BOUND_SECONDS)
    finally:
        await server.close()


@pytest.mark.parametrize(("api", "path"), [("kontent", "/graphql"), ("wikijs", "/graphql"), ("wikijs", "/u")])
def test_a_body_that_never_ends_gets_408_and_the_connection_closes(api: str, path: str) -> None:
    """A client that declared a body and stopped sending held the connection forever, then
    (after the 408) for aiohttp's 10 s lingering time; the exchange reads until the server
    closes, so an answer within the bound also proves the close."""
    options: dict[str, Any] = {"admin": AdminLogin(api_key=ADMIN_KEY)} if api == "wikijs" else {}
    app = create_app(api, body_timeout=0.2, **options)
    endpoint_path = app[ENDPOINT_PATH] if path == "/graphql" else path
    answer = asyncio.run(_send_to(app, endpoint_path, STALLED[path]))
    assert answer.status == HTTPStatus.REQUEST_TIMEOUT
    assert "did not arrive within 0.2 seconds" in json.loads(answer.body)["errors"][0]["message"]


def test_a_stored_file_replaced_by_a_symlink_is_not_served(tmp_path: Path) -> None:
    """Found by ``python -m reliability uploads``: the asset route followed a symlink planted in
    the uploads directory and served the file it pointed to."""
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"outside secret")
    client = start("wikijs", data_dir=tmp_path / "data")
    multipart = (
        ("Content-Type", f"multipart/form-data; boundary={BOUNDARY}"),
        ("Authorization", f"Bearer {ADMIN_KEY}"),
    )
    try:
        stored = client.send(Request(headers=multipart, body=upload_body(b"a.txt", b"mine"), path="/u"))
        (blob,) = (tmp_path / "data" / UPLOADS_DIR).iterdir()
        blob.unlink()
        blob.symlink_to(secret)
        served = client.send(Request(method="GET", path="/a.txt"))
        again = client.send(Request(headers=multipart, body=upload_body(b"a.txt", b"new"), path="/u"))
    finally:
        client.close()
    assert stored.status == 200 and served.status == HTTPStatus.NOT_FOUND and b"secret" not in served.body
    assert again.status == 200 and secret.read_bytes() == b"outside secret"


@pytest.mark.parametrize("seconds", ["0", "-1", "nan"])
def test_a_body_timeout_that_is_no_positive_number_is_refused(seconds: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        mock_main(["kontent", "--body-timeout", seconds])
    assert exit_info.value.code == 2 and "body timeout must be a positive number" in capsys.readouterr().err
