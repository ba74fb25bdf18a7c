"""Walks docs/wikijs-error-codes.md: every Wiki.js code 1001-8006 has a row, and every row
that says a behaviour produces its code names a scenario (in ``error_scenarios``) that makes
the mock answer it.

A row's behaviour cell is ``yes: <scenario>`` or ``no: <reason>``. One mock per behaviour
serves all scenarios (rate limits off, see the ``unthrottled`` fixture); every scenario sets
up what it needs under its own names, so the order does not matter.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mock_server.app import configured_rules
from mock_server.wikijs import build_wikijs_app
from mock_server.wikijs.rate_limit import FixedWindows
from mock_server.wikijs.samples import AdminLogin
from specs import default_rules
from specs.model import ErrorCode
from tests.mock_server.support import ADMIN_KEY, MockClient
from tests.mock_server.wikijs.error_scenarios import CLOCK, SCENARIOS

TABLE = Path(__file__).resolve().parents[3] / "docs" / "wikijs-error-codes.md"
ROW = re.compile(r"^\|\s*(\d{4})\s*\|[^|]*\|([^|]*)\|([^|]*)\|")
BEHAVIOURS = ("docs", "2.5.314")


def rows() -> dict[int, tuple[str, str]]:
    """code -> (docs cell, 2.5.314 cell)."""
    found = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            found[int(match.group(1))] = (match.group(2).strip(), match.group(3).strip())
    return found


def produced(answer: Any) -> int | None:
    """The first error code in an answer: a ResponseStatus errorCode or a thrown error's code."""
    for error in answer.get("errors") or ():
        code = (error.get("extensions") or {}).get("exception", {}).get("code")
        if code is not None:
            return int(code)
    text = json.dumps(answer.get("data"))
    match = re.search(r'"errorCode": (\d+)', text)
    return int(match.group(1)) if match and match.group(1) != "0" else None


@pytest.fixture(scope="module", params=BEHAVIOURS)
def wiki(request: pytest.FixtureRequest) -> Iterator[tuple[str, MockClient]]:
    implementation: str = request.param
    rules = configured_rules("wikijs", emulate=implementation)
    windows = FixedWindows(CLOCK)
    client = MockClient(build_wikijs_app(rules, None, AdminLogin(api_key=ADMIN_KEY), windows), ADMIN_KEY)
    yield implementation, client
    client.close()


def test_every_code_has_a_row_with_both_behaviours() -> None:
    codes = {r.data_as(ErrorCode).code for r in default_rules().of_kind("error_code") if r.id.startswith("wikijs.")}
    table = rows()
    assert set(table) == codes
    for code, cells in table.items():
        for cell in cells:
            assert re.match(r"^(yes: [a-z0-9_]+|no: .{4,})$", cell), f"{code}: {cell!r}"
            if cell.startswith("yes: "):
                assert cell[5:] in SCENARIOS, f"{code}: unknown scenario {cell[5:]}"


def test_every_producible_row_is_produced(wiki: tuple[str, MockClient]) -> None:
    implementation, client = wiki
    column = BEHAVIOURS.index(implementation)
    failures = []
    for code, cells in rows().items():
        cell = cells[column]
        if cell.startswith("yes: "):
            got = produced(SCENARIOS[cell[5:]](client))
            if got != code:
                failures.append(f"{code} via {cell[5:]}: got {got}")
    assert failures == []
