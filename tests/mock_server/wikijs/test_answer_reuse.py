"""Reused Wiki.js query answers and the clock: an answer is reused only while its caller is the same.

No query resolver reads the clock (its readers are mutations, run on the writer thread and counted
in the reuse key); the clock reaches a query's answer only through who the caller is, which is
resolved before the reuse cache is asked and is part of its key."""

from __future__ import annotations

import time
from collections.abc import Callable

from tests.mock_server.support import MockClient, Request

LIFETIME_MS = 1_500
CREATE_KEY = (
    'mutation($e: String!) { authentication { createApiKey(name: "short", expiration: $e, fullAccess: true) { key } } }'
)
KEYS = "{ authentication { apiKeys { id } } }"


def test_an_answer_is_not_reused_once_its_callers_key_has_expired(mock: Callable[..., MockClient]) -> None:
    client = mock("wikijs")
    created = client.query(CREATE_KEY, {"e": str(LIFETIME_MS)})
    key = created["data"]["authentication"]["createApiKey"]["key"]
    probe = Request.post_json({"query": KEYS}, ("Authorization", f"Bearer {key}"))
    valid = client.send(probe).json()
    assert valid["data"]["authentication"]["apiKeys"] and "errors" not in valid
    assert client.send(probe).json() == valid  # the same caller: the answer may be reused
    time.sleep(LIFETIME_MS / 1000 + 0.2)
    expired = client.send(probe).json()
    assert "errors" in expired and expired != valid
