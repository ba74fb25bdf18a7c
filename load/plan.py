"""Load plans (``load/plans.yaml``) turned into phases of users for a Locust shape."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Generic, Literal, Protocol, TypeVar

import yaml

from load.verdict import CHECKS

PLANS_FILE = Path(__file__).with_name("plans.yaml")


@dataclass(frozen=True)
class Phase:
    name: str
    seconds: float
    load: float
    """Offered uncached load as a fraction of the per-second limit."""
    probe: Literal["retry", "capacity"] | None = None
    """``retry``: burst until refused, retry after Retry-After. ``capacity``: fill empty windows
    exactly (the phase must start with every window empty and run nothing else)."""
    fill: Literal["shortest", "all"] = "all"
    """``capacity``: fill only the shortest window, or go on to each longer one."""
    wait_last: bool = False
    """``capacity``: also wait out the longest window's Retry-After and retry."""
    cached: bool = True


class Timed(Protocol):
    @property
    def seconds(self) -> float: ...


PhaseT = TypeVar("PhaseT", bound=Timed)


@dataclass(frozen=True)
class Schedule(Generic[PhaseT]):
    """Phases run one after the other, each for its seconds."""

    phases: tuple[PhaseT, ...]

    @property
    def seconds(self) -> float:
        return sum(phase.seconds for phase in self.phases)

    def index_at(self, elapsed: float) -> tuple[int, PhaseT | None]:
        """Index and phase running ``elapsed`` seconds into the run; (len, None) once it is over."""
        for index, phase in enumerate(self.phases):
            if elapsed < phase.seconds:
                return index, phase
            elapsed -= phase.seconds
        return len(self.phases), None

    def phase_at(self, elapsed: float) -> PhaseT | None:
        return self.index_at(elapsed)[1]

    def boundaries(self) -> list[tuple[float, float, PhaseT]]:
        """(start, end, phase) in seconds from the start of the run."""
        spans, start = [], 0.0
        for phase in self.phases:
            spans.append((start, start + phase.seconds, phase))
            start += phase.seconds
        return spans


@dataclass(frozen=True, kw_only=True)
class Plan(Schedule[Phase]):
    name: str
    description: str
    ru_per_user: float
    cached_users: int
    cached_rate: float
    tolerance: float
    checks: frozenset[str]
    rate_limit: str | None = None
    """Limits the plan is made for (a ``--rate-limit`` value); None: the documented ones."""

    def uncached_users(self, phase: Phase, per_second_limit: float) -> int:
        return math.ceil(phase.load * per_second_limit / self.ru_per_user)


def _plan(name: str, raw: dict[str, Any]) -> Plan:
    unknown = sorted(c for c in raw["checks"] if c not in CHECKS and not c.startswith("capacity:"))
    if unknown:
        raise ValueError(f"{PLANS_FILE}: plan {name!r} names unknown checks {unknown}")
    phases = tuple(Phase(**phase) for phase in raw["phases"])
    fields = {k: v for k, v in raw.items() if k not in ("phases", "checks")}
    return Plan(name=name, phases=phases, checks=frozenset(raw["checks"]), **fields)


@cache
def plans() -> dict[str, Plan]:
    raw = yaml.safe_load(PLANS_FILE.read_text(encoding="utf-8"))
    return {name: _plan(name, body) for name, body in raw.items()}
