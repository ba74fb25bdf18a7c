"""Faults of the Kontent.ai filter rules: one per operator and per filterable field type.

Each is a plausible engine bug expressed as rule data the mock obeys (``lt`` inclusive,
``containsAll`` answering as ``containsAny``, a case-insensitive text field, numbers compared
as text, a language condition that ignores the fallback...). The suites keep the documented
rules, so their oracle sees the difference over HTTP.
"""

from __future__ import annotations

from mock_server.faults.base import Overrides, breaks
from specs import Rule, RuleSet
from specs.model import FilterElement, FilterOperator, FilterSnippet, FilterSystem, FilterWhere

SWAPPED_TESTS = {"contains_all": "contains_any", "contains_any": "contains_all"}


@breaks("filter_operator")
def _operator(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(FilterOperator)
    if d.test in ("less", "greater"):
        state = "includes" if not d.inclusive else "excludes"
        return f"`{d.operator}` {state} the bound", {rule.id: {"inclusive": not d.inclusive}}
    if d.test in SWAPPED_TESTS:
        other = SWAPPED_TESTS[d.test]
        return f"`{d.operator}` answers as {other}", {rule.id: {"test": other}}
    if d.test == "empty":
        what = "no longer counts" if d.missing else "counts"
        return f"`{d.operator}` {what} a null value as empty", {rule.id: {"missing": not d.missing}}
    what = "matches" if not d.missing else "drops"
    return f"`{d.operator}` {what} items without a value", {rule.id: {"missing": not d.missing}}


@breaks("filter_where", "kontent.filter.where")
def _where(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(FilterWhere)
    fewer = d.min_operands - 1
    return f"`{d.all_of}`/`{d.any_of}` accept {fewer} operand(s)", {rule.id: {"min_operands": fewer}}


@breaks("filter_system", "kontent.filter.field.system")
def _system(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(FilterSystem)
    other = "requested" if d.language == "returned" else "returned"
    return f"the language condition reads the {other} language (ignores the fallback)", {rule.id: {"language": other}}


@breaks("filter_element")
def _element(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(FilterElement)
    if d.value in ("Number", "DateTime"):
        return f"{d.element} values are compared as text", {rule.id: {"value": "String"}}
    state = "in" if d.case_sensitive else ""
    return f"{d.element} values compare case-{state}sensitively", {rule.id: {"case_sensitive": not d.case_sensitive}}


@breaks("filter_snippet", "kontent.filter.field.snippet")
def _snippet(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(FilterSnippet)
    other = "any" if d.combine == "all" else "all"
    return f"conditions in one snippet filter combine as {other}", {rule.id: {"combine": other}}
