"""Fixtures of the mock tests: mocks started in-process and closed after each test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.mock_server.support import MockClient, start


@pytest.fixture
def mock() -> Iterator[Callable[..., MockClient]]:
    """``mock("wikijs", emulate="2.5.314")`` -> a client of a fresh in-process mock."""
    started: list[MockClient] = []

    def run(api: str, **options: Any) -> MockClient:
        client = start(api, **options)
        started.append(client)
        return client

    yield run
    for client in started:
        client.close()
