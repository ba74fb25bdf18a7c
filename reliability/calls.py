"""Plain GraphQL calls over HTTP for the campaign's set-up and checks (not for fuzzing)."""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request
from typing import Any

from graphql import GraphQLSchema, build_client_schema, get_introspection_query

CALL_TIMEOUT_SECONDS = 30.0


class CallError(RuntimeError):
    """A set-up or check call got an HTTP error or GraphQL errors."""


class _FromAddress(urllib.request.HTTPHandler):
    """Connects from a chosen local address: a loopback alias is another client to the mock."""

    def __init__(self, address: str) -> None:
        super().__init__()
        self.address = address

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(http.client.HTTPConnection, req, source_address=(self.address, 0))


def call(
    url: str, token: str | None, document: str, variables: dict[str, Any] | None = None, *, source: str | None = None
) -> dict[str, Any]:
    """POST one operation; the ``data`` of its answer, :class:`CallError` on any error.

    ``source``: the local address to connect from (default: the system's choice)."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    body = json.dumps({"query": document, "variables": variables or {}}).encode()
    request = urllib.request.Request(url, data=body, headers=headers)
    opener = urllib.request.build_opener(*([_FromAddress(source)] if source else []))
    try:
        with opener.open(request, timeout=CALL_TIMEOUT_SECONDS) as response:
            answer: dict[str, Any] = json.loads(response.read())
    except urllib.error.HTTPError as error:
        raise CallError(f"HTTP {error.code}: {error.read()[:500]!r}") from error
    if answer.get("errors"):
        raise CallError(json.dumps(answer["errors"])[:500])
    data: dict[str, Any] = answer["data"]
    return data


def introspect(url: str, token: str | None) -> GraphQLSchema:
    """The schema the target serves, as a client sees it (the same path for both APIs)."""
    return build_client_schema(call(url, token, get_introspection_query()))  # type: ignore[arg-type]
