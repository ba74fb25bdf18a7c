"""Where the login-flow scenarios run, and how they stay within ``@rateLimit``.

``login``, ``loginTFA`` and ``loginChangePassword`` allow a few calls per window per client
address (the directive's arguments in the SDL), and every test of a worker reaches its mock
from one address. A scenario spending more would be refused: with 1008 in place of the code
under test (docs), or by a window to wait out (2.5.314). So on the embedded mock the scenarios
of ``test_auth_codes`` run on a mock of their own (``ACCOUNTS``), the bursts that exhaust
``login`` on purpose on another (``BURST``); a user logs in once per run and every example
reuses what that login gave; a drawn scenario gets a share of its field's calls as examples.
Against a live target everything runs on that target (its refusals are waited out there).

The local strategy's self-registration is a global setting: it is changed on the embedded
mock only (and restored at the end); a live wiki is used only where it is already set as a
scenario needs.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

import pytest

from harness.client import Exchange, HttpClient
from harness.targets import Target
from harness.wikijs_rate_limits import RULE as RATE_RULE
from harness.wikijs_rate_limits import Limit, sdl_limits
from specs import default_rules
from specs.model import FieldRateLimit
from suites.pool import TargetPool
from suites.wikijs import pages, sandbox
from suites.wikijs.status import check_shape

ACCOUNTS = "login scenarios"
"""The embedded mock of the login-flow scenarios: the shared mock's login budget stays untouched."""
BURST = "login burst"
"""The embedded mock whose login budget the bursts exhaust on purpose."""
AUTH_TYPE = "AuthenticationMutation"
STRATEGIES = (
    "{ authentication { activeStrategies { key strategy { key } displayName order isEnabled config { key value }"
    " selfRegistration domainWhitelist autoEnrollGroups } } }"
)
UPDATE_STRATEGIES = (
    "mutation($strategies: [AuthenticationStrategyInput]!) { authentication {"
    f" updateStrategies(strategies: $strategies) {{ {sandbox.STATUS} }} }} }}"
)
GLOBAL_CHANGE = "needs a global configuration change ({}): made on the embedded mock only, never on a live wiki"
T = TypeVar("T")


def target_for(pool: TargetPool, purpose: str) -> Target:
    """The embedded run's mock for ``purpose``; a live target is the one target. A burst runs
    there only with ``--allow-rate-limit-burst``: it spends the run's login window, which the
    other login scenarios would then have to wait for."""
    if not pool.options.live:
        return pool.dedicated("wikijs", purpose=purpose)
    if purpose == BURST and not pool.options.allow_rate_limit_burst:
        pytest.skip("a login burst against a live target needs --allow-rate-limit-burst (it spends the login window)")
    return pool.get("wikijs")


def limit(field: str) -> Limit:
    directive = default_rules()[RATE_RULE].data_as(FieldRateLimit).directive
    return sdl_limits(directive)[(AUTH_TYPE, field)]


def examples_within(field: str, sharers: int) -> int:
    """Examples a drawn scenario may send to ``field``: its share of one window's calls, with
    ``sharers`` scenarios calling the field on the same mock."""
    return max(1, limit(field).calls // sharers)


def once(target: Target, what: str, make: Callable[[], T]) -> T:
    """A set-up made once per run and target (a login, a user), reused by every example."""
    if what not in target.shared:
        target.shared[what] = make()
    return cast(T, target.shared[what])


def set_up(target: Target, exchange: Exchange, operation: str) -> dict[str, Any]:
    """A set-up step's payload: its ResponseStatus well-formed and a success. How a success reads
    is the ResponseStatus rule's business, not the scenario's (2.5.314 words it differently)."""
    payload = pages.result_of(exchange, operation)
    status = check_shape(target, exchange, payload.get("responseResult"))
    assert status["succeeded"], f"set-up {operation} failed: {exchange.response.text(300)}"
    return payload


def impatient_guest(target: Target) -> HttpClient:
    """A client without credentials that reports a rate-limit refusal instead of waiting it out
    (same journal, budget and rate cap as the target's client)."""
    headers = {k: v for k, v in target.client.default_headers.items() if k.lower() != "authorization"}
    return dataclasses.replace(target.client.with_headers(headers), waits_out_refusals=False)


def registration(target: Target, *, enabled: bool, whitelist: Sequence[str] | None = None) -> None:
    """Self-registration of the local strategy as a scenario needs it (``whitelist`` None: any).

    The embedded mock is set so (the first change registers a restore of the original settings);
    a live wiki not already set so skips the test."""
    current = target.client.graphql_data(STRATEGIES)["authentication"]["activeStrategies"]
    local = next(s for s in current if s["key"] == sandbox.LOCAL_STRATEGY)
    if local["selfRegistration"] == enabled and (whitelist is None or local["domainWhitelist"] == list(whitelist)):
        return
    if not target.embedded:
        pytest.skip(GLOBAL_CHANGE.format("self-registration " + ("on" if enabled else "off")))
    once(target, "registration restored", lambda: _restore_later(target, current))
    changed = {"selfRegistration": enabled, "domainWhitelist": list(whitelist or ())}
    _update(target, [{**s, **changed} if s is local else s for s in current])


def _restore_later(target: Target, original: list[dict[str, Any]]) -> None:
    target.on_cleanup("authentication strategies: registration settings restored", lambda: _update(target, original))


def _update(target: Target, strategies: list[dict[str, Any]]) -> None:
    variables = {"strategies": [_as_input(s) for s in strategies]}
    set_up(target, target.client.graphql(UPDATE_STRATEGIES, variables), "authentication.updateStrategies")


def _as_input(strategy: dict[str, Any]) -> dict[str, Any]:
    """An active strategy as ``updateStrategies`` takes it back; config values go in the admin UI's
    ``{"v": ...}`` form (they read as ``{"value": ...}``)."""
    config = [
        {"key": pair["key"], "value": json.dumps({"v": json.loads(pair["value"]).get("value")})}
        for pair in strategy["config"] or ()
    ]
    return {
        "key": strategy["key"],
        "strategyKey": strategy["strategy"]["key"],
        "config": config,
        "displayName": strategy["displayName"],
        "order": strategy["order"],
        "isEnabled": strategy["isEnabled"],
        "selfRegistration": strategy["selfRegistration"],
        "domainWhitelist": strategy["domainWhitelist"],
        "autoEnrollGroups": strategy["autoEnrollGroups"],
    }
