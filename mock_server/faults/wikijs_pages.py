"""Faults of the Wiki.js page rules: what page reads show after page changes (search, tree,
history), how page writes treat omitted or unknown arguments, and the data export.
"""

from __future__ import annotations

from mock_server.faults.base import Overrides, breaks
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


@breaks("page_search", "wikijs.pages.search")
def _page_search(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    """The first searched field is forgotten: pages are no longer found by it."""
    d = rule.data_as(PageSearch)
    return f"search ignores the page's {d.fields[0]}", {rule.id: {"fields": list(d.fields[1:])}}


@breaks("page_tree", "wikijs.pages.tree")
def _page_tree(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    """Every mode lists the node kinds of the next mode: mode semantics mixed up."""
    d = rule.data_as(PageTree)
    modes = list(d.modes)
    rotated = {mode: list(d.modes[modes[(i + 1) % len(modes)]]) for i, mode in enumerate(modes)}
    return "each tree mode lists the nodes of another mode", {rule.id: {"modes": rotated}}


@breaks("page_history", "wikijs.pages.history")
def _page_history(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    """History not recorded: the first recording operation skips the history write."""
    d = rule.data_as(PageHistory)
    return f"{d.recorded[0]} records no history", {rule.id: {"recorded": list(d.recorded[1:])}}


@breaks("page_history_actions", "wikijs.pages.history_actions")
def _history_actions(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    """A move is listed as an ordinary edit (the trail is not compared with the older version)."""
    d = rule.data_as(PageHistoryActions)
    return f"moves are listed as {d.actions['other']}", {
        rule.id: {"actions": {**d.actions, "moved": d.actions["other"]}}
    }


@breaks("page_restore", "wikijs.pages.restore")
def _page_restore(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    """The last value the rule lists (the path) is not brought back: a restore no longer moves."""
    d = rule.data_as(PageRestore)
    return f"pages.restore keeps the page's {d.fields[-1]}", {rule.id: {"fields": list(d.fields[:-1])}}


@breaks("update_semantics", "wikijs.pages.update_omitted_arguments")
def _update_semantics(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    """Patch and replace swapped: omitted arguments reset where they should be kept, or the reverse."""
    d = rule.data_as(UpdateSemantics)
    other = "reset" if d.omitted == "keep" else "keep"
    return f"update treats omitted arguments as {other}", {rule.id: {"omitted": other}}


@breaks("unknown_reference", "wikijs.pages.create_unknown_reference")
def _unknown_reference(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(UnknownReference)
    other = "sql_error" if d.answer == "error_code" else "error_code"
    return f"{d.operation} refuses an unknown {', '.join(d.arguments)} as {other}", {rule.id: {"answer": other}}


@breaks("data_export", "wikijs.system.export")
def _data_export(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    """The export answers success but writes no file: every entity is one the mock cannot write."""
    d = rule.data_as(DataExport)
    return "system.export writes nothing", {rule.id: {"entities": {f"not-{d.directory}": f"not-{d.directory}"}}}
