"""What a fault is, and the one way an area registers how rules of a kind are broken.

A fault is a function from rules to rules: it overrides the data of the rule it breaks with a
value computed from that data (``max + 1``, another status, a flipped switch...). The mock obeys
whatever rules it is given, so no handler knows about faults.

A rule has one fault per kind (its id is the rule id) and, where the mock reads the rule's trigger
condition (input sets, limits), a second one that moves that condition (``<rule id>:trigger``).
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
    a table of rules (error codes, filter operators and elements) names none."""

    def register(breaker: Breaker) -> Breaker:
        if kind in _BREAKERS:
            raise ValueError(f"two breakers of kind {kind!r}")
        _BREAKERS[kind] = breaker
        _NAMED[kind] = rule_ids
        return breaker

    return register


TRIGGER = "trigger"
"""The variant of a fault that breaks the trigger condition the mock reads, not the answer."""
VARIANT_SEPARATOR = ":"

_TRIGGER_BREAKERS: dict[str, Breaker] = {}
TRIGGER_BREAKERS: Mapping[str, Breaker] = MappingProxyType(_TRIGGER_BREAKERS)
"""Rule id -> how its trigger condition is broken; filled by :func:`breaks_trigger`."""


def breaks_trigger(*rule_ids: str) -> Callable[[Breaker], Breaker]:
    """Register the breaker of the trigger condition of each of ``rule_ids``: only rules whose
    trigger data the mock reads, or the fault could not be seen (the meta-test would say so)."""

    def register(breaker: Breaker) -> Breaker:
        taken = [rule_id for rule_id in rule_ids if rule_id in _TRIGGER_BREAKERS]
        if taken:
            raise ValueError(f"two trigger breakers of {', '.join(taken)}")
        _TRIGGER_BREAKERS.update(dict.fromkeys(rule_ids, breaker))
        return breaker

    return register


def fault_id(rule_id: str, variant: str | None = None) -> str:
    """``<rule id>`` or ``<rule id>:<variant>``: ``grep <rule id>`` finds both, ``--rule`` takes the part before."""
    return rule_id if variant is None else f"{rule_id}{VARIANT_SEPARATOR}{variant}"


class UnknownFaultError(ValueError):
    """A fault id that names no active rule."""


@dataclass(frozen=True)
class Fault:
    rule_id: str
    api: str
    breaker: Breaker
    rules: RuleSet = field(repr=False, compare=False)
    """The rules the description is drawn from (the documented ones)."""
    variant: str | None = None
    """None for the rule's fault of its kind; :data:`TRIGGER` for the one of its trigger condition."""

    @property
    def id(self) -> str:
        return fault_id(self.rule_id, self.variant)

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
