"""``@rateLimit``: a limited field refuses the call after its limit, as the rule says.

The limits are the arguments of the directive in the project's Wiki.js SDL, read as data (the
suites never import the mock); the rule says how a refusal reads. Calls come from one address,
so the budget may already be partly spent by earlier tests of the same window: the test
accepts a refusal at any call up to ``limit + 1`` and requires one by then. The embedded run
bursts on a mock of its own (:data:`suites.wikijs.logins.BURST`), so the other login scenarios
never find the window spent.
"""

from __future__ import annotations

from typing import Any

import pytest

from harness.client import Exchange, HttpClient
from harness.targets import Target
from harness.wikijs_rate_limits import RULE, Limit, refusal, sdl_limits
from specs.model import FieldRateLimit
from suites.oracles import explain
from suites.pool import TargetPool
from suites.wikijs import logins

LOGIN_FIELD = ("AuthenticationMutation", "login")
LOGIN = """mutation { authentication { login(username: "conformance-nobody@example.invalid", password: "x",
  strategy: "local") { responseResult { succeeded errorCode slug message } jwt } } }"""


def guest(target: Target) -> HttpClient:
    headers = {k: v for k, v in target.client.default_headers.items() if k.lower() != "authorization"}
    return HttpClient(target.client.base_url, headers, target.client.journal, waits_out_refusals=False)


def login_payload(exchange: Exchange) -> Any:
    return ((exchange.response.json().get("data") or {}).get("authentication") or {}).get("login")


def refused(target: Target, exchange: Exchange, limit: Limit) -> bool:
    """Whether this answer is the rule's refusal; a refusal of the wrong shape fails the test."""
    rule = target.rules[RULE]
    assert exchange.response.status == 200, explain(rule, exchange, "a rate-limited call still answers 200")
    found = refusal(target.rules, exchange.response.json(), login_payload(exchange), limit)
    if found is None:
        return False
    assert not found.problems, explain(rule, exchange, "; ".join(found.problems))
    return True


@pytest.mark.rule(RULE)
def test_login_is_refused_after_its_limit(target_pool: TargetPool) -> None:
    wikijs = logins.target_for(target_pool, logins.BURST)
    rule = wikijs.rules[RULE]
    limit = sdl_limits(rule.data_as(FieldRateLimit).directive)[LOGIN_FIELD]
    client = guest(wikijs)
    answers = [client.graphql(LOGIN) for _ in range(limit.calls + 1)]
    verdicts = [refused(wikijs, exchange, limit) for exchange in answers]
    assert verdicts[-1], explain(rule, answers[-1], f"call {limit.calls + 1} within {limit.seconds} s must be refused")
    first = verdicts.index(True)
    assert all(verdicts[first:]), explain(rule, answers[-1], "once refused, every call of the window is refused")
    again = client.graphql(LOGIN)
    assert refused(wikijs, again, limit), explain(rule, again, "a refused call does not reopen the window")
