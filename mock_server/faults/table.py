"""One fault per active rule, and one more per rule whose trigger condition the mock reads, built
from the breakers the area modules register."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from mock_server.faults import (
    http,
    kontent_content,
    kontent_filter,
    kontent_limits,
    wikijs_errors,
    wikijs_pages,
    wikijs_server,
)
from mock_server.faults.base import BREAKERS, TRIGGER, TRIGGER_BREAKERS, Fault, UnknownFaultError
from specs import Rule, RuleSet, default_rules
from specs.model import ErrorCode

AREAS = (http, kontent_content, kontent_filter, kontent_limits, wikijs_errors, wikijs_pages, wikijs_server)
"""The modules whose breakers register on import (a test checks that no module of the package is
left out, as its faults would silently be missing)."""


def untriggerable(rule: Rule) -> bool:
    """An error code no request can provoke: a fault of it could never be observed."""
    return isinstance(rule.data, ErrorCode) and rule.data.untriggerable is not None


def build_faults(rules: RuleSet) -> dict[str, Fault]:
    """A fault for every rule without ``pending`` whose kind has a breaker, and a trigger fault for
    every such rule with a trigger breaker; keyed by fault id."""
    faults = []
    for rule in rules:
        if rule.pending is not None or untriggerable(rule):
            continue
        breaker, trigger_breaker = BREAKERS.get(rule.kind), TRIGGER_BREAKERS.get(rule.id)
        if breaker is not None:
            faults.append(Fault(rule.id, rule.api, breaker, rules))
        if trigger_breaker is not None:
            faults.append(Fault(rule.id, rule.api, trigger_breaker, rules, TRIGGER))
    return {fault.id: fault for fault in faults}


FAULTS: Mapping[str, Fault] = MappingProxyType(build_faults(default_rules()))


def apply_faults(rules: RuleSet, fault_ids: Iterable[str]) -> RuleSet:
    for fault_id in fault_ids:
        fault = FAULTS.get(fault_id)
        if fault is None:
            raise UnknownFaultError(f"unknown fault {fault_id!r}; known faults: {', '.join(sorted(FAULTS))}")
        rules = fault.apply(rules)
    return rules
