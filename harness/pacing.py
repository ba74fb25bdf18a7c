"""How hard a run may press a target: a request budget, a client-side rate cap, and waiting
out the target's own rate limiting instead of reporting it as a failure.

A live wiki is someone's production system: the budget bounds a run however many examples
hypothesis wants, the cap spaces requests out, and a "too many requests" answer (HTTP 429
with ``Retry-After``, or the GraphQL error of Wiki.js' rate-limit directive, observed in
reference/wikijs-2.5-observed.md § Surprises 9) is waited out and the request sent again.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass

LIVE_RATE_PER_SECOND = 5.0
"""Default client-side cap against a live target; the embedded mock is not capped."""
LIVE_REQUEST_BUDGET = 5000
"""Default number of requests a run may send to a live target."""
MAX_WAIT_SECONDS = 120.0
"""A target asking for a longer pause than this is reported, not waited for."""
RETRIES = 3
TOO_MANY_REQUESTS = 429
RETRY_IN = re.compile(r"too many requests.*?try again in (\d+(?:\.\d+)?) seconds?", re.IGNORECASE)


class BudgetExhaustedError(RuntimeError):
    """The run used up its request budget (``--request-budget``)."""


def retry_after(status: int, headers: tuple[tuple[str, str], ...], body: bytes) -> float | None:
    """Seconds the target asks us to wait, or None when the answer is not a rate-limit refusal."""
    if status == TOO_MANY_REQUESTS:
        value = next((v for k, v in headers if k.lower() == "retry-after"), "1")
        return float(value) if value.strip().replace(".", "", 1).isdigit() else 1.0
    if b"oo many requests" not in body:
        return None
    try:
        errors = json.loads(body.decode("utf-8")).get("errors") or []
    except (ValueError, AttributeError):
        return None
    for error in errors:
        match = RETRY_IN.search(str(error.get("message", "")) if isinstance(error, dict) else "")
        if match:
            return float(match.group(1))
    return None


@dataclass
class Pacer:
    """Shared by every client of one target, so guests and sandbox keys count too."""

    budget: int | None = None
    rate: float | None = None
    sent: int = 0
    waited_seconds: float = 0.0
    _last: float = 0.0

    def admit(self) -> None:
        """Called before each request: enforce the budget, then space requests out."""
        if self.budget is not None and self.sent >= self.budget:
            raise BudgetExhaustedError(f"request budget of {self.budget} used up (--request-budget)")
        if self.rate:
            pause = self._last + 1.0 / self.rate - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        self._last = time.monotonic()
        self.sent += 1

    def wait(self, seconds: float) -> bool:
        """Wait out a rate-limit refusal; False when the pause asked for is too long."""
        if seconds > MAX_WAIT_SECONDS:
            return False
        time.sleep(seconds)
        self.waited_seconds += seconds
        return True

    def unbounded(self) -> None:
        """Cleanup must finish whatever the budget says: deleting is never optional."""
        self.budget = None
