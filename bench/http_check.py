"""One-off GraphQL-over-HTTP requests (stdlib only) for set-up and for checking answers before timing.

Every server is asked each query once before it is timed: the status it answers becomes the expected
status during the timed run (Apollo answers a syntax error with 400, a server may answer 200), and the
bodies let the benchmark check that the mock and Apollo give the same data for the same query.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import Message
from typing import Any


@dataclass(frozen=True)
class Answer:
    """Status, content type, size and parsed body of one response."""

    status: int
    content_type: str
    size: int
    body: Any

    @property
    def has_data(self) -> bool:
        return isinstance(self.body, dict) and self.body.get("data") is not None

    @property
    def has_errors(self) -> bool:
        return isinstance(self.body, dict) and bool(self.body.get("errors"))


def post(url: str, body: bytes, timeout: float = 10.0, headers: Mapping[str, str] | None = None) -> Answer:
    """POST `body` as application/json (with `headers` besides, e.g. a bearer key) and parse the answer as JSON
    (None if it isn't JSON)."""
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "Accept": "application/json", **(headers or {})},
    )
    answer_headers: Message[str, str]
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, answer_headers, raw = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, answer_headers, raw = error.code, error.headers, error.read()
    try:
        parsed = json.loads(raw)
    except ValueError:
        parsed = None
    return Answer(status=status, content_type=answer_headers.get("Content-Type", ""), size=len(raw), body=parsed)


def query(url: str, text: str, headers: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Run a query that must succeed and return its `data`."""
    answer = post(url, json.dumps({"query": text}).encode(), headers=headers)
    if not answer.has_data or answer.has_errors:
        raise RuntimeError(f"query failed at {url} (HTTP {answer.status}): {str(answer.body)[:500]}")
    data = answer.body["data"]
    assert isinstance(data, dict)
    return data
