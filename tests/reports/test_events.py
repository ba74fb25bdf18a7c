"""Per-rule outcomes are computed from test events only, so every report format agrees."""

from __future__ import annotations

import json
from pathlib import Path

from reports.events import FAILED, NOT_RUN, PASSED, PENDING, SKIPPED, OutcomeEvent, failed_must, rule_outcomes
from reports.json_summary import write_summary
from specs import default_rules
from tests.reports.rulesets import PENDING_RULE, with_a_pending_rule


def event(nodeid: str, rules: tuple[str, ...], outcome: str) -> OutcomeEvent:
    return OutcomeEvent(nodeid, rules, outcome, duration=0.5, examples=3, requests=3)


def test_rule_fails_if_any_test_fails_and_pending_rules_say_why(tmp_path: Path) -> None:
    rules = with_a_pending_rule()
    events = [
        event("a", ("kontent.http.max_body",), PASSED),
        event("b", ("kontent.http.max_body",), FAILED),
        event("c", ("kontent.http.max_url",), PASSED),
        event("d", ("kontent.http.max_url",), SKIPPED),
        event("e", ("kontent.http.cors",), SKIPPED),
    ]
    outcomes = rule_outcomes(rules, events, ["kontent", "wikijs"])
    assert outcomes["kontent.http.max_body"].outcome == FAILED
    assert outcomes["kontent.http.max_url"].outcome == PASSED
    assert outcomes["kontent.http.max_url"].examples == 6
    assert outcomes["kontent.http.cors"].outcome == SKIPPED
    assert outcomes["kontent.http.methods"].outcome == NOT_RUN
    pending = rules[PENDING_RULE]
    assert pending.pending is not None
    assert outcomes[pending.id].outcome == PENDING and f"issue #{pending.pending.issue}" in (
        outcomes[pending.id].reason or ""
    )
    assert outcomes["wikijs.errors.6001"].outcome == SKIPPED and "no request can provoke it" in (
        outcomes["wikijs.errors.6001"].reason or ""
    )
    assert failed_must(outcomes) == ["kontent.http.max_body"]
    document = write_summary(tmp_path / "summary.json", {"seed": 1}, outcomes, events)
    assert json.loads((tmp_path / "summary.json").read_text()) == document
    assert document["totals"][FAILED] == 1


def test_only_selected_apis_are_reported() -> None:
    outcomes = rule_outcomes(default_rules(), [], ["kontent"])
    assert outcomes and all(rule_id.startswith("kontent.") for rule_id in outcomes)
