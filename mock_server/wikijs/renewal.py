"""Handing a renewed login token back, as the 2.5 server does (facts § 3.1): in the ``new-jwt``
response header when the request's ``Content-Type`` is exactly ``application/json``, otherwise
as the ``jwt`` cookie; either way with ``Cache-Control: no-store``."""

from __future__ import annotations

from typing import Any

from aiohttp import hdrs, web

from mock_server.wikijs.auth import Caller

TOKEN_COOKIE = "jwt"
NEW_TOKEN_HEADER = "new-jwt"
JSON = "application/json"
NO_STORE = "no-store"


def send_renewed_token(caller: Any, request: web.Request, response: web.StreamResponse) -> None:
    token = caller.renewed_token if isinstance(caller, Caller) else None
    if token is None:
        return
    if request.headers.get(hdrs.CONTENT_TYPE) == JSON:
        response.headers[NEW_TOKEN_HEADER] = token
    else:
        response.set_cookie(TOKEN_COOKIE, token, path="/", httponly=False, samesite="Lax")
    response.headers[hdrs.CACHE_CONTROL] = NO_STORE
