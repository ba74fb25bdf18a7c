"""The configuration error codes: mail (3002, 3004), localization (5002) and system (7002).

3002 and 7002 need a global state of the wiki (no mail host, SSL off): they run on the embedded
mock only, whose state the scenario sets and puts back, and are skipped on a live target.
3004 draws recipients shorter than the rule's minimum; a refused test mail sends nothing.
5002 asks for a drawn locale code no wiki has and is read-only; where the profile's rule says the
code is never emitted (2.5.314), the same request must answer the rule's plain error instead
(or, without one, a list without an error).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harness.client import Exchange
from harness.targets import Target
from specs import Rule
from specs.model import ErrorCode
from suites.oracles import explain
from suites.wikijs.config_scenarios import SCENARIOS
from suites.wikijs.triggers import acted_out_by, check_code, trigger_of

READ_ONLY = frozenset({"unknown_locale"})


def check_not_emitted(target: Target, rule: Rule, exchange: Exchange) -> None:
    """A code the profile's implementation never reports: the query answers data, no error, or
    the rule's plain error (a message, no code) and no data."""
    document = exchange.response.json()
    operation = trigger_of(rule).operation
    plain = rule.data_as(ErrorCode).plain_error
    if plain is not None:
        errors = document.get("errors") or []
        assert [e.get("message") for e in errors] == [plain], explain(rule, exchange, f"expected the error {plain!r}")
        exception = (errors[0].get("extensions") or {}).get("exception") or {}
        code = rule.data_as(ErrorCode).code
        assert exception.get("code") != code, explain(rule, exchange, f"{code} is never emitted")
        return
    assert exchange.response.status == 200 and not document.get("errors"), explain(
        rule, exchange, f"{operation} answers without an error where {rule.id} is never emitted"
    )
    namespace, name = operation.split(".")
    answer = ((document.get("data") or {}).get(namespace) or {}).get(name)
    assert isinstance(answer, list), explain(rule, exchange, f"{operation} answers a list")


@pytest.mark.rule_kind("error_code", where=acted_out_by(SCENARIOS))
@given(data=st.data())
def test_configuration_error_code(
    wikijs: Target, rule: Rule, data: st.DataObject, request: pytest.FixtureRequest
) -> None:
    trigger = trigger_of(rule)
    if trigger.scenario not in READ_ONLY:
        request.getfixturevalue("writable")
    exchange = SCENARIOS[trigger.scenario](wikijs, trigger, data)
    if rule.data_as(ErrorCode).emitted:
        check_code(wikijs, rule, exchange)
    else:
        check_not_emitted(wikijs, rule, exchange)
