"""One record per request a load run made, gathered from every Locust process.

The verdict needs more than Locust's aggregated statistics: the time of each request, the
resource units the server charged, its ``Retry-After`` and cache marker. Workers hand their
records to the master inside Locust's own periodic worker report, so a distributed run needs
no side channel; a single-process run keeps them in place.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

REPORT_KEY = "conformance_samples"
"""The key under which a worker's records travel in its report to the master."""


@dataclass(frozen=True)
class Sample:
    """What one request showed; times are client clock seconds (all processes share a host clock)."""

    started: float
    finished: float
    traffic: str
    """``uncached``, ``cached``; the probe's ``probe`` (bursting), ``retry`` (after Retry-After),
    ``capacity`` (filling empty windows) and ``scope`` (a request with a second API key once the
    first key's budget is spent)."""
    name: str
    status: int
    limited: bool
    """The answer was the rate-limit rejection (the rule's status)."""
    charge: int | None
    """``X-Request-Charge``, when the response had a parseable one."""
    retry_after: str | None
    cache: str | None
    """The cache marker header as sent, or None."""
    cache_hit: bool
    """The marker says the CDN answered (the rule's hit value)."""
    complexity: int | None
    """``X-Complexity``, when present."""
    graphql_errors: bool
    node: str = "local"
    """The Locust worker that sent it (its client id), or ``local`` for a one-process run."""


Record = TypeVar("Record")
"""A scenario's record type: a dataclass of plain JSON fields."""


class Collector(Generic[Record]):
    """Records of this process not yet handed on."""

    def __init__(self, kind: type[Record]) -> None:
        self._kind = kind
        self._pending: list[Record] = []

    def add(self, record: Record) -> None:
        self._pending.append(record)

    def drain(self) -> list[Record]:
        drained, self._pending = self._pending, []
        return drained

    def attach(self, report: dict[str, Any]) -> None:
        """Move the pending records into a worker's report to the master."""
        report[REPORT_KEY] = [asdict(record) for record in self.drain()]  # type: ignore[call-overload]

    def received(self, report: dict[str, Any]) -> list[Record]:
        """The records a worker's report carried."""
        return [self._kind(**fields) for fields in report.get(REPORT_KEY, ())]


def write(path: Path, records: Iterable[Any]) -> None:
    with path.open("a", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(asdict(record), separators=(",", ":")) + "\n")


def read(path: Path, kind: type[Record]) -> Iterator[Record]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield kind(**json.loads(line))
