"""The suites' `where` oracle: a plain evaluator of the documented filter rules over learned items.

Written independently of the mock's engine (which works on columns and masks) and kept
deliberately simple: one item at a time, straight from the rule data of
``specs/kontent/filter.yaml``. It always reads the documented rules of the target, never a
faulted copy, so a mock that obeys a broken rule disagrees with it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from specs import RuleSet
from specs.model import FilterOperator
from suites.kontent.filter_fields import FilterCatalogue, FilterField


def instant(text: str) -> datetime:
    """A DateTime as an instant in UTC (``Z`` is accepted by every supported Python)."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


class Oracle:
    def __init__(self, rules: RuleSet, fields: Sequence[FilterField]) -> None:
        self.catalogue = FilterCatalogue.of(rules)
        self.operators = {
            r.data_as(FilterOperator).operator: r.data_as(FilterOperator) for r in rules.of_kind("filter_operator")
        }
        self.fields = {f.where_path: f for f in fields}

    def select(self, where: Mapping[str, Any], items: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
        return [item for item in items if self.matches(where, item)]

    def matches(self, where: Mapping[str, Any], item: Mapping[str, Any]) -> bool:
        rules = self.catalogue.where
        results = []
        for key, value in where.items():
            if key == rules.all_of:
                results.append(all(self.matches(part, item) for part in value))
            elif key == rules.any_of:
                results.append(any(self.matches(part, item) for part in value))
            else:
                results.append(self._field((key,), value, item))
        return all(results)

    def _field(self, path: tuple[str, ...], value: Mapping[str, Any], item: Mapping[str, Any]) -> bool:
        field = self.fields.get(path)
        if field is not None:
            read = field.read(item)
            return all(self.holds(field, self.operators[op], argument, read) for op, argument in value.items())
        results = [self._field((*path, key), inner, item) for key, inner in value.items()]
        snippet = self.catalogue.snippet[1]
        is_snippet = any(f.snippet == path[0] for f in self.fields.values()) and len(path) == 1
        if is_snippet and snippet.combine == "any":
            return any(results)
        return all(results)

    def holds(self, field: FilterField, operator: FilterOperator, argument: Any, value: Any) -> bool:
        """One operator on one value, as ``specs/kontent/filter.yaml`` describes it."""
        if operator.test == "empty":
            empty = (value is None and operator.missing) or value == "" or value == []
            return bool(empty == argument)
        if value is None:
            return operator.missing
        present = self._comparable(field, value)
        if operator.test == "equal":
            result = present == self._comparable(field, argument)
        elif operator.test == "less":
            bound = self._comparable(field, argument)
            result = present < bound or (operator.inclusive and present == bound)
        elif operator.test == "greater":
            bound = self._comparable(field, argument)
            result = present > bound or (operator.inclusive and present == bound)
        elif operator.test == "member":
            result = any(present == self._comparable(field, a) for a in argument)
        elif operator.test == "contains_all":
            result = all(self._comparable(field, [a])[0] in present for a in argument)
        else:
            result = any(self._comparable(field, [a])[0] in present for a in argument)
        return bool(result != operator.negated)

    def _comparable(self, field: FilterField, value: Any) -> Any:
        if field.kind == "Number":
            return float(value)
        if field.kind == "DateTime":
            return instant(value)
        if field.kind == "Array":
            return [v if field.case_sensitive else v.casefold() for v in value]
        return value if field.case_sensitive else value.casefold()
