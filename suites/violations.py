"""The check that failed, kept as a value: which rule, what was wrong, and the exchange it judged.

An oracle's message is built only when its ``assert`` fails (Python evaluates the message lazily),
so the last one built in a test is the failing check: its exchange, not the test's last request
(often a clean-up), is what the reports show and what the ``curl`` reproduces. With hypothesis the
final replay of the minimal example runs last, so the slot holds that example's exchange.
"""

from __future__ import annotations

from dataclasses import dataclass

from harness.client import Exchange


@dataclass(frozen=True)
class Violation:
    rule_id: str
    problem: str
    exchange: Exchange


_SLOT: list[Violation] = []


def record(violation: Violation) -> None:
    _SLOT[:] = [violation]


def reset() -> None:
    _SLOT.clear()


def last() -> Violation | None:
    return _SLOT[-1] if _SLOT else None
