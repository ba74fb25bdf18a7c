"""The mock's introspection answer equals a real 2.5.314 server's, ordering aside: the same
directives (graphql-js 15.3's and Apollo's), the same introspection types, the same types,
fields, arguments and defaults. Only the descriptions of Wiki.js' own types are left out of the
comparison: the real server makes them of its SDL's comments, which the mock's SDL leaves out.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from graphql import get_introspection_query

from tests.mock_server.support import start

REAL_ANSWER = Path(__file__).resolve().parent / "data" / "wikijs-2.5.314-introspection.json"
QUERY = get_introspection_query(descriptions=True, directive_is_repeatable=True)
"""The query the recorded answer was asked."""


def normalised(value: Any, keep: bool = True) -> Any:
    """Lists of named entries sorted by name; descriptions kept in directives and introspection
    types only (a type entry is the dict with ``possibleTypes``)."""
    if isinstance(value, dict):
        if "possibleTypes" in value:
            keep = str(value["name"]).startswith("__")
        return {k: normalised(v, keep) for k, v in value.items() if keep or k != "description"}
    if isinstance(value, list):
        items = [normalised(v, keep) for v in value]
        if all(isinstance(item, dict) and "name" in item for item in items):
            items.sort(key=lambda item: str(item["name"]))
        return items
    return value


@pytest.mark.parametrize("implementation", ["docs", "2.5.314"])
def test_introspection_equals_the_real_servers(implementation: str) -> None:
    client = start("wikijs", emulate=implementation)
    try:
        answer = client.query(QUERY)
    finally:
        client.close()
    real = json.loads(REAL_ANSWER.read_text(encoding="utf-8"))["data"]
    ours, theirs = normalised(answer["data"]["__schema"]), normalised(real["__schema"])
    assert ours["directives"] == theirs["directives"]
    our_types = {t["name"]: t for t in ours["types"]}
    their_types = {t["name"]: t for t in theirs["types"]}
    assert sorted(our_types) == sorted(their_types)
    assert [name for name in their_types if our_types[name] != their_types[name]] == []
    assert ours == theirs
