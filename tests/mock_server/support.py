"""An in-process mock and a synchronous client for it (pytest-asyncio is not a dependency).

Each :class:`MockClient` owns an event loop (``asyncio.Runner``) and one aiohttp test
server, so several requests can share the server's state (the Wiki.js store).
"""

from __future__ import annotations

import asyncio
import io
import json
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from multidict import CIMultiDictProxy
from yarl import URL

from harness.targets import SHARED_KONTENT_RATE_LIMIT
from mock_server import create_app
from mock_server.http.server import ENDPOINT_PATH
from mock_server.wikijs.samples import AdminLogin


@dataclass(frozen=True)
class Reply:
    status: int
    headers: CIMultiDictProxy[str]
    body: bytes

    @property
    def media_type(self) -> str:
        return self.headers.get("Content-Type", "").split(";")[0].strip()

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


@dataclass(frozen=True)
class Request:
    """A request relative to the endpoint: ``query_string`` is appended already encoded."""

    method: str = "POST"
    query_string: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes | None = None
    path: str | None = None

    @classmethod
    def post_json(cls, payload: Any, *headers: tuple[str, str]) -> Request:
        return cls(headers=(("Content-Type", "application/json"), *headers), body=json.dumps(payload).encode())

    @classmethod
    def post_raw(cls, body: bytes, content_type: str | None = "application/json") -> Request:
        headers = (("Content-Type", content_type),) if content_type else ()
        return cls(headers=headers, body=body)

    @classmethod
    def get(cls, query_string: str, accept: str = "application/json") -> Request:
        return cls(method="GET", query_string=query_string, headers=(("Accept", accept),))


class MockClient:
    """``token``, when given, goes with every :meth:`post_json`/:meth:`query` as a Bearer token."""

    def __init__(self, app: web.Application, token: str | None = None) -> None:
        self.endpoint = app[ENDPOINT_PATH]
        self.token = token
        self._runner = asyncio.Runner()
        self._client = self._runner.run(self._start(app))

    @staticmethod
    async def _start(app: web.Application) -> TestClient[web.Request, web.Application]:
        client = TestClient(TestServer(app))
        await client.start_server()
        return client

    def url(self, path: str | None = None, query_string: str = "") -> URL:
        target = str(self._client.make_url(path if path is not None else self.endpoint))
        return URL(target + (f"?{query_string}" if query_string else ""), encoded=True)

    def send(self, request: Request) -> Reply:
        return self._runner.run(self._send(request))

    def post_json(self, payload: Any, *, as_guest: bool = False) -> Reply:
        token = None if as_guest else self.token
        return self.send(Request.post_json(payload, *([("Authorization", f"Bearer {token}")] if token else [])))

    def query(self, document: str, variables: dict[str, Any] | None = None, *, as_guest: bool = False) -> Any:
        """POST a document and return the decoded JSON answer."""
        return self.post_json({"query": document, "variables": variables}, as_guest=as_guest).json()

    async def _send(self, request: Request) -> Reply:
        session = self._client.session
        url = self.url(request.path, request.query_string)
        skip = () if any(name.lower() == "content-type" for name, _ in request.headers) else ("Content-Type",)
        data = io.BytesIO(request.body) if request.body is not None else None  # large bodies, no warning
        async with session.request(
            request.method, url, headers=list(request.headers), data=data, skip_auto_headers=skip
        ) as resp:
            return Reply(resp.status, resp.headers, await resp.read())

    def close(self) -> None:
        self._runner.run(self._client.close())
        self._runner.close()


ADMIN_KEY = "test-admin-key"
"""The full-access key every in-process Wiki.js mock registers (``--admin-api-key``)."""


def start(api: str, **options: Any) -> MockClient:
    """A mock of ``api``; a Wiki.js client calls as the admin key unless asked to be a guest.
    Kontent.ai mocks run far above the documented rate limits unless a test sets ``rate_limit``
    (a test's few large pages would otherwise be refused)."""
    if api != "wikijs":
        if api == "kontent":
            options.setdefault("rate_limit", SHARED_KONTENT_RATE_LIMIT)
        return MockClient(create_app(api, **options))
    options.setdefault("admin", AdminLogin(api_key=ADMIN_KEY))
    return MockClient(create_app(api, **options), ADMIN_KEY)
