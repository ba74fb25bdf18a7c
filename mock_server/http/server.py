"""The aiohttp application around a GraphQL endpoint: error rendering, limits, CORS, access log.

API packages call :func:`build_application` and add their own routes; everything common to
both mocks (and the order in which it applies) lives here.
"""

from __future__ import annotations

import contextlib
import logging
from http import HTTPStatus

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from mock_server.accesslog import ACCESS_LOGGER, AccessLog
from mock_server.http.cors import cors_origin_headers
from mock_server.http.endpoint import GraphQLApi
from mock_server.http.errors import HttpError
from mock_server.http.ide import ASSET_ROUTE, serve_asset
from mock_server.http.limits import check_url_length
from mock_server.http.responses import error_response

log = logging.getLogger(__name__)

MAX_REQUEST_LINE = 1 << 20
"""aiohttp refuses request lines over 8 KiB by default, before any URL rule could answer;
this lets URLs far over every documented limit reach :mod:`mock_server.http.limits`."""

DEFAULT_MAX_BODY = 1 << 20
"""aiohttp's own body cap, used only by an API without a body ``request_limit`` rule."""

UNEXPECTED_MESSAGE = "Internal error in the mock server."
MAX_PATH_IN_MESSAGE = 200

ENDPOINT_PATH = web.AppKey("endpoint_path", str)
"""Path of the GraphQL endpoint, for the CLI's ``listening on`` line."""


async def close_after(request: web.Request, response: web.StreamResponse) -> None:
    """Send ``response`` and close the connection at once.

    aiohttp otherwise keeps a connection whose body was not read to the end open for its
    lingering time (10 s), reading what the client may still send: right after a 413, but a
    client that stalled mid-body (408) sends nothing more, and would hold its connection ten
    times longer than ``--body-timeout`` says. Closing the transport flushes the answer first.
    """
    response.force_close()
    with contextlib.suppress(ConnectionError):  # the client left first: nothing to send
        await response.prepare(request)
        await response.write_eof()
    request.protocol.force_close()


def framing_middleware(api: GraphQLApi) -> Middleware:
    """The one middleware: URL limit first, every rejection rendered in the API's envelope
    (never with internals), and CORS origin headers on every answer when the rule enables CORS."""
    envelope = api.envelope
    url_limit = api.transport.url_limit
    origin_headers = cors_origin_headers(api.transport.cors)

    @web.middleware
    async def frame(request: web.Request, handler: Handler) -> web.StreamResponse:
        closing = False
        try:
            if url_limit is not None:
                check_url_length(request, url_limit)
            response = await handler(request)
        except HttpError as error:
            response = error_response(error, envelope)
            closing = error.close_connection
        except web.HTTPException as error:
            if error.empty_body or error.status < HTTPStatus.BAD_REQUEST:
                raise
            headers = {k: v for k, v in error.headers.items() if k.lower() == "allow"}
            message = f"{error.reason}: {request.method} {request.path[:MAX_PATH_IN_MESSAGE]}"
            response = error_response(HttpError(error.status, message, headers=headers), envelope)
        except Exception:
            log.exception("unhandled error for %s %s", request.method, request.path)
            response = error_response(HttpError(HTTPStatus.INTERNAL_SERVER_ERROR, UNEXPECTED_MESSAGE), envelope)
        if origin_headers and "Origin" in request.headers:
            response.headers.update(origin_headers)
        if closing:
            await close_after(request, response)
        return response

    return frame


def build_application(api: GraphQLApi, endpoint_path: str) -> web.Application:
    transport = api.transport
    max_body = transport.body_limit.max if transport.body_limit else DEFAULT_MAX_BODY
    app = web.Application(
        middlewares=[framing_middleware(api)],
        client_max_size=max_body + 1,
        handler_args={
            "max_line_size": MAX_REQUEST_LINE,
            "access_log_class": AccessLog,
            "access_log": logging.getLogger(ACCESS_LOGGER),
        },
    )
    app[ENDPOINT_PATH] = endpoint_path
    app.router.add_get(ASSET_ROUTE, serve_asset)
    return app
