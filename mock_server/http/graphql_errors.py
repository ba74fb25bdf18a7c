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


def format_error(error: GraphQLError, code: str | None = None) -> dict[str, Any]:
    """``{message, locations, path, extensions}`` with ``extensions.code`` set when given."""
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
    if extensions:
        formatted["extensions"] = extensions
    return formatted
