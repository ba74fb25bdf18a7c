"""Body and URL ``request_limit`` rules: exactly at the limit passes, one over is refused."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest

from mock_server import DEFAULT_ENVIRONMENT_ID
from specs import default_rules
from specs.model import RequestLimit
from tests.mock_server.support import MockClient, Request

Mock = Callable[..., MockClient]
QUERY = b'{"query": "{ __typename }"}'
MEGABYTE = 1_000_000


def _limit(api: str, target: str) -> RequestLimit:
    (found,) = [
        r.data
        for r in default_rules().for_api(api).of_kind("request_limit")
        if isinstance(r.data, RequestLimit) and r.data.target == target
    ]
    return found


def _body(size: int) -> bytes:
    """A valid request of exactly ``size`` bytes (JSON allows trailing whitespace)."""
    return QUERY + b" " * (size - len(QUERY))


def _assert_too_large(reply_status: int, body: object, limit: RequestLimit) -> None:
    assert reply_status == limit.status
    assert isinstance(body, dict) and "limit" in body["errors"][0]["message"]


@pytest.mark.parametrize("api", ["kontent", "wikijs"])
def test_body_at_the_limit_passes_and_one_over_is_refused(mock: Mock, api: str) -> None:
    limit = _limit(api, "body")
    client = mock(api)
    reply = client.send(Request.post_raw(_body(limit.max)))
    assert reply.status == 200 and "__typename" in reply.json()["data"]
    reply = client.send(Request.post_raw(_body(limit.max + 1)))
    _assert_too_large(reply.status, reply.json(), limit)


def test_a_megabyte_body_is_refused_without_reading_it(mock: Mock) -> None:
    limit = _limit("kontent", "body")
    reply = mock("kontent").send(Request.post_raw(_body(MEGABYTE)))
    _assert_too_large(reply.status, reply.json(), limit)


def test_a_chunked_body_over_the_limit_is_refused(mock: Mock) -> None:
    """No Content-Length: the limit applies to the bytes actually received."""
    limit = _limit("kontent", "body")
    client = mock("kontent")

    async def chunks() -> AsyncIterator[bytes]:
        yield QUERY
        for _ in range(limit.max // 1000 + 2):
            await asyncio.sleep(0)
            yield b" " * 1000

    async def send() -> tuple[int, object]:
        session = client._client.session
        async with session.post(client.url(), data=chunks(), headers={"Content-Type": "application/json"}) as resp:
            return resp.status, await resp.json()

    status, body = client._runner.run(send())
    _assert_too_large(status, body, limit)


def _url_of_length(client: MockClient, length: int, path: str | None = None) -> str:
    base = str(client.url(path, "query=%7B__typename%7D&pad="))
    return base + "a" * (length - len(base))


def test_url_at_the_limit_passes_and_one_over_is_refused(mock: Mock) -> None:
    limit = _limit("kontent", "url")
    client = mock("kontent")
    at_limit = _url_of_length(client, limit.max)
    assert len(at_limit) == limit.max
    reply = client.send(Request.get(at_limit.split("?", 1)[1]))
    assert reply.status == 200 and reply.json() == {"data": {"__typename": "_RootQuery"}}
    reply = client.send(Request.get(_url_of_length(client, limit.max + 1).split("?", 1)[1]))
    assert reply.status == limit.status
    assert "limit" in reply.json()["errors"][0]["message"]


def test_a_100000_char_url_is_refused_before_anything_else(mock: Mock) -> None:
    limit = _limit("kontent", "url")
    client = mock("kontent")
    for path in (None, "/00000000-0000-0000-0000-000000000000", "/nowhere/at/all"):
        query_string = _url_of_length(client, 100_000, path).split("?", 1)[1]
        reply = client.send(Request(method="PUT", query_string=query_string, path=path))
        assert reply.status == limit.status, path


def test_kontent_unknown_environment(mock: Mock) -> None:
    client = mock("kontent")
    other = "00000000-0000-0000-0000-000000000000"
    reply = client.send(Request(method="GET", path=f"/{other}", query_string="query=%7B__typename%7D"))
    assert reply.status == 404
    assert reply.json() == {"errors": [{"message": f"Environment '{other}' does not exist."}]}
    assert client.endpoint == f"/{DEFAULT_ENVIRONMENT_ID}"
