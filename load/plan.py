"""Load plans (``load/plans.yaml``) turned into phases of users for a Locust shape."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

PLANS_FILE = Path(__file__).with_name("plans.yaml")


@dataclass(frozen=True)
class Phase:
    name: str
    seconds: float
    load: float
    """Offered uncached load as a fraction of the per-second limit."""
    probe: bool = False
    cached: bool = True


@dataclass(frozen=True)
class Plan:
    name: str
    description: str
    ru_per_user: float
    cached_users: int
    cached_rate: float
    tolerance: float
    phases: tuple[Phase, ...]

    @property
    def seconds(self) -> float:
        return sum(phase.seconds for phase in self.phases)

    def phase_at(self, elapsed: float) -> Phase | None:
        """The phase running ``elapsed`` seconds into the run; None once the plan is over."""
        for phase in self.phases:
            if elapsed < phase.seconds:
                return phase
            elapsed -= phase.seconds
        return None

    def boundaries(self) -> list[tuple[float, float, Phase]]:
        """(start, end, phase) in seconds from the start of the run."""
        spans, start = [], 0.0
        for phase in self.phases:
            spans.append((start, start + phase.seconds, phase))
            start += phase.seconds
        return spans

    def uncached_users(self, phase: Phase, per_second_limit: float) -> int:
        return math.ceil(phase.load * per_second_limit / self.ru_per_user)


def _plan(name: str, raw: dict[str, Any]) -> Plan:
    phases = tuple(Phase(**phase) for phase in raw["phases"])
    fields = {k: v for k, v in raw.items() if k != "phases"}
    return Plan(name=name, phases=phases, **fields)


@cache
def plans() -> dict[str, Plan]:
    raw = yaml.safe_load(PLANS_FILE.read_text(encoding="utf-8"))
    return {name: _plan(name, body) for name, body in raw.items()}
