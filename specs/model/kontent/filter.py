"""Kontent.ai: the ``where`` filter, its inputs and operators."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from specs.model.envelope import RuleData
from specs.model.registry import kind


@dataclass(frozen=True)
class FilterInput:
    """A filter input type (``_TextFilter``...): the scalar of its arguments and its operators."""

    name: str
    scalar: Literal["String", "Guid", "DateTime", "Float"]
    operators: tuple[str, ...]


@kind("filter_where")
@dataclass(frozen=True)
class FilterWhere(RuleData):
    argument: str
    all_of: str
    any_of: str
    min_operands: int
    inputs: tuple[FilterInput, ...]

    def input(self, name: str) -> FilterInput:
        return next(i for i in self.inputs if i.name == name)


ValueKind = Literal["String", "Number", "DateTime", "Array"]


@kind("filter_operator")
@dataclass(frozen=True)
class FilterOperator(RuleData):
    """One operator of the docs' table; see ``specs/kontent/filter.yaml`` for how a leaf is evaluated."""

    operator: str
    types: tuple[ValueKind, ...]
    argument: Literal["value", "list", "flag"]
    test: Literal["equal", "less", "greater", "member", "empty", "contains_all", "contains_any"]
    negated: bool
    inclusive: bool
    missing: bool


@dataclass(frozen=True)
class SystemFilterField:
    name: str
    input: str
    value: ValueKind
    path: tuple[str, ...] = ()
    path_inputs: tuple[str, ...] = ()


@kind("filter_system")
@dataclass(frozen=True)
class FilterSystem(RuleData):
    field: str
    input: str
    case_sensitive: bool
    language: Literal["returned", "requested"]
    fields: tuple[SystemFilterField, ...]


@kind("filter_element")
@dataclass(frozen=True)
class FilterElement(RuleData):
    element: str
    input: str
    value: ValueKind
    case_sensitive: bool
    wrapper: str | None = None
    subfield: str | None = None
    field_type: str | None = None


@kind("filter_snippet")
@dataclass(frozen=True)
class FilterSnippet(RuleData):
    input_suffix: str
    combine: Literal["all", "any"]
