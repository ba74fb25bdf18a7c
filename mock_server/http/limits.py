"""The URL-length ``request_limit``, checked before anything else looks at the request.

The length is that of the URL as the client sent it, rebuilt from the Host header, so a
suite that counts ``len(url)`` on its side sees the same number.
"""

from __future__ import annotations

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from mock_server.http.errors import HttpError
from specs.model import RequestLimit


def url_limit_middleware(limit: RequestLimit) -> Middleware:
    @web.middleware
    async def check_url_length(request: web.Request, handler: Handler) -> web.StreamResponse:
        length = len(str(request.url))
        if length > limit.max:
            raise HttpError(
                limit.status,
                f"Request URL is too long: {length} {limit.unit}; the limit is {limit.max} {limit.unit}.",
            )
        return await handler(request)

    return check_url_length
