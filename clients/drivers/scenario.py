"""What every client driver shares (standard library only: a driver runs with its client's own
install in front of the path, and must not pull in another client's dependencies).

A driver is run as ``python -m clients.drivers.NAME URL PATH`` with the API key in ``WIKIJS_API_KEY``. It does the
common calls through the client's own API on a page it creates at ``PATH`` and prints one JSON
object: step name -> what the client returned, without the values that differ between two wikis
(ids, dates, hashes), or ``{"error": class, "message": text}`` when the client raised.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from collections.abc import Callable
from typing import Any

KEY_VARIABLE = "WIKIJS_API_KEY"
LOCALE = "en"
TITLE, UPDATED_TITLE = "Client page", "Client page v2"
CONTENT, UPDATED_CONTENT = "# Client page\n\nWritten by a client.", "# Client page\n\nUpdated by a client."
DESCRIPTION = "A page a third-party client wrote"
TAGS = ["client", "Alpha"]
SEARCH_WORD = "client"

VOLATILE = frozenset(
    {"id", "pageId", "versionId", "hash", "createdAt", "updatedAt", "versionDate", "authorId", "creatorId", "key"}
)
"""Keys whose values differ between two wikis for the same calls (row ids, times)."""


def stable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)
    if isinstance(value, dict):
        return {k: stable(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [stable(v) for v in value]
    return value


class Scenario:
    def __init__(self) -> None:
        self.url, self.path = sys.argv[1], sys.argv[2]
        self.key = os.environ[KEY_VARIABLE]
        self.steps: dict[str, Any] = {}

    def step(self, name: str, call: Callable[[], Any]) -> Any:
        """Run one call; record its stable result (or the error) and return the raw result."""
        try:
            value = call()
        except Exception as error:  # a client's own exception classes are the result here
            self.steps[name] = failure(error)
            return None
        self.steps[name] = stable(value)
        return value

    def note(self, name: str, value: Any) -> None:
        self.steps[name] = stable(value)

    def done(self) -> None:
        print(json.dumps(self.steps, sort_keys=True, default=str))


def failure(error: Exception) -> dict[str, Any]:
    """The exception's class and message; for a client that keeps the GraphQL errors (gql's
    ``TransportQueryError.errors``), their messages and codes instead of its text of them, which
    quotes the server's stack trace."""
    errors = getattr(error, "errors", None)
    if isinstance(errors, list) and all(isinstance(e, dict) for e in errors):
        return {
            "error": type(error).__name__,
            "messages": [e.get("message") for e in errors],
            "codes": [(e.get("extensions") or {}).get("code") for e in errors],
        }
    return {"error": type(error).__name__, "message": str(error)}


def listed(items: Any, path: str) -> list[Any]:
    """The entries of a list or search answer that are the page at ``path``."""
    return [item for item in items or [] if _get(item, "path") == path]


def _get(item: Any, key: str) -> Any:
    return item.get(key) if isinstance(item, dict) else getattr(item, key, None)
