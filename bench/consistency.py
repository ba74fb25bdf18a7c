"""Check that the mock and Apollo really answer alike before their speeds are compared.

A faster server that answers something else (no items, an error, a smaller introspection) would make
the ratios meaningless, so differences are reported next to the figures.
"""

from __future__ import annotations

from typing import Any

from http_check import Answer


def compare(key: str, mock: Answer, apollo: Answer) -> str | None:
    """None if both answers agree for the query `key`, else a sentence saying how they differ."""
    if key == "syntax_error":
        for name, answer in (("mock", mock), ("apollo", apollo)):
            if not answer.has_errors or answer.has_data:
                return f"{key}: {name} did not answer with errors only (HTTP {answer.status})"
        return None
    if not mock.has_data or not apollo.has_data:
        return f"{key}: no data (mock HTTP {mock.status}, apollo HTTP {apollo.status})"
    if key == "introspection":
        mock_types, apollo_types = _type_names(mock.body), _type_names(apollo.body)
        if mock_types != apollo_types:
            return f"{key}: type sets differ: {sorted(mock_types ^ apollo_types)}"
        return None
    if mock.body["data"] != apollo.body["data"]:
        mock_data, apollo_data = str(mock.body["data"])[:200], str(apollo.body["data"])[:200]
        return f"{key}: data differ: mock {mock_data} / apollo {apollo_data}"
    return None


def _type_names(body: Any) -> set[str]:
    return {t["name"] for t in body["data"]["__schema"]["types"]}
