"""One access-log line per request on stderr, with credentials never printed.

Only the method, the path, a short redacted query string, status, size and duration are
logged. Headers are never logged, so the Authorization header cannot appear; query
parameters that look like credentials (``token``, ``key``...) have their values replaced.
"""

from __future__ import annotations

import logging
from urllib.parse import parse_qsl, urlencode

from aiohttp.abc import AbstractAccessLogger
from aiohttp.web import BaseRequest, StreamResponse

ACCESS_LOGGER = "mock_server.access"
MAX_PATH_CHARS = 200
MAX_QUERY_CHARS = 120
REDACTED = "***"
SECRET_MARKERS = ("token", "key", "secret", "password", "authorization")
ELLIPSIS = "..."


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + ELLIPSIS


def redact_query(raw_query: str) -> str:
    """The query string with credential-like values replaced, shortened for the log."""
    pairs = parse_qsl(raw_query, keep_blank_values=True, errors="replace")
    safe = [
        (name, REDACTED if any(marker in name.lower() for marker in SECRET_MARKERS) else value) for name, value in pairs
    ]
    return _truncate(urlencode(safe, safe="*"), MAX_QUERY_CHARS)


def describe_target(request: BaseRequest) -> str:
    target = _truncate(request.rel_url.raw_path, MAX_PATH_CHARS)
    raw_query = request.rel_url.raw_query_string
    return f"{target}?{redact_query(raw_query)}" if raw_query else target


class AccessLog(AbstractAccessLogger):
    """``GET /graphql?query=... 200 123B 0.8ms``"""

    def log(self, request: BaseRequest, response: StreamResponse, time: float) -> None:
        self.logger.info(
            "%s %s %d %dB %.1fms",
            request.method,
            describe_target(request),
            response.status,
            response.body_length,
            time * 1000,
        )

    @property
    def enabled(self) -> bool:
        return self.logger.isEnabledFor(logging.INFO)
