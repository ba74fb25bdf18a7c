"""Outcome events and their aggregation per rule.

The pytest plugin emits one :class:`OutcomeEvent` per test; every report format is computed
from these events only, so their counts always agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from specs import Rule, RuleSet
from specs.documents import public_source
from specs.model import Level

PASSED, FAILED, SKIPPED, PENDING, NOT_RUN = "passed", "failed", "skipped", "pending", "not_run"


@dataclass(frozen=True)
class OutcomeEvent:
    nodeid: str
    rules: tuple[str, ...]
    outcome: str
    duration: float
    examples: int
    requests: int
    message: str | None = None
    reproduce: str | None = None
    target: str | None = None
    seed: str | None = None
    example: str | None = None
    known_deviation: bool = False
    replay: tuple[str, ...] = ()
    """Commands that replay the test with every option it needs (virtualenv, then tox)."""
    curl: str | None = None
    exchange: str | None = None
    """The request and answer that ``curl`` shows, in short."""
    failing_check: bool = False
    """``curl``/``exchange`` are those of the check that failed, not merely the test's last request."""
    diff: str | None = None
    """pytest's account of the failed assert (the comparison and its diff)."""

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> OutcomeEvent:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["rules"] = tuple(values.get("rules", ()))
        values["replay"] = tuple(values.get("replay", ()))
        return cls(**values)


@dataclass
class RuleOutcome:
    rule_id: str
    level: str
    api: str
    area: str
    summary: str
    source: str
    source_url: str | None = None
    outcome: str = NOT_RUN
    tests: list[str] = field(default_factory=list)
    failed_tests: list[str] = field(default_factory=list)
    examples: int = 0
    duration: float = 0.0
    assumption: str | None = None
    deviation: str | None = None
    reason: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RuleOutcome:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


_PRECEDENCE = {FAILED: 3, PASSED: 2, SKIPPED: 1, NOT_RUN: 0}


def _combine(current: str, new: str) -> str:
    """A rule fails if any of its tests failed, passes if any passed, else keeps the weaker."""
    return current if _PRECEDENCE[current] >= _PRECEDENCE[new] else new


def rule_outcomes(
    rules: RuleSet, events: Iterable[OutcomeEvent], selected_apis: Iterable[str]
) -> dict[str, RuleOutcome]:
    apis = set(selected_apis)
    outcomes = {rule.id: _blank(rule, rules.implementation) for rule in rules if rule.api in apis}
    for event in events:
        for rule_id in event.rules:
            outcome = outcomes.get(rule_id)
            if outcome is None:
                continue
            if outcome.outcome == PENDING:
                continue
            outcome.outcome = _combine(outcome.outcome, event.outcome)
            outcome.tests.append(event.nodeid)
            if event.outcome == FAILED:
                outcome.failed_tests.append(event.nodeid)
            if event.outcome == SKIPPED and outcome.reason is None and event.message:
                outcome.reason = event.message
            outcome.examples += event.examples
            outcome.duration += event.duration
    return outcomes


def _blank(rule: Rule, implementation: str) -> RuleOutcome:
    deviation = rule.deviation(implementation)
    public = public_source(rule.source)
    outcome = RuleOutcome(
        rule_id=rule.id,
        level=rule.level.value,
        api=rule.api,
        area=rule.area,
        summary=rule.summary,
        source=str(public),
        source_url=public.url,
        assumption=rule.assumption,
        deviation=deviation.note if deviation else None,
    )
    if rule.pending is not None:
        outcome.outcome = PENDING
        outcome.reason = f"no suite yet (issue #{rule.pending.issue}): {rule.pending.reason}"
    untriggerable = getattr(rule.data, "untriggerable", None)
    if untriggerable:
        outcome.outcome = SKIPPED
        outcome.reason = f"no request can provoke it: {untriggerable}"
    return outcome


def totals(outcomes: Mapping[str, RuleOutcome]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for outcome in outcomes.values():
        counts[outcome.outcome] = counts.get(outcome.outcome, 0) + 1
    return counts


def count_events(events: Iterable[OutcomeEvent]) -> dict[str, int]:
    """Tests per outcome: what JUnit, HTML and Markdown print as test counts."""
    counts = {PASSED: 0, FAILED: 0, SKIPPED: 0}
    for event in events:
        counts[event.outcome] = counts.get(event.outcome, 0) + 1
    return counts


def failed_must(outcomes: Mapping[str, RuleOutcome]) -> list[str]:
    return sorted(o.rule_id for o in outcomes.values() if o.outcome == FAILED and o.level == "MUST")


def gravity(event: OutcomeEvent, outcomes: Mapping[str, RuleOutcome]) -> int:
    """Sort key of a failure: its strongest rule level first (MUST before SHOULD before MAY)."""
    order = [level.value for level in Level]
    levels = [order.index(outcomes[r].level) for r in event.rules if r in outcomes and outcomes[r].level in order]
    return min(levels, default=len(order))
