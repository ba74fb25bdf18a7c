"""Introspection answers made comparable: the standard query the recorded real answer was
asked, and a normal form with lists of named entries sorted by name and the descriptions of
the API's own types left out (the real server makes them of its SDL's comments, which the
mock's SDL leaves out); directives and introspection types keep theirs."""

from __future__ import annotations

from typing import Any

from graphql import get_introspection_query

QUERY = get_introspection_query(descriptions=True, directive_is_repeatable=True)


def normalised(value: Any, keep: bool = True) -> Any:
    """A type entry is the dict with ``possibleTypes``; only ``__`` types keep descriptions."""
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


def differing_entries(ours: dict[str, Any], theirs: dict[str, Any]) -> list[str]:
    """Names of the directives and types (``__schema`` answers, normalised) that differ."""
    found = []
    for key in ("directives", "types"):
        mine = {entry["name"]: entry for entry in ours[key]}
        other = {entry["name"]: entry for entry in theirs[key]}
        found += [f"{key}:{name}" for name in sorted(set(mine) | set(other)) if mine.get(name) != other.get(name)]
    return found
