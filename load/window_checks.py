"""The checks of the rate windows themselves: what was admitted stays within each limit, a 429
comes only when a window may be full and promptly once the offered load crossed it, and an empty
window admits exactly its limit. Client times only: see ``load.kontent_verdict``."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from load.samples import Sample
from load.verdict import (
    EXAMPLES,
    Check,
    Contract,
    Window,
    accepted_samples,
    clock,
    costs,
    example,
    same_budget,
    uncached_samples,
)


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
    flights = [(s.started, s.finished, float(s.charge or 0)) for s in accepted_samples(samples) if s.traffic != "scope"]
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
    accepted = sorted(accepted_samples(samples), key=lambda s: s.started)
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
        [example(s) for s in early[:EXAMPLES]],
    )


def check_prompt_429(samples: Sequence[Sample], contract: Contract) -> list[Check]:
    """Once the offered load in a window exceeds its limit, a 429 follows within one window."""
    cost_of = costs(samples, contract)
    offered = sorted((s.started, cost_of(s)) for s in uncached_samples(samples) if s.traffic != "scope")
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
    admitted = [s for s in samples if same_budget(s) and s.started < full.started]
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
        [example(full)],
    )


def _seconds(value: str | None) -> int:
    return int(value) if value is not None and value.strip().isdigit() else -1
