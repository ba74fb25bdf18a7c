"""Real Wiki.js client libraries from PyPI, driven through their own APIs, against the mock in
its docs behaviour and as 2.5.314: the common calls give the expected results.

Each client runs in a subprocess with only its own install in front of the path (see
:mod:`clients.run`); ``bench/RESULTS.md`` records the same drivers against a real 2.5.314.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from clients.drivers.scenario import CONTENT, DESCRIPTION, TITLE, UPDATED_CONTENT, UPDATED_TITLE
from clients.packages import WIKIJS_CLIENTS
from clients.run import run_driver
from mock_server import create_app
from mock_server.wikijs.samples import AdminLogin
from tests.clients.support import require, serving
from tests.mock_server.support import ADMIN_KEY

IMPLEMENTATIONS = ("docs", "2.5.314")
AUTHOR = "Administrator"
TAG_NAMES = ["client", "alpha"]
"""The driver's tags as every wiki stores them (lower-cased)."""


@pytest.fixture(scope="module", params=IMPLEMENTATIONS)
def wiki_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A mock on a loopback port, served from a thread (the clients are other processes)."""
    with serving(create_app("wikijs", emulate=request.param, admin=AdminLogin(api_key=ADMIN_KEY))) as url:
        yield url


def drive(key: str, url: str) -> dict[str, Any]:
    package = next(p for p in WIKIJS_CLIENTS if p.key == key)
    require(package.target, package.requirement)
    return run_driver(package, url, ADMIN_KEY, f"clients/test/{key}")


def assert_page(page: dict[str, Any], title: str, content: str) -> None:
    assert (page["title"], page["content"], page["description"]) == (title, content, DESCRIPTION)
    assert [t["tag"] for t in page["tags"]] == TAG_NAMES


def assert_refused(step: dict[str, Any]) -> None:
    messages = step.get("messages") or [step.get("message")]
    assert "error" in step and messages == ["This page does not exist."], step


def test_wikijs_pyclient(wiki_url: str) -> None:
    """Selects every field of its models: authorName and the like must not be null."""
    steps = drive("wikijs-pyclient", wiki_url)
    assert steps["create"]["responseResult"]["succeeded"], steps["create"]
    for read in ("read_by_id", "read_by_path"):
        assert_page(steps[read], TITLE, CONTENT)
        assert (steps[read]["authorName"], steps[read]["creatorName"]) == (AUTHOR, AUTHOR)
    assert [item["title"] for item in steps["list"]] == [TITLE]
    assert [item["title"] for item in steps["search"]] == [TITLE]
    assert steps["update"]["responseResult"]["succeeded"], steps["update"]
    assert_page(steps["read_updated"], UPDATED_TITLE, UPDATED_CONTENT)
    trail = steps["history"]["trail"]
    assert steps["history"]["total"] == len(trail) == 1 and trail[0]["authorName"] == AUTHOR
    assert (steps["version"]["title"], steps["version"]["content"]) == (TITLE, CONTENT)
    assert steps["delete"]["responseResult"]["succeeded"]
    assert_refused(steps["read_deleted"])


def test_wikijs_client(wiki_url: str) -> None:
    """Finds pages by path through pages.list/pages.search, then reads them by id."""
    steps = drive("wikijs-client", wiki_url)
    assert steps["version"], "system.info.currentVersion"
    assert steps["create"]["succeeded"], steps["create"]
    assert_page(steps["read_by_path"], TITLE, CONTENT)
    assert [item["title"] for item in steps["list"]] == [TITLE]
    assert [item["title"] for item in steps["search"]] == [TITLE]
    assert steps["update"]["succeeded"], steps["update"]
    assert_page(steps["read_updated"], UPDATED_TITLE, UPDATED_CONTENT)
    assert steps["delete"]["succeeded"], steps["delete"]
    assert steps["read_deleted"] is None, "a deleted path is not found"


def test_wikijspy(wiki_url: str) -> None:
    """Builds a client schema from introspection (gql, graphql-core 3.2) and validates each call."""
    steps = drive("wikijspy", wiki_url)
    assert steps["create"]["responseResult"]["succeeded"], steps["create"]
    assert steps["create"]["page"]["authorName"] == AUTHOR
    read = steps["read_by_id"]
    assert (read["title"], read["content"], read["authorName"]) == (TITLE, CONTENT, AUTHOR), read
    assert [item["tags"] for item in steps["list"]] == [TAG_NAMES]
    assert steps["update"]["responseResult"]["succeeded"], steps["update"]
    assert (steps["read_updated"]["title"], steps["read_updated"]["content"]) == (UPDATED_TITLE, UPDATED_CONTENT)
    assert steps["delete"]["responseResult"]["succeeded"]
    assert_refused(steps["read_deleted"])


def test_every_client_has_a_test() -> None:
    tested = {"wikijs-pyclient", "wikijs-client", "wikijspy"}
    assert {p.key for p in WIKIJS_CLIENTS} == tested
