"""The mock's introspection answer equals a real 2.5.314 server's, ordering aside: the same
directives (graphql-js 15.3's and Apollo's), the same introspection types, the same types,
fields, arguments and defaults. Only the descriptions of Wiki.js' own types are left out of the
comparison: the real server makes them of its SDL's comments, which the mock's SDL leaves out.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clients.introspection import QUERY, differing_entries, normalised
from tests.mock_server.support import start

REAL_ANSWER = Path(__file__).resolve().parent / "data" / "wikijs-2.5.314-introspection.json"


@pytest.mark.parametrize("implementation", ["docs", "2.5.314"])
def test_introspection_equals_the_real_servers(implementation: str) -> None:
    client = start("wikijs", emulate=implementation)
    try:
        answer = client.query(QUERY)
    finally:
        client.close()
    real = json.loads(REAL_ANSWER.read_text(encoding="utf-8"))["data"]
    ours, theirs = normalised(answer["data"]["__schema"]), normalised(real["__schema"])
    assert differing_entries(ours, theirs) == []
    assert ours == theirs
