"""The Kontent.ai rate-limit rules judged from a load run's request records.

Every check is phrased so that it can fail: a check whose situation never arose in the run
(the offered load never crossed a limit, no request was retried, nothing came from the cache)
fails as "not exercised" instead of passing by default. Times are client times: a request was
admitted somewhere in its flight (sent .. answered), so the checks reason with what is certain
(flights inside one window) or possible (flights touching it) and need no tolerance; only
"the offered load crossed the limit", counted by send times, uses the plan's stated tolerance.
"""

from __future__ import annotations

from collections.abc import Iterable

from load.answer_checks import check_cache_exempt, check_charge, check_retry, check_retry_after, check_scope
from load.samples import Sample
from load.verdict import Check, Contract
from load.window_checks import check_accepted_within, check_capacity, check_no_early_429, check_prompt_429


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
