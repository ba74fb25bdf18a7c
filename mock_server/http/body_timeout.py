"""A deadline for reading a request body (``--body-timeout``), and a client that leaves mid-body.

A client that declares a body and never finishes sending it would otherwise hold its
connection and the waiting handler forever. Reading stops at the deadline with HTTP 408 and
the connection is closed, since the rest of that request will never be read. A connection
lost mid-body is a client's doing, not an internal error: it ends as a 400 nobody receives,
instead of a logged traceback and a 500 in the access log.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from http import HTTPStatus

from aiohttp import web

from mock_server.http.errors import HttpError

DEFAULT_BODY_TIMEOUT = 30.0
"""Seconds; far over what any body within the size limits needs on a working connection."""
BODY_TIMEOUT = web.AppKey("body_timeout", float)


LOST = "The connection closed before the request body was complete."


def body_timeout_error(seconds: float) -> HttpError:
    return HttpError(
        HTTPStatus.REQUEST_TIMEOUT,
        f"The request body did not arrive within {seconds:g} seconds.",
        close_connection=True,
    )


@asynccontextmanager
async def body_deadline(request: web.Request) -> AsyncIterator[None]:
    """Reading inside this block ends with :class:`HttpError` 408 once the app's deadline passes
    (400 when the client is gone)."""
    seconds = request.app.get(BODY_TIMEOUT, DEFAULT_BODY_TIMEOUT)
    try:
        async with asyncio.timeout(seconds):
            yield
    except TimeoutError as error:
        raise body_timeout_error(seconds) from error
    except ConnectionResetError as error:
        raise HttpError(HTTPStatus.BAD_REQUEST, LOST, close_connection=True) from error
