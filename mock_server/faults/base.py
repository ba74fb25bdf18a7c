"""What a fault is, and the one way an area registers how rules of a kind are broken.

A fault is a function from rules to rules: it overrides the data of the rule it breaks with a
value computed from that data (``max + 1``, another status, a flipped switch...). The mock obeys
whatever rules it is given, so no handler knows about faults.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from types import MappingProxyType
from typing import Any

from specs import Rule, RuleSet

Overrides = Mapping[str, Mapping[str, Any]]
"""Rule id -> data keys to replace."""

Breaker = Callable[[Rule, RuleSet], tuple[str, Overrides]]
"""Given the rule and all rules: a description and the overrides that break it."""

_BREAKERS: dict[str, Breaker] = {}
BREAKERS: Mapping[str, Breaker] = MappingProxyType(_BREAKERS)
"""How a rule of each kind is broken; filled by :func:`breaks`."""

_NAMED: dict[str, tuple[str, ...]] = {}
NAMED_RULES: Mapping[str, tuple[str, ...]] = MappingProxyType(_NAMED)
"""Kind -> the rule ids its breaker names (none for a kind that is a whole table, e.g. error codes)."""


def breaks(kind: str, *rule_ids: str) -> Callable[[Breaker], Breaker]:
    """Register the breaker of every rule of ``kind``. ``rule_ids`` name the rules it serves, so
    ``grep <rule id>`` finds the fault (a test keeps the list equal to the rule files); a kind with
    a table of rules (error codes, bad requests, filter operators) names none."""

    def register(breaker: Breaker) -> Breaker:
        if kind in _BREAKERS:
            raise ValueError(f"two breakers of kind {kind!r}")
        _BREAKERS[kind] = breaker
        _NAMED[kind] = rule_ids
        return breaker

    return register


class UnknownFaultError(ValueError):
    """A fault id that names no active rule."""


@dataclass(frozen=True)
class Fault:
    rule_id: str
    api: str
    breaker: Breaker
    rules: RuleSet = field(repr=False, compare=False)
    """The rules the description is drawn from (the documented ones)."""

    @property
    def description(self) -> str:
        """Drawn on demand, not when the table is built: every mock start imports the table, and
        some breakers build a whole schema to describe themselves."""
        description, _ = self.breaker(self.rules[self.rule_id], self.rules)
        return description

    def apply(self, rules: RuleSet) -> RuleSet:
        """``rules`` with this fault's rule broken (computed from the rule as given)."""
        _, overrides = self.breaker(rules[self.rule_id], rules)
        return rules.with_overrides(overrides)


def wrong_status(status: int) -> int:
    """A neighbouring status: same class, different code."""
    return status + 1


def other_class(status: int) -> int:
    """Success becomes a client error and any error becomes success."""
    return HTTPStatus.BAD_REQUEST if status < HTTPStatus.BAD_REQUEST else HTTPStatus.OK
