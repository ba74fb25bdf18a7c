"""Faults of the Wiki.js page rules: what page reads show after page changes (search, tree,
history) and how page writes treat omitted or unknown arguments.

Kept apart from :mod:`mock_server.wikijs_faults` so each group of breakers stays small;
:mod:`mock_server.faults` merges them into its table. Each changes what the page state machine
observes over HTTP.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from specs import Rule, RuleSet
from specs.model import (
    DataExport,
    PageHistory,
    PageHistoryActions,
    PageRestore,
    PageSearch,
    PageTree,
    UnknownReference,
    UpdateSemantics,
)

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


def _history_actions(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    """A move is listed as an ordinary edit (the trail is not compared with the older version)."""
    d = rule.data_as(PageHistoryActions)
    return f"moves are listed as {d.actions['other']}", {
        rule.id: {"actions": {**d.actions, "moved": d.actions["other"]}}
    }


def _page_restore(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    """The last value the rule lists (the path) is not brought back: a restore no longer moves."""
    d = rule.data_as(PageRestore)
    return f"pages.restore keeps the page's {d.fields[-1]}", {rule.id: {"fields": list(d.fields[:-1])}}


def _update_semantics(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    """Patch and replace swapped: omitted arguments reset where they should be kept, or the reverse."""
    d = rule.data_as(UpdateSemantics)
    other = "reset" if d.omitted == "keep" else "keep"
    return f"update treats omitted arguments as {other}", {rule.id: {"omitted": other}}


def _unknown_reference(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(UnknownReference)
    other = "sql_error" if d.answer == "error_code" else "error_code"
    return f"{d.operation} refuses an unknown {', '.join(d.arguments)} as {other}", {rule.id: {"answer": other}}


def _data_export(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    """The export answers success but writes no file: every entity is one the mock cannot write."""
    d = rule.data_as(DataExport)
    return "system.export writes nothing", {rule.id: {"entities": {f"not-{d.directory}": f"not-{d.directory}"}}}


PAGE_BREAKERS: Mapping[str, Callable[[Rule, RuleSet], tuple[str, Overrides]]] = MappingProxyType(
    {
        "page_search": _page_search,
        "page_tree": _page_tree,
        "page_history": _page_history,
        "page_history_actions": _history_actions,
        "page_restore": _page_restore,
        "update_semantics": _update_semantics,
        "unknown_reference": _unknown_reference,
        "data_export": _data_export,
    }
)
