"""The Wiki.js capacity check counts every call its window admitted, not only the probe's."""

from __future__ import annotations

from harness.wikijs_rate_limits import Limit
from load.calls import Call
from load.wikijs_verdict import check_capacity

FIELD = "AuthenticationMutation.login"
LIMIT = Limit(calls=5, seconds=60)


def _call(started: float, traffic: str, refused: bool = False) -> Call:
    return Call(started, started + 1, FIELD, traffic, 200, refused, None, [])


def test_callers_admitted_while_the_probe_is_in_its_window_spend_its_budget() -> None:
    """As a real 2.5.314 answered at 4-11 s a login: 3 probe and 2 caller calls admitted, the 6th refused."""
    calls = [_call(0, "probe"), _call(4, "caller"), _call(4, "caller"), _call(7, "probe"), _call(15, "probe")]
    check = check_capacity([*calls, _call(18, "probe", refused=True)], "rule", FIELD, LIMIT)
    assert check.passed and check.detail == "5 calls admitted before the first refusal (2 by callers)"


def test_a_window_refusing_early_fails() -> None:
    calls = [_call(0, "probe"), _call(1, "caller"), _call(2, "probe"), _call(3, "probe", refused=True)]
    check = check_capacity(calls, "rule", FIELD, LIMIT)
    assert not check.passed and check.detail == "3 calls admitted before the first refusal (1 by callers)"
