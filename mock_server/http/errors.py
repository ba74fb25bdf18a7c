"""The one exception type for answers that end a request before (or instead of) execution.

Handlers and middlewares raise :class:`HttpError`; a single middleware renders it, so every
rejection (bad body, limit, method, unknown environment) gets the API's error envelope.
"""

from __future__ import annotations

from collections.abc import Mapping

JSON_TYPE = "application/json"


class HttpError(Exception):
    """A complete HTTP answer: status, message, media type of the body and extra headers."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        content_type: str = JSON_TYPE,
        headers: Mapping[str, str] | None = None,
        close_connection: bool = False,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.content_type = content_type
        self.headers: Mapping[str, str] = headers or {}
        self.close_connection = close_connection
        """Close the connection after the answer (the rest of the request will not be read)."""


class RequestError(Exception):
    """Parameters that parse but cannot be run (a non-string operationName, say).

    The GraphQL-over-HTTP convention answers these like a document that fails validation,
    so they are rendered by the executor rather than as a transport error.
    """
