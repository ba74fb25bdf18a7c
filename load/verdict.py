"""What a load run's verdict is made of: the contract it is judged against, a check, the views of
the request records every check shares, and the verdict document.

The checks themselves live in ``load.window_checks`` (the limits of the rate windows) and
``load.answer_checks`` (what each answer carries); ``load.kontent_verdict`` runs those a plan
exercises. The Wiki.js verdict (``load.wikijs_verdict``) reuses the check and the document.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from load.samples import Sample

EXAMPLES = 5
"""Offending requests quoted per failed check: enough to reproduce, short enough to read."""


def clock(moment: float) -> str:
    """A client time as a reader compares it with logs and the run's start: UTC, to the hundredth."""
    return datetime.fromtimestamp(moment, UTC).strftime("%H:%M:%S.%f")[:-4] + " UTC"


@dataclass(frozen=True)
class Window:
    """One documented limit: at most ``limit`` resource units accepted in any ``seconds`` window."""

    rule_id: str
    seconds: float
    limit: float


CHECKS = frozenset(
    {
        "accepted",
        "no_early_429",
        "prompt_429",
        "retry_after",
        "retry",
        "cache",
        "charge",
        "capacity",
        "scope",
    }
)
"""What a verdict can judge; a plan names those its phases exercise (``capacity:SECONDS`` for
the exact capacity of one window)."""


@dataclass(frozen=True)
class Contract:
    """What the run is judged against: the limits in force and the rules that state them."""

    windows: tuple[Window, ...]
    """Shortest window first."""
    rejection_rule: str
    retry_rule: str
    cache_rule: str
    charge_rule: str
    scope_rule: str
    cache_ttl: float
    tolerance: float
    """Fraction over a limit the offered load (by send time) must reach before a 429 is required."""
    expected_charge: Callable[[int], int]
    """The cost model: the units a request of a given complexity costs."""
    checks: frozenset[str]
    levels: Mapping[str, str] = field(default_factory=dict)


@dataclass
class Check:
    rule_id: str
    name: str
    passed: bool
    detail: str
    examples: list[dict[str, Any]] = field(default_factory=list)


def example(sample: Sample) -> dict[str, Any]:
    """An offending request as a failed check quotes it: enough to find it in ``samples.jsonl``."""
    return {
        "name": sample.name,
        "traffic": sample.traffic,
        "started": round(sample.started, 3),
        "status": sample.status,
        "charge": sample.charge,
        "retry_after": sample.retry_after,
        "cache": sample.cache,
        "complexity": sample.complexity,
    }


def uncached_samples(samples: Sequence[Sample]) -> list[Sample]:
    """The requests that reached the rate limiter: cache hits never do."""
    return [s for s in samples if not s.cache_hit]


def accepted_samples(samples: Sequence[Sample]) -> list[Sample]:
    """The requests the run's own key paid for: admitted, not from the cache, not the second key."""
    return [s for s in uncached_samples(samples) if not s.limited and s.traffic != "scope"]


def costs(samples: Sequence[Sample], contract: Contract) -> Callable[[Sample], float]:
    """What a request cost or would have cost: its charge when admitted; else the cost model
    applied to the complexity its refusal reported; else the usual charge of its name."""
    charges: dict[str, list[int]] = defaultdict(list)
    for sample in accepted_samples(samples):
        if sample.charge is not None:
            charges[sample.name].append(sample.charge)
    usual = {name: statistics.median(values) for name, values in charges.items()}

    def cost(sample: Sample) -> float:
        if not sample.limited and sample.charge is not None:
            return float(sample.charge)
        if sample.complexity is not None:
            return float(contract.expected_charge(sample.complexity))
        return float(usual.get(sample.name, 0.0))

    return cost


def same_budget(sample: Sample) -> bool:
    """Admitted and charged to the run's own budget (not a cache hit, not the second key)."""
    return not sample.limited and not sample.cache_hit and sample.traffic != "scope"


def summary(checks: Sequence[Check], levels: Mapping[str, str]) -> dict[str, Any]:
    """The verdict document: per rule its level and checks; failed when any MUST rule fails."""
    rules: dict[str, list[Check]] = defaultdict(list)
    for check in checks:
        rules[check.rule_id].append(check)
    failed_must = sorted(
        rule for rule, found in rules.items() if levels.get(rule, "MUST") == "MUST" and not all(c.passed for c in found)
    )
    return {
        "verdict": "fail" if failed_must else "pass",
        "failed_must_rules": failed_must,
        "rules": [
            {
                "rule": rule,
                "level": levels.get(rule, "MUST"),
                "passed": all(c.passed for c in found),
                "checks": [
                    {"check": c.name, "passed": c.passed, "detail": c.detail, "examples": c.examples} for c in found
                ],
            }
            for rule, found in sorted(rules.items())
        ],
    }
