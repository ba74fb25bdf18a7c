"""Regression tests of what the fuzz campaign found, over real sockets (the bytes a test client
would refuse to send)."""

from __future__ import annotations

import asyncio
import json
import os

import pytest

from mock_server.http.auth import bearer_token, cookie_token
from reliability.client import Endpoint, RawRequest, exchange
from reliability.mock import MockUnderTest
from reliability.verdict import leaks
from tests.mock_server.support import start


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
