"""The aiohttp application around a GraphQL endpoint: error rendering, limits, CORS, access log.

API packages call :func:`build_application` and add their own routes; everything common to
both mocks (and the order in which it applies) lives here.
"""

from __future__ import annotations

import logging
from http import HTTPStatus

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from mock_server.accesslog import ACCESS_LOGGER, AccessLog
from mock_server.http.cors import cors_headers_hook
from mock_server.http.endpoint import GraphQLApi
from mock_server.http.errors import HttpError
from mock_server.http.ide import ASSET_ROUTE, serve_asset
from mock_server.http.limits import url_limit_middleware
from mock_server.http.responses import ErrorEnvelope, error_response

log = logging.getLogger(__name__)

MAX_REQUEST_LINE = 1 << 20
"""aiohttp refuses request lines over 8 KiB by default, before any URL rule could answer;
this lets URLs far over every documented limit reach :mod:`mock_server.http.limits`."""

DEFAULT_MAX_BODY = 1 << 20
"""aiohttp's own body cap, used only by an API without a body ``request_limit`` rule."""

UNEXPECTED_MESSAGE = "Internal error in the mock server."

ENDPOINT_PATH = web.AppKey("endpoint_path", str)
"""Path of the GraphQL endpoint, for the CLI's ``listening on`` line."""


def errors_middleware(envelope: ErrorEnvelope) -> Middleware:
    """Render every rejection in the API's envelope; never let internals reach a client."""

    @web.middleware
    async def render_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            return await handler(request)
        except HttpError as error:
            return error_response(error, envelope)
        except web.HTTPException as error:
            if error.empty_body or error.status < HTTPStatus.BAD_REQUEST:
                raise
            headers = {k: v for k, v in error.headers.items() if k.lower() == "allow"}
            return error_response(HttpError(error.status, error.reason, headers=headers), envelope)
        except Exception:
            log.exception("unhandled error for %s %s", request.method, request.path)
            return error_response(HttpError(HTTPStatus.INTERNAL_SERVER_ERROR, UNEXPECTED_MESSAGE), envelope)

    return render_errors


def build_application(api: GraphQLApi, endpoint_path: str) -> web.Application:
    transport = api.transport
    middlewares = [errors_middleware(api.envelope)]
    if transport.url_limit is not None:
        middlewares.append(url_limit_middleware(transport.url_limit))
    max_body = transport.body_limit.max if transport.body_limit else DEFAULT_MAX_BODY
    app = web.Application(
        middlewares=middlewares,
        client_max_size=max_body + 1,
        handler_args={
            "max_line_size": MAX_REQUEST_LINE,
            "access_log_class": AccessLog,
            "access_log": logging.getLogger(ACCESS_LOGGER),
        },
    )
    app[ENDPOINT_PATH] = endpoint_path
    app.on_response_prepare.append(cors_headers_hook(transport.cors))
    app.router.add_get(ASSET_ROUTE, serve_asset)
    return app
