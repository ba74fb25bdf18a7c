"""Regression tests of what the fuzz campaign found, over real sockets (the bytes a test client
would refuse to send)."""

from __future__ import annotations

import asyncio
import json

import pytest

from mock_server.http.auth import bearer_token
from reliability.client import Endpoint, RawRequest, exchange
from reliability.mock import MockUnderTest

NOT_UTF8 = "Bearer \xe9\xff"
"""Sent as the latin-1 bytes 0xE9 0xFF; aiohttp reads them as lone surrogates."""


def test_a_token_that_is_not_utf8_is_no_token() -> None:
    assert bearer_token("Bearer \udce9\udcff") is None
    assert bearer_token("Bearer k\u00e9y") == "k\u00e9y"


@pytest.mark.slow
def test_a_non_utf8_authorization_header_is_the_guest_not_a_500() -> None:
    """Found by ``python -m reliability fuzz --api wikijs`` (odd_credentials): HTTP 500 from
    encoding the token for the API-key lookup."""
    mock = MockUnderTest("wikijs")
    url = mock.start()
    try:
        headers = (("Content-Type", "application/json"), ("Authorization", NOT_UTF8))
        request = RawRequest("odd_credentials", b'{"query": "{ __typename }"}', headers=headers)
        answer = asyncio.run(exchange(Endpoint.from_url(url), request, 30))
    finally:
        mock.stop()
    assert answer.status == 200 and json.loads(answer.body) == {"data": {"__typename": "Query"}}
