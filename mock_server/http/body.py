"""Reading a POST body within the API's ``request_limit`` and naming its media type.

The limit is enforced twice: on the declared Content-Length (cheap, nothing read) and on
the bytes actually received (chunked or lying clients), reading at most ``max + 1`` bytes so
an oversized body is never buffered whole.
"""

from __future__ import annotations

import asyncio

from aiohttp import web

from mock_server.http.body_timeout import body_deadline
from mock_server.http.errors import HttpError
from specs.model import RequestLimit

_CHUNK = 64 * 1024


def media_type(header: str | None) -> str | None:
    """``application/json; charset=utf-8`` -> ``application/json``; absent header -> None."""
    if header is None:
        return None
    return header.split(";", 1)[0].strip().lower()


def _too_large(limit: RequestLimit, size: str) -> HttpError:
    return HttpError(
        limit.status,
        f"Request body is too large: {size}; the limit is {limit.max} {limit.unit}.",
    )


async def read_body(request: web.Request, limit: RequestLimit | None) -> bytes:
    """The whole body, or an :class:`HttpError` with the limit rule's status once it is over.

    Reading what has yet to arrive runs under the app's deadline (:func:`body_deadline`). A body
    that came with its headers, as nearly every body does, is taken from the buffer at once:
    arming and cancelling a timer for it cost more than the rest of the request's parsing."""
    declared = request.content_length
    if limit is not None and declared is not None and declared > limit.max:
        raise _too_large(limit, f"Content-Length is {declared} {limit.unit}")
    if limit is not None and request.content.is_eof():
        body = request.content.read_nowait()  # the parser delivers at most the declared length
    else:
        async with body_deadline(request):
            body = await _receive(request, limit)
    if limit is not None and len(body) > limit.max:
        raise _too_large(limit, f"more than {limit.max} {limit.unit} were sent")
    return body


async def _receive(request: web.Request, limit: RequestLimit | None) -> bytes:
    if limit is None:
        return await request.read()
    declared = request.content_length
    if declared is not None:
        try:  # the HTTP parser never delivers more than the declared length
            return await request.content.readexactly(declared)
        except asyncio.IncompleteReadError as error:
            return error.partial
    chunks: list[bytes] = []
    size = 0
    while size <= limit.max:
        chunk = await request.content.read(min(_CHUNK, limit.max + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)
