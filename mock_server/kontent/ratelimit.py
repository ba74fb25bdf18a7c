"""Sliding-window rate limiting by resource units, and the ``--rate-limit`` option's syntax.

Each bucket (an environment, or an environment and API key: the ``rate_scope`` rule) keeps
the units it was charged in every window as a queue of (time, units); a request is admitted
when every window has room for its charge (or is empty: a request dearer than a whole window
is served alone). A refused request consumes nothing and learns exactly when the oldest
charges that stand in its way leave their windows, so a retry after ``Retry-After`` seconds
is admitted when nothing else was sent meanwhile.
"""

from __future__ import annotations

import math
import re
import time
from collections import deque
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field

from specs.model import RateWindow, RetryAfter

Clock = Callable[[], float]
SWEEP_EVERY = 1024
"""New buckets between two sweeps of idle ones: distinct API keys cannot grow memory without bound."""

UNITS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60}
PART = re.compile(r"^\s*(\d+)\s*/\s*([a-z]+)\s*$")
WINDOW_RULES = ("kontent.rate.per_second", "kontent.rate.per_minute")
"""The rate windows the limiter keeps, by rule id: the mock names the rules it serves."""


class RateLimitSyntaxError(ValueError):
    """A ``--rate-limit`` value that is not ``UNITS/s``, ``UNITS/min`` or both, comma-separated."""


def parse_rate_limit(text: str) -> dict[int, int]:
    """``"200/s,4000/min"`` -> ``{1: 200, 60: 4000}`` (window seconds -> resource units)."""
    limits: dict[int, int] = {}
    for part in text.split(","):
        match = PART.match(part.lower())
        if match is None or match.group(2) not in UNITS or int(match.group(1)) < 1:
            raise RateLimitSyntaxError(f"{part.strip()!r} is not UNITS/s or UNITS/min with UNITS >= 1")
        seconds = UNITS[match.group(2)]
        if seconds in limits:
            raise RateLimitSyntaxError(f"the {match.group(2)} window is given twice")
        limits[seconds] = int(match.group(1))
    return limits


@dataclass
class _Window:
    rule: RateWindow
    charges: deque[tuple[float, int]] = field(default_factory=deque)
    used: int = 0

    def expire(self, now: float) -> None:
        while self.charges and self.charges[0][0] <= now - self.rule.seconds:
            self.used -= self.charges.popleft()[1]

    def admits(self, charge: int) -> bool:
        return self.used == 0 or self.used + charge <= self.rule.units

    def wait(self, now: float, charge: int) -> float:
        """Seconds until this window admits ``charge`` if nothing else is charged meanwhile."""
        remaining = self.used
        for stamp, units in self.charges:
            remaining -= units
            if remaining == 0 or remaining + charge <= self.rule.units:
                return stamp + self.rule.seconds - now
        return 0.0


class RateLimiter:
    def __init__(self, windows: Sequence[RateWindow], retry_after: RetryAfter, clock: Clock = time.monotonic) -> None:
        self._windows = tuple(windows)
        self._round = math.ceil if retry_after.rounding == "up" else math.floor
        self._clock = clock
        self._buckets: dict[Hashable, list[_Window]] = {}
        self._created = 0

    def admit(self, bucket: Hashable, charge: int) -> int | None:
        """Charge ``bucket`` and return None, or refuse and return Retry-After in whole seconds."""
        now = self._clock()
        windows = self._bucket(bucket, now)
        for window in windows:
            window.expire(now)
        waits = [window.wait(now, charge) for window in windows if not window.admits(charge)]
        if waits:
            return max(0, int(self._round(max(waits))))
        if charge > 0:
            for window in windows:
                window.charges.append((now, charge))
                window.used += charge
        return None

    def _bucket(self, key: Hashable, now: float) -> list[_Window]:
        windows = self._buckets.get(key)
        if windows is None:
            self._created += 1
            if self._created % SWEEP_EVERY == 0:
                self._sweep(now)
            windows = self._buckets[key] = [_Window(rule) for rule in self._windows]
        return windows

    def _sweep(self, now: float) -> None:
        for key, windows in list(self._buckets.items()):
            for window in windows:
                window.expire(now)
            if all(window.used == 0 for window in windows):
                del self._buckets[key]


def window_overrides(limits: Mapping[int, int], windows: Mapping[str, RateWindow]) -> dict[str, dict[str, int]]:
    """Rule overrides for ``--rate-limit``: the units of the rule whose window has that length."""
    by_seconds = {window.seconds: rule_id for rule_id, window in windows.items()}
    unknown = sorted(set(limits) - set(by_seconds))
    if unknown:
        raise RateLimitSyntaxError(f"no rate_window rule has a window of {unknown[0]} s")
    return {by_seconds[seconds]: {"units": units} for seconds, units in limits.items()}
