"""The rate-limit rules judged from a load run's request records.

Every check is phrased so that it can fail: a check whose situation never arose in the run
(the offered load never crossed a limit, no request was retried, nothing came from the cache)
fails as "not exercised" instead of passing by default. Times are client times, so a window
on the client clock is only near the server's; the plan's stated tolerance absorbs that.
"""

from __future__ import annotations

import bisect
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from load.samples import Sample

EXAMPLES = 5
"""Offending requests quoted per failed check: enough to reproduce, short enough to read."""


@dataclass(frozen=True)
class Window:
    """One documented limit: at most ``limit`` resource units accepted in any ``seconds`` window."""

    rule_id: str
    seconds: float
    limit: float


@dataclass(frozen=True)
class Contract:
    """What the run is judged against: the limits in force and the rules that state them."""

    windows: tuple[Window, ...]
    retry_rule: str
    cache_rule: str
    charge_rule: str
    cache_ttl: float
    tolerance: float
    """Fraction of a limit by which client-clock windows may differ from the server's."""
    levels: dict[str, str] = field(default_factory=dict)


@dataclass
class Check:
    rule_id: str
    name: str
    passed: bool
    detail: str
    examples: list[dict[str, Any]] = field(default_factory=list)


def _example(sample: Sample) -> dict[str, Any]:
    return {
        "name": sample.name,
        "traffic": sample.traffic,
        "started": round(sample.started, 3),
        "status": sample.status,
        "charge": sample.charge,
        "retry_after": sample.retry_after,
        "cache": sample.cache,
    }


def _uncached(samples: Sequence[Sample]) -> list[Sample]:
    return [s for s in samples if not s.cache_hit]


def _accepted(samples: Sequence[Sample]) -> list[Sample]:
    return [s for s in _uncached(samples) if not s.limited]


def learned_costs(samples: Sequence[Sample]) -> dict[str, float]:
    """The usual charge of each request name, from its accepted uncached answers: what a
    rejected request of that name would have cost."""
    charges: dict[str, list[int]] = defaultdict(list)
    for sample in _accepted(samples):
        if sample.charge is not None:
            charges[sample.name].append(sample.charge)
    return {name: statistics.median(values) for name, values in charges.items()}


def max_in_window(events: Sequence[tuple[float, float]], seconds: float) -> tuple[float, float]:
    """The largest sum of amounts over ``(t - seconds, t]`` for any t, and where it ends;
    ``events`` are (time, amount) sorted by time."""
    best, best_at, total, start = 0.0, 0.0, 0.0, 0
    for time, amount in events:
        total += amount
        while events[start][0] <= time - seconds:
            total -= events[start][1]
            start += 1
        if total > best:
            best, best_at = total, time
    return best, best_at


def check_accepted_within(samples: Sequence[Sample], contract: Contract) -> list[Check]:
    accepted = sorted((s.finished, float(s.charge or 0)) for s in _accepted(samples))
    checks = []
    for window in contract.windows:
        allowed = window.limit * (1 + contract.tolerance)
        peak, at = max_in_window(accepted, window.seconds) if accepted else (0.0, 0.0)
        checks.append(
            Check(
                window.rule_id,
                "accepted load within the limit",
                peak <= allowed,
                f"peak accepted {peak:.0f} RU in {window.seconds:g} s (window ending at {at:.1f}); "
                f"limit {window.limit:g}, tolerance {contract.tolerance:.0%}",
            )
        )
    return checks


def _accepted_overlapping(accepted: Sequence[Sample], starts: Sequence[float], low: float, high: float) -> float:
    """Upper bound of the units the server accepted in (low, high]: every accepted request whose
    flight [started, finished] touches that interval."""
    end = bisect.bisect_right(starts, high)
    return sum(float(s.charge or 0) for s in accepted[:end] if s.finished > low)


def check_no_early_429(samples: Sequence[Sample], contract: Contract) -> Check:
    """A 429 must come from a window that was (nearly) full, counting the rejected request's own cost."""
    costs = learned_costs(samples)
    accepted = sorted(_accepted(samples), key=lambda s: s.started)
    starts = [s.started for s in accepted]
    early = []
    limited = [s for s in samples if s.limited and not s.cache_hit and s.traffic != "cached"]
    for sample in limited:
        cost = costs.get(sample.name, 0.0)
        justified = any(
            _accepted_overlapping(accepted, starts, sample.finished - w.seconds, sample.finished) + cost
            >= w.limit * (1 - contract.tolerance)
            for w in contract.windows
        )
        if not justified:
            early.append(sample)
    rules = "/".join(w.rule_id for w in contract.windows)
    return Check(
        contract.windows[0].rule_id,
        "no 429 while the accepted load is under the limits",
        not early,
        f"{len(early)} of {len(limited)} rate-limited requests came while every window ({rules}) had room",
        [_example(s) for s in early[:EXAMPLES]],
    )


def check_prompt_429(samples: Sequence[Sample], contract: Contract) -> list[Check]:
    """Once the offered load in a window exceeds its limit, a 429 follows within one window."""
    costs = learned_costs(samples)
    offered = sorted(
        (s.started, float(s.charge) if not s.limited and s.charge is not None else costs.get(s.name, 0.0))
        for s in _uncached(samples)
    )
    limited_starts = sorted(s.started for s in samples if s.limited)
    checks = []
    for window in contract.windows:
        crossed = _first_crossing(offered, window.seconds, window.limit * (1 + contract.tolerance))
        if crossed is None:
            checks.append(
                Check(
                    window.rule_id,
                    "429 within one window of crossing the limit",
                    False,
                    f"not exercised: the offered load never exceeded {window.limit:g} RU in {window.seconds:g} s",
                )
            )
            continue
        index = bisect.bisect_left(limited_starts, crossed)
        reacted = index < len(limited_starts) and limited_starts[index] <= crossed + window.seconds
        delay = f"{limited_starts[index] - crossed:.2f} s later" if index < len(limited_starts) else "never"
        checks.append(
            Check(
                window.rule_id,
                "429 within one window of crossing the limit",
                reacted,
                f"offered load crossed {window.limit:g} RU/{window.seconds:g} s at {crossed:.1f}; first 429 {delay}",
            )
        )
    return checks


def _first_crossing(events: Sequence[tuple[float, float]], seconds: float, threshold: float) -> float | None:
    total, start = 0.0, 0
    for time, amount in events:
        total += amount
        while events[start][0] <= time - seconds:
            total -= events[start][1]
            start += 1
        if total > threshold:
            return time
    return None


def _valid_retry_after(value: str | None, longest: float) -> bool:
    return value is not None and value.strip().isdigit() and int(value) <= longest


def check_retry_after(samples: Sequence[Sample], contract: Contract) -> list[Check]:
    longest = max(w.seconds for w in contract.windows)
    limited = [s for s in samples if s.limited]
    invalid = [s for s in limited if not _valid_retry_after(s.retry_after, longest)]
    retries = [s for s in samples if s.traffic == "retry"]
    refused = [s for s in retries if s.limited]
    return [
        Check(
            contract.retry_rule,
            "every 429 carries a valid Retry-After",
            bool(limited) and not invalid,
            f"{len(invalid)} of {len(limited)} rate-limited answers lacked an integer Retry-After "
            f"between 0 and {longest:g} s"
            if limited
            else "not exercised: no request was rate-limited",
            [_example(s) for s in invalid[:EXAMPLES]],
        ),
        Check(
            contract.retry_rule,
            "a retry after Retry-After succeeds",
            bool(retries) and not refused,
            f"{len(refused)} of {len(retries)} probe retries were refused again"
            if retries
            else "not exercised: the probe never retried",
            [_example(s) for s in refused[:EXAMPLES]],
        ),
    ]


def check_cache_exempt(samples: Sequence[Sample], contract: Contract) -> list[Check]:
    cached = [s for s in samples if s.traffic == "cached"]
    hits = [s for s in cached if s.cache_hit]
    charged = [s for s in hits if s.charge]
    first_answer: dict[str, float] = {}
    for sample in sorted(cached, key=lambda s: s.finished):
        if not sample.limited:
            first_answer.setdefault(sample.name, sample.finished)
    limited = [
        s
        for s in cached
        if s.limited
        and s.name in first_answer
        and first_answer[s.name] < s.started < first_answer[s.name] + contract.cache_ttl
    ]
    return [
        Check(
            contract.cache_rule,
            "cached requests are never rate-limited",
            bool(hits) and not limited,
            f"{len(limited)} of {len(cached)} repeated published requests were rate-limited within the cache TTL"
            if hits
            else "not exercised: no answer came from the cache",
            [_example(s) for s in limited[:EXAMPLES]],
        ),
        Check(
            contract.charge_rule,
            "cache hits cost nothing",
            bool(hits) and not charged,
            f"{len(charged)} of {len(hits)} cache hits were charged resource units"
            if hits
            else "not exercised: no answer came from the cache",
            [_example(s) for s in charged[:EXAMPLES]],
        ),
    ]


def check_charge_reported(samples: Sequence[Sample], contract: Contract) -> Check:
    missing = [s for s in samples if s.charge is None and s.status < 500]
    return Check(
        contract.charge_rule,
        "every answer reports X-Request-Charge",
        bool(samples) and not missing,
        f"{len(missing)} of {len(samples)} answers had no parseable X-Request-Charge",
        [_example(s) for s in missing[:EXAMPLES]],
    )


def judge(samples: Iterable[Sample], contract: Contract) -> list[Check]:
    ordered = sorted(samples, key=lambda s: s.started)
    return [
        *check_accepted_within(ordered, contract),
        check_no_early_429(ordered, contract),
        *check_prompt_429(ordered, contract),
        *check_retry_after(ordered, contract),
        *check_cache_exempt(ordered, contract),
        check_charge_reported(ordered, contract),
    ]


def summary(checks: Sequence[Check], contract: Contract) -> dict[str, Any]:
    """The verdict document: per rule its level and checks; failed when any MUST rule fails."""
    rules: dict[str, list[Check]] = defaultdict(list)
    for check in checks:
        rules[check.rule_id].append(check)
    failed_must = sorted(
        rule
        for rule, found in rules.items()
        if contract.levels.get(rule, "MUST") == "MUST" and not all(c.passed for c in found)
    )
    return {
        "verdict": "fail" if failed_must else "pass",
        "failed_must_rules": failed_must,
        "rules": [
            {
                "rule": rule,
                "level": contract.levels.get(rule, "MUST"),
                "passed": all(c.passed for c in found),
                "checks": [
                    {"check": c.name, "passed": c.passed, "detail": c.detail, "examples": c.examples} for c in found
                ],
            }
            for rule, found in sorted(rules.items())
        ],
    }
