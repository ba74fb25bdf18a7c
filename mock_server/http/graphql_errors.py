"""GraphQL errors as clients see them, and the one kind of exception allowed to reach them.

Resolvers raise :class:`PublicError` for answers the API documents (a Wiki.js error code,
say); anything else is replaced by a generic message before it gets here (see
:mod:`mock_server.http.resolvers`), so no stack trace, path or SQL is ever sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import GraphQLError


class PublicError(Exception):
    """An error whose message and extensions are part of the API's documented answers."""

    def __init__(self, message: str, *, extensions: Mapping[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extensions: dict[str, Any] = dict(extensions or {})


def format_error(
    error: GraphQLError, code: str | None = None, *, fallback_code: str | None = None, debug: bool = False
) -> dict[str, Any]:
    """``{message, locations, path, extensions}`` with ``extensions.code`` set when given, or
    ``fallback_code`` when the error has no code of its own (Apollo gives every error one, so
    clients read ``extensions.code`` without checking). ``debug`` adds what a server in
    development mode adds to every error: ``extensions.exception`` with the stack trace, here
    only its head line (the mock's own frames are nobody's business)."""
    formatted: dict[str, Any] = {"message": error.message}
    if error.locations:
        formatted["locations"] = [{"line": loc.line, "column": loc.column} for loc in error.locations]
    if error.path is not None:
        formatted["path"] = list(error.path)
    extensions = dict(error.extensions or {})
    original = error.original_error
    if not extensions and isinstance(original, PublicError):
        extensions = dict(original.extensions)
    if code is not None:
        extensions["code"] = code
    elif fallback_code is not None:
        extensions.setdefault("code", fallback_code)
    if debug:
        extensions["exception"] = _debug_exception(error, extensions.get("exception"))
    if extensions:
        formatted["extensions"] = extensions
    return formatted


def _debug_exception(error: GraphQLError, exception: Any) -> dict[str, Any]:
    """The thrown error's own properties, then ``message``/``stack`` when it was thrown by a
    resolver, and ``stacktrace``, as Apollo Server 2 in development mode sends them."""
    original = error.original_error
    name = getattr(original, "slug", None) or GraphQLError.__name__
    head = f"{name}: {error.message}"
    detail: dict[str, Any] = dict(exception) if isinstance(exception, Mapping) else {}
    if original is not None and error.path is not None:
        detail = {"stack": head, **detail, "message": error.message}
    return {**detail, "stacktrace": [head]}
