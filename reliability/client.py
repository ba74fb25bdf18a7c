"""A raw HTTP/1.1 exchange over asyncio streams.

A regular HTTP client refuses to send what the fuzzer needs (invalid UTF-8 bodies, a
Content-Length larger than the body, a body trickled in pieces), so requests are written as
bytes and the answer is read until the server closes the connection (``Connection: close``).
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from urllib.parse import urlsplit

SLOW_PIECES = 4


@dataclass(frozen=True)
class RawRequest:
    """One request as the fuzzer sends it; ``kind`` names the generator that made it."""

    kind: str
    body: bytes = b""
    method: str = "POST"
    query_string: str = ""
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "application/json"),)
    declared_length: int | None = None
    """A Content-Length larger than the body: the client half-closes after the body (truncation)."""
    stalled: bool = False
    """With ``declared_length``: the client neither sends the rest nor closes (a body that never ends)."""
    piece_delay: float = 0.0
    """Seconds between the pieces of a slowly sent body."""


@dataclass(frozen=True)
class Answer:
    status: int | None
    """None: the server closed the connection without an answer."""
    body: bytes = field(repr=False, default=b"")


@dataclass(frozen=True)
class Endpoint:
    host: str
    port: int
    path: str
    token: str | None = field(default=None, repr=False)

    @classmethod
    def from_url(cls, url: str, token: str | None = None) -> Endpoint:
        parts = urlsplit(url)
        assert parts.hostname is not None and parts.port is not None, url
        return cls(parts.hostname, parts.port, parts.path or "/", token)


def encode(endpoint: Endpoint, request: RawRequest) -> tuple[bytes, bytes]:
    """The request head and the body bytes to send after it."""
    target = endpoint.path + (f"?{request.query_string}" if request.query_string else "")
    lines = [f"{request.method} {target} HTTP/1.1", f"Host: {endpoint.host}:{endpoint.port}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in request.headers]
    if endpoint.token:
        lines.append(f"Authorization: Bearer {endpoint.token}")
    if request.body or request.method == "POST":
        length = request.declared_length if request.declared_length is not None else len(request.body)
        lines.append(f"Content-Length: {length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"), request.body


def parse_answer(raw: bytes) -> Answer:
    if not raw.startswith(b"HTTP/"):
        return Answer(None, raw)
    head, _, body = raw.partition(b"\r\n\r\n")
    status_line = head.split(b"\r\n", 1)[0].split(b" ")
    return Answer(int(status_line[1]), body)


async def _send(writer: asyncio.StreamWriter, body: bytes, request: RawRequest) -> None:
    if request.piece_delay and body:
        step = max(1, len(body) // SLOW_PIECES)
        for start in range(0, len(body), step):
            writer.write(body[start : start + step])
            await writer.drain()
            await asyncio.sleep(request.piece_delay)
    else:
        writer.write(body)
        await writer.drain()
    if request.declared_length is not None and not request.stalled and writer.can_write_eof():
        writer.write_eof()


async def exchange(endpoint: Endpoint, request: RawRequest, timeout: float) -> Answer:
    """Send one request on a fresh connection; :class:`TimeoutError` when no answer comes in time."""
    head, body = encode(endpoint, request)

    async def run() -> Answer:
        reader, writer = await asyncio.open_connection(endpoint.host, endpoint.port)
        try:
            writer.write(head)
            with contextlib.suppress(ConnectionError):  # the server may answer (413) and close early
                await _send(writer, body, request)
            return parse_answer(await reader.read())
        except ConnectionResetError:
            return Answer(None)
        finally:
            writer.close()

    return await asyncio.wait_for(run(), timeout)
