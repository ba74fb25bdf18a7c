"""The ``@rateLimit`` rule judged from a load run's call records, per limited field.

As for Kontent.ai, every check can fail and a check whose situation never arose fails as "not
exercised". Windows are the rule's fixed windows: opened by a call, ``limit`` calls admitted,
closed ``seconds`` later; a call's server time is somewhere in its flight.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from harness.wikijs_rate_limits import Limit
from load.calls import Call
from load.verdict import EXAMPLES, Check


def _example(call: Call) -> dict[str, Any]:
    return {"field": call.field, "traffic": call.traffic, "started": round(call.started, 3), "status": call.status,
            "refused": call.refused, "wait": call.wait, "problems": call.problems}  # fmt: skip


def check_capacity(calls: Sequence[Call], rule: str, field: str, limit: Limit) -> Check:
    """The calls the window admitted before the probe's first refusal, the callers' included: on a
    slow server (a real 2.5.314 at 4-11 s per login) the callers' phase starts while the probe is
    still in its window, and their admitted calls spend the same budget."""
    name = f"{field}: exactly {limit.calls} calls admitted in a fresh window"
    probe = [c for c in calls if c.traffic == "probe"]
    refusal = next((c for c in probe if c.refused), None)
    if refusal is None:
        return Check(rule, name, False, f"not exercised: {len(probe)} probe calls and no refusal")
    admitted = [c for c in calls if not c.refused and c.started < refusal.started]
    others = sum(1 for c in admitted if c.traffic != "probe")
    detail = f"{len(admitted)} calls admitted before the first refusal" + (f" ({others} by callers)" if others else "")
    return Check(rule, name, len(admitted) == limit.calls, detail, [_example(refusal)])


def check_refusals(calls: Sequence[Call], rule: str, field: str) -> Check:
    refused = [c for c in calls if c.refused]
    wrong = [c for c in refused if c.problems]
    return Check(
        rule,
        f"{field}: every refusal has the rule's shape",
        bool(refused) and not wrong,
        f"{len(wrong)} of {len(refused)} refusals departed from the rule" if refused else "not exercised: no refusal",
        [_example(c) for c in wrong[:EXAMPLES]],
    )


def check_retry(calls: Sequence[Call], rule: str, field: str) -> Check:
    retries = [c for c in calls if c.traffic == "retry"]
    refused = [c for c in retries if c.refused]
    return Check(
        rule,
        f"{field}: a call after the announced wait is admitted",
        bool(retries) and not refused,
        f"{len(refused)} of {len(retries)} retries were refused" if retries else "not exercised: no retry",
        [_example(c) for c in refused[:EXAMPLES]],
    )


def check_windows(calls: Sequence[Call], rule: str, field: str, limit: Limit) -> Check:
    """Rebuild the windows from the admitted calls: a call that may come after the current
    window closed opens the next one; any window that certainly admitted more than the limit fails."""
    admitted = sorted((c for c in calls if not c.refused), key=lambda c: c.started)
    over: list[Call] = []
    opener: Call | None = None
    count = 0
    for call in admitted:
        if opener is None or call.finished >= opener.started + limit.seconds:
            opener, count = call, 0
        count += 1
        if count == limit.calls + 1:
            over.append(call)
    return Check(
        rule,
        f"{field}: at most {limit.calls} calls admitted per {limit.seconds} s window",
        bool(admitted) and not over,
        f"{len(over)} windows admitted more than {limit.calls} calls ({len(admitted)} admitted in all)"
        if admitted
        else "not exercised: no call was admitted",
        [_example(c) for c in over[:EXAMPLES]],
    )


def judge_calls(calls: Iterable[Call], rule: str, limits: Mapping[str, Limit], checks: frozenset[str]) -> list[Check]:
    by_field: dict[str, list[Call]] = defaultdict(list)
    for call in sorted(calls, key=lambda c: c.started):
        by_field[call.field].append(call)
    found: list[Check] = []
    for field, limit in limits.items():
        mine = by_field.get(field, [])
        if "capacity" in checks:
            found.append(check_capacity(mine, rule, field, limit))
        if "refusal" in checks:
            found.append(check_refusals(mine, rule, field))
        if "retry" in checks:
            found.append(check_retry(mine, rule, field))
        if "windows" in checks:
            found.append(check_windows(mine, rule, field, limit))
    return found
