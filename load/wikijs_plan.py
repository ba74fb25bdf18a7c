"""Wiki.js load plans (``load/wikijs_plans.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from load.plan import Schedule

PLANS_FILE = Path(__file__).with_name("wikijs_plans.yaml")
CHECKS = frozenset({"capacity", "refusal", "retry", "windows"})


@dataclass(frozen=True)
class WikiPhase:
    name: str
    seconds: float
    probe: bool = False
    retry: bool = False
    callers: int = 0
    """Users per limited field."""
    rate: float = 1.0
    """Calls per second per caller."""


@dataclass(frozen=True, kw_only=True)
class WikiPlan(Schedule[WikiPhase]):
    name: str
    description: str
    checks: frozenset[str]


@cache
def wiki_plans() -> dict[str, WikiPlan]:
    raw = yaml.safe_load(PLANS_FILE.read_text(encoding="utf-8"))
    found = {}
    for name, body in raw.items():
        unknown = sorted(set(body["checks"]) - CHECKS)
        if unknown:
            raise ValueError(f"{PLANS_FILE}: plan {name!r} names unknown checks {unknown}")
        phases = tuple(WikiPhase(**phase) for phase in body["phases"])
        found[name] = WikiPlan(
            name=name, description=body["description"], checks=frozenset(body["checks"]), phases=phases
        )
    return found
