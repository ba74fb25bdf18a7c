"""Serialising answers: compact JSON bytes, and the rendering of :class:`HttpError`.

JSON is produced once per answer with compact separators; results cached elsewhere are kept
as these bytes so a cache hit costs no serialisation at all.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Mapping
from typing import Any

from aiohttp import hdrs, web
from multidict import CIMultiDict

from mock_server.http.errors import JSON_TYPE, HttpError

CHARSET = "utf-8"

ErrorEnvelope = Callable[[str], Mapping[str, Any]]
"""How an API wraps a transport-level error message into a JSON body."""


def dumps(payload: Any) -> bytes:
    """Compact JSON; ``ensure_ascii`` keeps lone surrogates from user input encodable."""
    return json.dumps(payload, separators=(",", ":")).encode(CHARSET)


JSON_CONTENT_TYPE = f"{JSON_TYPE}; charset={CHARSET}"
JSON_HEADERS = CIMultiDict({hdrs.CONTENT_TYPE: JSON_CONTENT_TYPE})
"""The headers of most answers; each answer gets its copy (aiohttp copies a multidict faster than it
builds one from a dict)."""


def json_response(body: bytes, status: int, headers: Mapping[str, str] | None = None) -> web.Response:
    merged = {**headers, hdrs.CONTENT_TYPE: JSON_CONTENT_TYPE} if headers else JSON_HEADERS
    return web.Response(body=body, status=status, headers=merged)


def is_json(content_type: str) -> bool:
    return content_type == JSON_TYPE or content_type.endswith("+json")


def error_response(error: HttpError, envelope: ErrorEnvelope) -> web.Response:
    """Render an :class:`HttpError` in the media type its rule asks for."""
    if is_json(error.content_type):
        body = dumps(envelope(error.message))
    else:
        text = html.escape(error.message) if error.content_type == "text/html" else error.message
        body = text.encode(CHARSET)
    return web.Response(
        body=body,
        status=error.status,
        content_type=error.content_type,
        charset=CHARSET,
        headers=error.headers,
    )
