"""One small HTTP client for every target: embedded mock, local process or live URL.

``http.client`` instead of a high-level library on purpose: the suites must send exactly the
bytes a rule talks about (invalid UTF-8, 100,000-character URLs, any method, no or wrong
Content-Type) without a library "fixing" the request first.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

from harness.pacing import RETRIES, Pacer, retry_after
from harness.secrets import Redactor
from harness.serial_writes import ApiSwitchLock, PageWriteLock

JSON = "application/json"
TIMEOUT_SECONDS = 60.0


class TargetUnreachable(Exception):
    """The target did not answer at all: a harness/environment problem, not a rule failure."""


@dataclass(frozen=True)
class Request:
    method: str
    url: str
    headers: tuple[tuple[str, str], ...]
    body: bytes | None


@dataclass(frozen=True)
class Response:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def header(self, name: str) -> str | None:
        """First value of a header, case-insensitively."""
        lowered = name.lower()
        return next((v for k, v in self.headers if k.lower() == lowered), None)

    def has_header_prefix(self, prefix: str) -> list[str]:
        return [k for k, _ in self.headers if k.lower().startswith(prefix.lower())]

    @property
    def media_type(self) -> str:
        return (self.header("Content-Type") or "").split(";")[0].strip().lower()

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))

    def text(self, limit: int = 500) -> str:
        return self.body[:limit].decode("utf-8", errors="replace")


@dataclass(frozen=True)
class Exchange:
    request: Request
    response: Response
    seconds: float

    def describe(self, redactor: Redactor) -> str:
        """A short account of the exchange for assertion messages, secrets removed."""
        text = (
            f"{self.request.method} {_clip(self.request.url)} -> {self.response.status} "
            f"{self.response.media_type or '(no content type)'}: {self.response.text(300)!r}"
        )
        return redactor.redact(text)


def _clip(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} chars)"


@dataclass
class HttpClient:
    """Sends raw requests to one base URL and journals them for reproduction on failure."""

    base_url: str
    default_headers: Mapping[str, str] = field(default_factory=dict)
    journal: list[Exchange] = field(default_factory=list)
    pacer: Pacer = field(default_factory=Pacer)
    waits_out_refusals: bool = True
    """A rate-limit refusal is waited out and the request sent again; the rate-limit suites, which
    must see the refusals, turn this off."""
    timeout_seconds: float = TIMEOUT_SECONDS
    page_writes: PageWriteLock | None = None
    """Live targets: page mutations of all workers one at a time (see :mod:`harness.serial_writes`)."""
    api_switch: ApiSwitchLock | None = None
    """Live targets with ``--allow-api-switch``: no request while a test has the API off."""

    def with_headers(self, headers: Mapping[str, str]) -> HttpClient:
        """Another identity on the same target: same journal, same budget and rate cap."""
        return HttpClient(
            self.base_url,
            headers,
            self.journal,
            self.pacer,
            self.waits_out_refusals,
            self.timeout_seconds,
            self.page_writes,
            self.api_switch,
        )

    def send(
        self,
        method: str,
        *,
        url: str | None = None,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        body: bytes | None = None,
    ) -> Exchange:
        full_url = url or self.base_url
        if params:
            full_url = f"{full_url}{'&' if '?' in full_url else '?'}{urlencode(params)}"
        merged = {**self.default_headers, **(headers or {})}
        request = Request(method, full_url, tuple(merged.items()), body)
        for _ in range(RETRIES):
            self.pacer.admit()
            with (
                self.api_switch.shared() if self.api_switch else contextlib.nullcontext(),
                self.page_writes.held_for(body) if self.page_writes else contextlib.nullcontext(),
            ):
                exchange = self._perform(request)
            response = exchange.response
            pause = retry_after(response.status, response.headers, response.body)
            if pause is None or not self.waits_out_refusals or not self.pacer.wait(pause):
                break
        self.journal.append(exchange)
        return exchange

    def _perform(self, request: Request) -> Exchange:
        parts = urlsplit(request.url)
        connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        connection = connection_class(parts.netloc, timeout=self.timeout_seconds)
        target = request.url[len(f"{parts.scheme}://{parts.netloc}") :] or "/"
        started = time.perf_counter()
        try:
            connection.putrequest(request.method, target, skip_accept_encoding=True)
            for name, value in request.headers:
                connection.putheader(name, value)
            if request.body is not None:
                connection.putheader("Content-Length", str(len(request.body)))
            # A server may refuse an oversized body before reading all of it; its answer is
            # then usually already waiting in the socket.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                connection.endheaders(request.body)
            raw = connection.getresponse()
            response = Response(raw.status, tuple(raw.getheaders()), raw.read())
        except (OSError, http.client.HTTPException) as exc:
            # A server may close the connection on an over-limit request before reading it;
            # that is an answer only when nothing at all came back.
            raise TargetUnreachable(f"{request.method} {_clip(request.url)}: {exc!r}") from exc
        finally:
            connection.close()
        return Exchange(request, response, time.perf_counter() - started)

    # ---- GraphQL conveniences --------------------------------------------------------------

    def post_json(self, payload: Any, *, headers: Mapping[str, str] | None = None) -> Exchange:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        return self.send("POST", headers={"Content-Type": JSON, "Accept": JSON, **(headers or {})}, body=body)

    def graphql(
        self,
        query: str,
        variables: Mapping[str, Any] | None = None,
        operation_name: str | None = None,
    ) -> Exchange:
        payload: dict[str, Any] = {"query": query}
        if variables is not None:
            payload["variables"] = dict(variables)
        if operation_name is not None:
            payload["operationName"] = operation_name
        return self.post_json(payload)

    def graphql_data(self, query: str, variables: Mapping[str, Any] | None = None) -> Any:
        """Run an operation that must succeed and return its `data`."""
        exchange = self.graphql(query, variables)
        document = exchange.response.json()
        assert exchange.response.status == 200 and not document.get("errors"), exchange.describe(Redactor(()))
        return document["data"]

    def last(self, count: int = 1) -> Sequence[Exchange]:
        return self.journal[-count:]
