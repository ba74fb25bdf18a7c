"""Faults of the Wiki.js rules added with the pages, limits and tokens work (issue 6).

Kept apart from :mod:`mock_server.faults`, which merges them into its table. Each changes
what a suite observes over HTTP.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from specs import Rule, RuleSet
from specs.model import FieldRateLimit, MissingTarget

Overrides = Mapping[str, Mapping[str, Any]]


def _rate_limit(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(FieldRateLimit)
    other = d.directive + "_"
    return f"limits are read from @{other}, which no field carries: nothing is limited", {rule.id: {"directive": other}}


def _missing_target(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(MissingTarget)
    other = "plain_error" if d.answer == "error_code" else "error_code"
    return f"{', '.join(d.operations)} of a missing id answer as {other}", {rule.id: {"answer": other}}


WIKIJS_BREAKERS: Mapping[str, Callable[[Rule, RuleSet], tuple[str, Overrides]]] = MappingProxyType(
    {"rate_limit": _rate_limit, "missing_target": _missing_target}
)
