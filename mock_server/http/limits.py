"""The URL-length ``request_limit``, checked before anything else looks at the request.

The length is that of the URL as the client sent it: scheme, the Host header and the
request target exactly as received (still percent-encoded), so a suite that counts
``len(url)`` on its side sees the same number.
"""

from __future__ import annotations

from aiohttp import web

from mock_server.http.errors import HttpError
from specs.model import RequestLimit

SCHEME_SEPARATOR = "://"


def sent_url_length(request: web.BaseRequest) -> int:
    """``len(str(request.url))`` without building the URL object (this runs on every request)."""
    return len(request.scheme) + len(SCHEME_SEPARATOR) + len(request.host) + len(request.raw_path)


def check_url_length(request: web.BaseRequest, limit: RequestLimit) -> None:
    length = sent_url_length(request)
    if length > limit.max:
        raise HttpError(
            limit.status,
            f"Request URL is too long: {length} {limit.unit}; the limit is {limit.max} {limit.unit}.",
        )
