"""The comment error codes (8002-8006) on a run-created page.

``comments.create`` carries ``@rateLimit`` (one call per client and window in the 2.5 SDL), so
its scenarios (8002, 8003: ``rate_limited`` triggers) send one hypothesis-drawn example each and
every create waits for the previous one's window to close; the other scenarios draw freely.
8003's one example sends both sides of the rule's minimum (whitespace padding around drawn text):
at it a comment that is accepted and deleted again, below it the code. Refusals for
lack of access use a key whose page rules cover only ``<run prefix>/open``.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.targets import Target
from specs import Rule
from specs.model import ErrorCode
from suites.wikijs.comment_scenarios import SCENARIOS
from suites.wikijs.triggers import acted_out_by, check_code, trigger_of


def _rate_limited(rule: Rule) -> bool:
    return rule.data_as(ErrorCode).trigger is not None and trigger_of(rule).rate_limited


@pytest.mark.rule_kind("error_code", where=lambda r: acted_out_by(SCENARIOS)(r) and not _rate_limited(r))
@pytest.mark.usefixtures("writable")
@given(data=st.data())
def test_comment_error_code(wikijs: Target, rule: Rule, data: st.DataObject) -> None:
    trigger = trigger_of(rule)
    check_code(wikijs, rule, SCENARIOS[trigger.scenario](wikijs, trigger, data))


@pytest.mark.rule_kind("error_code", where=lambda r: acted_out_by(SCENARIOS)(r) and _rate_limited(r))
@pytest.mark.usefixtures("writable")
@settings(max_examples=1)
@given(data=st.data())
def test_rate_limited_comment_error_code(wikijs: Target, rule: Rule, data: st.DataObject) -> None:
    trigger = trigger_of(rule)
    check_code(wikijs, rule, SCENARIOS[trigger.scenario](wikijs, trigger, data))
