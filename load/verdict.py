"""The rate-limit rules judged from a load run's request records.

Every check is phrased so that it can fail: a check whose situation never arose in the run
(the offered load never crossed a limit, no request was retried, nothing came from the cache)
fails as "not exercised" instead of passing by default. Times are client times: a request was
admitted somewhere in its flight (sent .. answered), so the checks reason with what is certain
(flights inside one window) or possible (flights touching it) and need no tolerance; only
"the offered load crossed the limit", counted by send times, uses the plan's stated tolerance.
"""

from __future__ import annotations

import bisect
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from load.samples import Sample

EXAMPLES = 5
"""Offending requests quoted per failed check: enough to reproduce, short enough to read."""


def clock(moment: float) -> str:
    """A client time as a reader compares it with logs and the run's start: UTC, to the hundredth."""
    return datetime.fromtimestamp(moment, UTC).strftime("%H:%M:%S.%f")[:-4] + " UTC"


@dataclass(frozen=True)
class Window:
    """One documented limit: at most ``limit`` resource units accepted in any ``seconds`` window."""

    rule_id: str
    seconds: float
    limit: float


CHECKS = frozenset(
    {
        "accepted",
        "no_early_429",
        "prompt_429",
        "retry_after",
        "retry",
        "cache",
        "charge",
        "capacity",
        "scope",
    }
)
"""What a verdict can judge; a plan names those its phases exercise (``capacity:SECONDS`` for
the exact capacity of one window)."""


@dataclass(frozen=True)
class Contract:
    """What the run is judged against: the limits in force and the rules that state them."""

    windows: tuple[Window, ...]
    """Shortest window first."""
    rejection_rule: str
    retry_rule: str
    cache_rule: str
    charge_rule: str
    scope_rule: str
    cache_ttl: float
    tolerance: float
    """Fraction over a limit the offered load (by send time) must reach before a 429 is required."""
    expected_charge: Callable[[int], int]
    """The cost model: the units a request of a given complexity costs."""
    checks: frozenset[str]
    levels: Mapping[str, str] = field(default_factory=dict)


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
        "complexity": sample.complexity,
    }


def _uncached(samples: Sequence[Sample]) -> list[Sample]:
    return [s for s in samples if not s.cache_hit]


def _accepted(samples: Sequence[Sample]) -> list[Sample]:
    return [s for s in _uncached(samples) if not s.limited and s.traffic != "scope"]


def costs(samples: Sequence[Sample], contract: Contract) -> Callable[[Sample], float]:
    """What a request cost or would have cost: its charge when admitted; else the cost model
    applied to the complexity its refusal reported; else the usual charge of its name."""
    charges: dict[str, list[int]] = defaultdict(list)
    for sample in _accepted(samples):
        if sample.charge is not None:
            charges[sample.name].append(sample.charge)
    usual = {name: statistics.median(values) for name, values in charges.items()}

    def cost(sample: Sample) -> float:
        if not sample.limited and sample.charge is not None:
            return float(sample.charge)
        if sample.complexity is not None:
            return float(contract.expected_charge(sample.complexity))
        return float(usual.get(sample.name, 0.0))

    return cost


def max_within(flights: Sequence[tuple[float, float, float]], seconds: float) -> tuple[float, float]:
    """The largest sum of amounts of (started, finished, amount) flights that all lie inside one
    interval shorter than ``seconds``, and where that interval starts.

    Whatever the server's clock, each request was admitted during its flight, so such a set was
    admitted within less than one window: a lower bound of what the server's window held, exact
    enough to compare with the limit without any tolerance. A flight counts for every interval
    start t in (finished - seconds, started]; the sweep finds the t covered by the most units.
    """
    events = []
    for started, finished, amount in flights:
        if finished - started < seconds:
            events.append((finished - seconds, 1, amount))  # opens just after this time
            events.append((started, 0, -amount))  # closes just after this time
    best, best_at, total = 0.0, 0.0, 0.0
    for time, opening, amount in sorted(events, key=lambda e: (e[0], e[1])):  # closings first
        if opening:
            total += amount
            if total > best:
                best, best_at = total, time
        else:
            total += amount
    return best, best_at


def check_accepted_within(samples: Sequence[Sample], contract: Contract) -> list[Check]:
    flights = [(s.started, s.finished, float(s.charge or 0)) for s in _accepted(samples) if s.traffic != "scope"]
    checks = []
    for window in contract.windows:
        peak, at = max_within(flights, window.seconds)
        checks.append(
            Check(
                window.rule_id,
                "accepted load within the limit",
                peak <= window.limit,
                f"at most {peak:.0f} units were certainly admitted within one {window.seconds:g} s window "
                f"(from {clock(at)}); limit {window.limit:g}",
            )
        )
    return checks


def _accepted_overlapping(accepted: Sequence[Sample], starts: Sequence[float], low: float, high: float) -> float:
    """Upper bound of the units the server accepted in (low, high]: every accepted request whose
    flight [started, finished] touches that interval."""
    end = bisect.bisect_right(starts, high)
    return sum(float(s.charge or 0) for s in accepted[:end] if s.finished > low)


def check_no_early_429(samples: Sequence[Sample], contract: Contract) -> Check:
    """A 429 must come from a window that may have been full: the units of every admitted request
    whose flight could fall in the server's window when it judged the refused one, plus the
    refused request's own cost, exceed the limit."""
    cost_of = costs(samples, contract)
    accepted = sorted(_accepted(samples), key=lambda s: s.started)
    starts = [s.started for s in accepted]
    early = []
    limited = [s for s in samples if s.limited and not s.cache_hit and s.traffic != "cached"]
    for sample in limited:
        cost = cost_of(sample)
        justified = any(
            _accepted_overlapping(accepted, starts, sample.started - w.seconds, sample.finished) + cost > w.limit
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
    cost_of = costs(samples, contract)
    offered = sorted((s.started, cost_of(s)) for s in _uncached(samples) if s.traffic != "scope")
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
                f"offered load crossed {window.limit:g} RU/{window.seconds:g} s at {clock(crossed)}; first 429 {delay}",
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


def check_retry_after(samples: Sequence[Sample], contract: Contract) -> Check:
    longest = max(w.seconds for w in contract.windows)
    limited = [s for s in samples if s.limited]
    invalid = [s for s in limited if not _valid_retry_after(s.retry_after, longest)]
    return Check(
        contract.rejection_rule,
        "every 429 carries a valid Retry-After",
        bool(limited) and not invalid,
        f"{len(invalid)} of {len(limited)} rate-limited answers lacked an integer Retry-After "
        f"between 0 and {longest:g} s"
        if limited
        else "not exercised: no request was rate-limited",
        [_example(s) for s in invalid[:EXAMPLES]],
    )


def _same_budget(sample: Sample) -> bool:
    """Admitted and charged to the run's own budget (not a cache hit, not the second key)."""
    return not sample.limited and not sample.cache_hit and sample.traffic != "scope"


def check_retry(samples: Sequence[Sample], contract: Contract) -> Check:
    """A retry counts when nothing else was admitted between the refusal and the retry."""
    judged, refused, disturbed = [], [], 0
    for retry in (s for s in samples if s.traffic == "retry"):
        original = retry.name.removesuffix(" retry")
        refusal = max(
            (s for s in samples if s.limited and s.name == original and s.finished <= retry.started),
            key=lambda s: s.finished,
            default=None,
        )
        if refusal is None:
            continue
        between = [
            s for s in samples
            if s is not retry and _same_budget(s) and s.finished > refusal.started and s.started < retry.started
        ]  # fmt: skip
        if between:
            disturbed += 1
            continue
        judged.append(retry)
        if retry.limited:
            refused.append(retry)
    return Check(
        contract.retry_rule,
        "a retry after Retry-After succeeds",
        bool(judged) and not refused,
        f"{len(refused)} of {len(judged)} undisturbed probe retries were refused again ({disturbed} retries had "
        "other traffic in between and are not judged)"
        if judged
        else f"not exercised: no undisturbed probe retry ({disturbed} disturbed)",
        [_example(s) for s in refused[:EXAMPLES]],
    )


def check_cache_exempt(samples: Sequence[Sample], contract: Contract) -> list[Check]:
    cached = [s for s in samples if s.traffic == "cached"]
    hits = [s for s in cached if s.cache_hit]
    charged = [s for s in hits if s.charge]
    fresh_until: dict[str, float] = {}
    limited = []
    for sample in cached:  # in start order
        if sample.limited and sample.started < fresh_until.get(sample.name, 0.0):
            limited.append(sample)
        elif not sample.limited and not sample.cache_hit:
            fresh_until[sample.name] = sample.finished + contract.cache_ttl
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
            contract.cache_rule,
            "cache hits cost nothing",
            bool(hits) and not charged,
            f"{len(charged)} of {len(hits)} cache hits were charged resource units"
            if hits
            else "not exercised: no answer came from the cache",
            [_example(s) for s in charged[:EXAMPLES]],
        ),
    ]


def check_charge(samples: Sequence[Sample], contract: Contract) -> list[Check]:
    answered = [s for s in samples if s.status < 500]
    missing = [s for s in answered if s.charge is None]
    priced = [s for s in answered if not s.limited and not s.cache_hit and s.complexity is not None]
    wrong = [s for s in priced if s.charge != contract.expected_charge(s.complexity or 0)]
    return [
        Check(
            contract.charge_rule,
            "every answer reports its charge",
            bool(answered) and not missing,
            f"{len(missing)} of {len(answered)} answers had no parseable charge header",
            [_example(s) for s in missing[:EXAMPLES]],
        ),
        Check(
            contract.charge_rule,
            "the charge follows the cost model",
            bool(priced) and not wrong,
            f"{len(wrong)} of {len(priced)} executed requests were charged other than the cost model "
            "says for their reported complexity"
            if priced
            else "not exercised: no executed request reported its complexity",
            [_example(s) for s in wrong[:EXAMPLES]],
        ),
    ]


def check_capacity(samples: Sequence[Sample], contract: Contract, window: Window) -> Check:
    """Filling empty windows from one client, the units admitted before the cheapest request is
    refused equal the limit exactly (up to that request's own cost)."""
    name = f"exact capacity of an empty {window.seconds:g} s window"
    filling = [s for s in samples if s.traffic in ("capacity", "retry")]
    prices = {s.name: s.charge or 0 for s in filling if not s.limited and s.traffic == "capacity"}
    cheapest_name = min(prices, key=lambda n: prices[n], default=None)
    longest_shorter = max((w.seconds for w in contract.windows if w.seconds < window.seconds), default=-1.0)
    full = next(
        (
            s
            for s in filling
            if s.limited and s.traffic == "capacity" and s.name == cheapest_name
            and _seconds(s.retry_after) > longest_shorter
        ),
        None,
    )  # fmt: skip
    if full is None:
        return Check(window.rule_id, name, False, "not exercised: the probe never filled this window")
    admitted = [s for s in samples if _same_budget(s) and s.started < full.started]
    counted = [s for s in admitted if s.started > full.finished - window.seconds]
    unsure = [s for s in admitted if s not in counted and s.finished > full.started - window.seconds]
    if unsure:
        return Check(
            window.rule_id, name, False, f"inconclusive: {len(unsure)} admitted requests straddle the window's start"
        )
    units = sum(s.charge or 0 for s in counted)
    cheapest = prices[cheapest_name] if cheapest_name else 0
    return Check(
        window.rule_id,
        name,
        window.limit - cheapest < units <= window.limit,
        f"{units} units admitted in the {window.seconds:g} s before a {cheapest}-unit request was refused; "
        f"limit {window.limit:g}",
        [_example(full)],
    )


def _seconds(value: str | None) -> int:
    return int(value) if value is not None and value.strip().isdigit() else -1


def check_scope(samples: Sequence[Sample], contract: Contract) -> Check:
    other_key = [s for s in samples if s.traffic == "scope"]
    refused = [s for s in other_key if s.limited]
    return Check(
        contract.scope_rule,
        "another API key has its own budget",
        bool(other_key) and not refused,
        f"{len(refused)} of {len(other_key)} requests with a second key were refused while the first key's "
        "budget was spent"
        if other_key
        else "not exercised: no request with a second key",
        [_example(s) for s in refused[:EXAMPLES]],
    )


def judge(samples: Iterable[Sample], contract: Contract) -> list[Check]:
    """The checks the plan exercises (``contract.checks``), in a stable order."""
    ordered = sorted(samples, key=lambda s: s.started)
    wanted = contract.checks
    checks: list[Check] = []
    if "accepted" in wanted:
        checks += check_accepted_within(ordered, contract)
    if "no_early_429" in wanted:
        checks.append(check_no_early_429(ordered, contract))
    if "prompt_429" in wanted:
        checks += check_prompt_429(ordered, contract)
    if "retry_after" in wanted:
        checks.append(check_retry_after(ordered, contract))
    if "retry" in wanted:
        checks.append(check_retry(ordered, contract))
    if "cache" in wanted:
        checks += check_cache_exempt(ordered, contract)
    if "charge" in wanted:
        checks += check_charge(ordered, contract)
    checks += [check_capacity(ordered, contract, w) for w in contract.windows if f"capacity:{w.seconds:g}" in wanted]
    if "scope" in wanted:
        checks.append(check_scope(ordered, contract))
    return checks


def summary(checks: Sequence[Check], levels: Mapping[str, str]) -> dict[str, Any]:
    """The verdict document: per rule its level and checks; failed when any MUST rule fails."""
    rules: dict[str, list[Check]] = defaultdict(list)
    for check in checks:
        rules[check.rule_id].append(check)
    failed_must = sorted(
        rule for rule, found in rules.items() if levels.get(rule, "MUST") == "MUST" and not all(c.passed for c in found)
    )
    return {
        "verdict": "fail" if failed_must else "pass",
        "failed_must_rules": failed_must,
        "rules": [
            {
                "rule": rule,
                "level": levels.get(rule, "MUST"),
                "passed": all(c.passed for c in found),
                "checks": [
                    {"check": c.name, "passed": c.passed, "detail": c.detail, "examples": c.examples} for c in found
                ],
            }
            for rule, found in sorted(rules.items())
        ],
    }
