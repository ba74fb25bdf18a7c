"""Every error code with a trigger scenario in the rule file is provoked and checked against the table.

A scenario is named by the rule (``trigger.scenario``) and acted out here; hypothesis draws the
inputs where a rule is a set (illegal path fragments, empty contents, malformed e-mails, page
names). Operations behind ``@rateLimit`` (login) send one example: a rate-limited answer would
otherwise turn a conformance run into a wait. Codes without a trigger are pending (the mock
cannot produce them yet) or state in the rule why no request can provoke them.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.client import Exchange
from harness.requests import STYLES, Style
from harness.targets import Target
from specs import Rule
from specs.model import AccessDenial, ErrorCode
from suites.profiles import page_writing_examples
from suites.wikijs.error_scenarios import DRAWN, SINGLE
from suites.wikijs.rule_ids import AUTH_DENIED
from suites.wikijs.status import check_query_error, check_status, is_mutation
from suites.wikijs.triggers import trigger_of

# ---- the oracle -----------------------------------------------------------------------------


def expected_code(target: Target, rule: Rule) -> int:
    """The code the target should report: the rule's own, unless the access rule says a refusal of
    this operation reads another code (2.5.314 refuses a create with 6010, never 6008)."""
    trigger = trigger_of(rule)
    if trigger.scenario == "page_rule_denied":
        code_rule = target.rules[AUTH_DENIED].data_as(AccessDenial).page_rule_codes[trigger.operation]
        return target.rules[code_rule].data_as(ErrorCode).code
    return rule.data_as(ErrorCode).code


def check(target: Target, rule: Rule, exchange: Exchange) -> None:
    code, trigger = expected_code(target, rule), trigger_of(rule)
    if not rule.data_as(ErrorCode).emitted:
        assert code != rule.data_as(ErrorCode).code, f"{rule.id} is never emitted, yet its trigger expects it"
    if is_mutation(exchange):
        check_status(target, exchange, trigger.operation, code)
    else:
        check_query_error(target, exchange, code)


def _drawn(rule: Rule) -> bool:
    """Scenarios acted out here; the login-flow, asset, comment and configuration ones have modules of
    their own."""
    trigger = rule.data_as(ErrorCode).trigger
    return trigger is not None and trigger.scenario in DRAWN


def _single(rule: Rule) -> bool:
    """The single-shot scenarios acted out here."""
    trigger = rule.data_as(ErrorCode).trigger
    return trigger is not None and trigger.scenario in SINGLE


@pytest.mark.rule_kind("error_code", where=_drawn)
@pytest.mark.usefixtures("writable")
@settings(max_examples=page_writing_examples())
@given(data=st.data(), style=st.sampled_from(STYLES))
def test_error_code_trigger(wikijs: Target, rule: Rule, data: st.DataObject, style: Style) -> None:
    trigger = trigger_of(rule)
    check(wikijs, rule, DRAWN[trigger.scenario](wikijs, trigger, data, style))


@pytest.mark.rule_kind("error_code", where=_single)
@pytest.mark.usefixtures("writable")
def test_rate_limited_error_code_trigger(wikijs: Target, rule: Rule) -> None:
    check(wikijs, rule, SINGLE[trigger_of(rule).scenario](wikijs))
