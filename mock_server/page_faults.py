"""Faults of the Wiki.js rules on what page reads show after page changes: search, tree, history.

Kept apart from :mod:`mock_server.wikijs_faults` so each group of breakers stays small;
:mod:`mock_server.faults` merges them into its table. Each changes what the page state machine
observes over HTTP.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from specs import Rule, RuleSet
from specs.model import PageHistory, PageSearch, PageTree

Overrides = Mapping[str, Mapping[str, Any]]


def _page_search(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    """The first searched field is forgotten: pages are no longer found by it."""
    d = rule.data_as(PageSearch)
    return f"search ignores the page's {d.fields[0]}", {rule.id: {"fields": list(d.fields[1:])}}


def _page_tree(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    """Every mode lists the node kinds of the next mode: mode semantics mixed up."""
    d = rule.data_as(PageTree)
    modes = list(d.modes)
    rotated = {mode: list(d.modes[modes[(i + 1) % len(modes)]]) for i, mode in enumerate(modes)}
    return "each tree mode lists the nodes of another mode", {rule.id: {"modes": rotated}}


def _page_history(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    """History not recorded: the first recording operation skips the history write."""
    d = rule.data_as(PageHistory)
    return f"{d.recorded[0]} records no history", {rule.id: {"recorded": list(d.recorded[1:])}}


PAGE_BREAKERS: Mapping[str, Callable[[Rule, RuleSet], tuple[str, Overrides]]] = MappingProxyType(
    {"page_search": _page_search, "page_tree": _page_tree, "page_history": _page_history}
)
