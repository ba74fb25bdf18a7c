"""The load verdict judges request records: a run by a correct limiter passes, and each way a
limiter can be wrong is named by the check it breaks."""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Callable

import pytest

from load.kontent_verdict import judge
from load.samples import Sample
from load.verdict import CHECKS, Check, Contract, Window, clock, summary
from load.window_checks import max_within

SECOND = Window("rate.per_second", 1.0, 100.0)
MINUTE = Window("rate.per_minute", 60.0, 1000.0)
CONTRACT = Contract(
    windows=(SECOND, MINUTE),
    rejection_rule="rate.rejection",
    retry_rule="rate.retry",
    cache_rule="rate.cache",
    charge_rule="rate.charge",
    scope_rule="rate.scope",
    cache_ttl=300.0,
    tolerance=0.05,
    expected_charge=lambda complexity: max(1, complexity),
    checks=CHECKS - {"capacity", "scope"},
)
COST = 10


def sample(now: float, traffic: str, name: str, *, wait: int | None = None, charge: int = COST) -> Sample:
    """A record as the scenario writes it: refused when ``wait`` is given, a hit for cached traffic."""
    hit = traffic == "cached"
    return Sample(
        started=now,
        finished=now + 0.005,
        traffic=traffic,
        name=name,
        status=200 if wait is None else 429,
        limited=wait is not None,
        charge=0 if wait is not None or hit else charge,
        retry_after=None if wait is None else str(wait),
        cache="HIT" if hit else "MISS",
        cache_hit=hit,
        complexity=None if hit else charge,
        graphql_errors=False,
    )


class SlidingLimiter:
    """A correct limiter of both windows: the reference the synthetic runs are made with."""

    def __init__(self, windows: tuple[Window, ...]) -> None:
        self.windows = windows
        self.accepted: deque[tuple[float, int]] = deque()

    def retry_after(self, now: float, cost: int) -> int | None:
        """None when the request fits; else whole seconds until it would."""
        waits = []
        for window in self.windows:
            inside = [(t, c) for t, c in self.accepted if t > now - window.seconds]
            excess = sum(c for _, c in inside) + cost - window.limit
            freed = 0.0
            for t, c in inside:
                if excess <= 0:
                    break
                excess -= c
                freed = t
            if sum(c for _, c in inside) + cost > window.limit:
                waits.append(freed + window.seconds - now)
        if not waits:
            self.accepted.append((now, cost))
            return None
        return max(1, int(-(-max(waits) // 1)))


def run(
    offered_per_second: list[int],
    limiter: Callable[[float, int], int | None],
    *,
    cached_per_second: int = 5,
    probe_at: float | None = None,
) -> list[Sample]:
    """Uncached requests evenly spread over each second, cached ones alongside, and an optional
    probe: one refused request retried after its Retry-After."""
    arrivals = [
        (second + k / count, "uncached") for second, count in enumerate(offered_per_second) for k in range(count)
    ]
    arrivals += [
        (second + k / cached_per_second + 0.001, "cached")
        for second in range(len(offered_per_second))
        for k in range(cached_per_second)
    ]
    if probe_at is not None:
        arrivals.append((probe_at, "probe"))
    records: list[Sample] = []
    for now, traffic in sorted(arrivals):
        if traffic == "cached" and not any(r.traffic == "cached" for r in records):
            records.append(sample(now, "uncached", "cached", wait=limiter(now, COST)))
            records[-1] = dataclasses.replace(records[-1], traffic="cached")
        elif traffic == "cached":
            records.append(sample(now, "cached", "cached"))
        elif traffic == "uncached":
            records.append(sample(now, "uncached", "page", wait=limiter(now, COST)))
        else:
            while (wait := limiter(now, COST)) is None:
                records.append(sample(now, "probe", "probe"))
                now += 0.006
            records.append(sample(now, "probe", "probe", wait=wait))
            later = now + wait
            records.append(sample(later, "retry", "probe retry", wait=limiter(later, COST)))
    return records


def filled(limiter: SlidingLimiter, start: float = 0.0) -> list[Sample]:
    """The capacity probe: dear requests until refused, then 1-unit ones until refused; then a
    second key (always admitted: a separate budget)."""
    records, now = [], start
    for name, cost in (("dear", COST), ("cheap", 1)):
        while True:
            wait = limiter.retry_after(now, cost)
            records.append(sample(now, "capacity", name, wait=wait, charge=cost))
            now += 0.002
            if wait is not None:
                break
    records.append(sample(now, "scope", "cheap second key", charge=1))
    return records


def compliant() -> list[Sample]:
    """Under the limits, over the per-second limit, a probe, then over the per-minute limit."""
    limiter = SlidingLimiter((SECOND, MINUTE))
    return run([5, 5, 20, 20, 0, 0, 8, 8, 8, 8, 8, 8, 8, 8, 8], limiter.retry_after, probe_at=4.2)


def failed(records: list[Sample]) -> set[tuple[str, str]]:
    return {(c.rule_id, c.name) for c in judge(records, CONTRACT) if not c.passed}


def test_a_correct_limiter_passes_every_check() -> None:
    checks = judge(compliant(), CONTRACT)
    assert [c for c in checks if not c.passed] == []
    assert summary(checks, CONTRACT.levels)["verdict"] == "pass"


def test_times_in_details_read_as_utc_clock_times() -> None:
    details = [c.detail for c in judge(compliant(), CONTRACT) if c.name.endswith(("within the limit", "the limit"))]
    assert details and all(" UTC" in d for d in details), details
    assert clock(1796666224.926) == "17:57:04.92 UTC"


def test_a_limiter_that_ignores_the_per_second_window_is_caught() -> None:
    records = run([5, 5, 20, 20, 0], SlidingLimiter((MINUTE,)).retry_after, probe_at=4.2)
    assert ("rate.per_second", "accepted load within the limit") in failed(records)
    assert ("rate.per_second", "429 within one window of crossing the limit") in failed(records)


def test_a_limiter_that_refuses_too_early_is_caught() -> None:
    strict = SlidingLimiter((dataclasses.replace(SECOND, limit=50.0), MINUTE))
    records = run([5, 5, 20, 20, 0], strict.retry_after, probe_at=4.2)
    assert ("rate.per_second", "no 429 while the accepted load is under the limits") in failed(records)


def test_a_missing_or_short_retry_after_is_caught() -> None:
    limiter = SlidingLimiter((SECOND, MINUTE))

    def no_header(now: float, cost: int) -> int | None:
        return limiter.retry_after(now, cost)

    records = [
        dataclasses.replace(s, retry_after=None) if s.limited else s for s in run([5, 20, 0], no_header, probe_at=2.5)
    ]
    assert ("rate.rejection", "every 429 carries a valid Retry-After") in failed(records)
    refused_retry = [
        dataclasses.replace(s, status=429, limited=True, retry_after="1") if s.traffic == "retry" else s
        for s in compliant()
    ]
    assert ("rate.retry", "a retry after Retry-After succeeds") in failed(refused_retry)


def test_limited_or_charged_cache_hits_are_caught() -> None:
    limited = [
        dataclasses.replace(s, status=429, limited=True, retry_after="1", cache=None, cache_hit=False)
        if s.traffic == "cached" and s.started > 3
        else s
        for s in compliant()
    ]
    assert ("rate.cache", "cached requests are never rate-limited") in failed(limited)
    charged = [dataclasses.replace(s, charge=COST) if s.cache_hit else s for s in compliant()]
    assert ("rate.cache", "cache hits cost nothing") in failed(charged)


def test_a_run_that_never_crosses_a_limit_cannot_pass() -> None:
    quiet = run([5, 5, 5], SlidingLimiter((SECOND, MINUTE)).retry_after, cached_per_second=0)
    names = {name for _, name in failed(quiet)}
    assert {
        "429 within one window of crossing the limit",
        "a retry after Retry-After succeeds",
        "cached requests are never rate-limited",
    } <= names
    assert summary(judge(quiet, CONTRACT), CONTRACT.levels)["verdict"] == "fail"


def test_a_charge_off_the_cost_model_is_caught() -> None:
    doubled = [dataclasses.replace(s, charge=2 * s.charge) if s.charge and not s.limited else s for s in compliant()]
    assert ("rate.charge", "the charge follows the cost model") in failed(doubled)


CAPACITY = dataclasses.replace(CONTRACT, checks=frozenset({"capacity:1", "capacity:60", "scope"}))


def test_the_capacity_probe_measures_each_empty_window_exactly() -> None:
    limiter = SlidingLimiter((SECOND, MINUTE))
    records = filled(limiter)
    for second in range(1, 12):
        records += filled(limiter, start=float(second))
    assert [c for c in judge(records, CAPACITY) if not c.passed] == []


def test_a_window_that_admits_one_unit_more_is_caught() -> None:
    loose = SlidingLimiter((dataclasses.replace(SECOND, limit=SECOND.limit + 1), MINUTE))
    failures = {(c.rule_id, c.name) for c in judge(filled(loose), CAPACITY) if not c.passed}
    assert ("rate.per_second", "exact capacity of an empty 1 s window") in failures
    minute = SlidingLimiter((SECOND, dataclasses.replace(MINUTE, limit=MINUTE.limit + 1)))
    records = [r for second in range(12) for r in filled(minute, start=float(second))]
    failures = {(c.rule_id, c.name) for c in judge(records, CAPACITY) if not c.passed}
    assert failures == {("rate.per_minute", "exact capacity of an empty 60 s window")}


def test_one_budget_for_every_key_is_caught() -> None:
    shared = [
        dataclasses.replace(s, status=429, limited=True, retry_after="1") if s.traffic == "scope" else s
        for s in filled(SlidingLimiter((SECOND, MINUTE)))
    ]
    assert ("rate.scope", "another API key has its own budget") in {
        (c.rule_id, c.name) for c in judge(shared, CAPACITY) if not c.passed
    }


def test_should_rules_do_not_fail_the_verdict() -> None:
    contract = dataclasses.replace(CONTRACT, levels={"rate.cache": "SHOULD", "rate.charge": "SHOULD"})
    checks = [Check("rate.cache", "x", False, ""), Check("rate.charge", "y", True, "")]
    assert summary(checks, contract.levels)["verdict"] == "pass"
    assert summary([*checks, Check("rate.retry", "z", False, "")], contract.levels)["failed_must_rules"] == [
        "rate.retry"
    ]


@pytest.mark.parametrize(
    ("flights", "seconds", "expected"),
    [
        ([(0.0, 0.1, 5.0), (0.5, 0.6, 5.0), (0.95, 1.05, 5.0), (1.6, 1.7, 5.0)], 1.0, 10.0),
        ([(0.0, 0.01, 1.0), (0.2, 0.21, 1.0), (0.4, 0.41, 1.0)], 1.0, 3.0),
        ([(0.0, 0.9, 3.0), (0.5, 1.2, 2.0)], 1.0, 3.0),
        ([(0.0, 2.0, 3.0)], 1.0, 0.0),
    ],
)
def test_max_within_counts_only_flights_inside_one_window(
    flights: list[tuple[float, float, float]], seconds: float, expected: float
) -> None:
    assert max_within(flights, seconds)[0] == expected
