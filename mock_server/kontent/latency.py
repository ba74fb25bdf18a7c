"""``--latency``: answer after a fixed or uniformly distributed delay, for frontend developers
who want realistic timing from a local mock (never used by the suites)."""

from __future__ import annotations

import random
import re

from mock_server.kontent.metering import Latency

SPEC = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:-\s*(\d+(?:\.\d+)?)\s*)?(ms)?\s*$")
MILLISECONDS = 1000.0
MAX_MILLISECONDS = 60_000.0


class LatencySyntaxError(ValueError):
    """Not ``MS`` or ``MIN-MAX`` (milliseconds, at most a minute)."""


def parse_latency(text: str) -> Latency:
    """``"80"`` or ``"80ms"``: always 80 ms; ``"20-200"``: uniformly between 20 and 200 ms."""
    match = SPEC.match(text.lower())
    if match is None:
        raise LatencySyntaxError(f"{text!r} is not MS or MIN-MAX in milliseconds")
    low = float(match.group(1))
    high = float(match.group(2)) if match.group(2) is not None else low
    if high < low or high > MAX_MILLISECONDS:
        raise LatencySyntaxError(f"{text!r}: need MIN <= MAX <= {MAX_MILLISECONDS:.0f} ms")
    if low == high:
        return lambda: low / MILLISECONDS
    return lambda: random.uniform(low, high) / MILLISECONDS  # timing noise, not security
