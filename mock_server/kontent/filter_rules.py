"""The filter rules of ``specs/kontent/filter.yaml`` as the mock reads them, by operator and element type.

Faults reach the mock here: a faulted rule set gives other data (``lt`` inclusive, a
case-insensitive text field...) and the schema and the filter engine follow it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from specs import RuleSet
from specs.model import FilterElement, FilterOperator, FilterSnippet, FilterSystem, FilterWhere


@dataclass(frozen=True)
class FilterRules:
    where: FilterWhere
    operators: Mapping[str, FilterOperator]
    """By operator name (``eq``, ``containsAll``...)."""
    system: FilterSystem
    elements: Mapping[str, FilterElement]
    """By element type of the model (``text``, ``modular_content``...)."""
    snippet: FilterSnippet


def filter_rules(rules: RuleSet) -> FilterRules:
    operators = [r.data_as(FilterOperator) for r in rules.of_kind("filter_operator")]
    elements = [r.data_as(FilterElement) for r in rules.of_kind("filter_element")]
    return FilterRules(
        where=rules["kontent.filter.where"].data_as(FilterWhere),
        operators=MappingProxyType({o.operator: o for o in operators}),
        system=rules["kontent.filter.field.system"].data_as(FilterSystem),
        elements=MappingProxyType({e.element: e for e in elements}),
        snippet=rules["kontent.filter.field.snippet"].data_as(FilterSnippet),
    )
