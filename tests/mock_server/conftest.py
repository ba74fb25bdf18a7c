"""Fixtures of the mock tests: mocks started in-process and closed after each test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from mock_server.app import configured_rules
from mock_server.wikijs import build_wikijs_app
from mock_server.wikijs.rate_limit import FixedWindows
from mock_server.wikijs.samples import AdminLogin
from tests.mock_server.support import ADMIN_KEY, MockClient, start


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


class _FastClock:
    """A minute passes between any two calls: no ``@rateLimit`` window ever fills."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 60
        return self.now


@pytest.fixture
def unthrottled() -> Iterator[Callable[[str], MockClient]]:
    """``unthrottled("2.5.314")`` -> a Wiki.js mock (admin key) whose rate limits never refuse,
    for tests that call a limited field (comments.create, login*) more often than allowed."""
    started: list[MockClient] = []

    def run(implementation: str = "docs") -> MockClient:
        rules = configured_rules("wikijs", emulate=implementation)
        app = build_wikijs_app(rules, None, AdminLogin(api_key=ADMIN_KEY), FixedWindows(_FastClock()))
        started.append(MockClient(app, ADMIN_KEY))
        return started[-1]

    yield run
    for client in started:
        client.close()
