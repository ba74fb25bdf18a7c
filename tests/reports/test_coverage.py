"""The rule-coverage command: suites, fault and kill verdict per rule, problems flagged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import reports.coverage
from reports.coverage import coverage, kill_verdicts, render
from specs import default_rules
from specs.model import ErrorCode
from tests.reports.rulesets import PENDING_RULE, with_a_pending_rule


def test_coverage_flags_rules_without_suite_fault_or_kill(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reports.coverage, "default_rules", with_a_pending_rule)
    active = [rule.id for rule in with_a_pending_rule() if rule.pending is None]
    covered, no_suite, no_fault, survived = active[:4]
    exercised = {
        covered: ["suites/http/test_limits.py::test_limit[a]", "suites/http/test_limits.py::test_limit[b]"],
        no_fault: ["suites/x.py::test_y"],
        survived: ["suites/x.py::test_z"],
    }
    faults = {covered: object(), no_suite: object(), survived: object()}
    kill_file = tmp_path / "kill_rate.json"
    kill_file.write_text(json.dumps({"killed": [covered], "survived": [survived]}))
    table = {row.rule.id: row for row in coverage(exercised, faults, kill_verdicts(kill_file))}
    assert table[covered].suites == ("suites/http/test_limits.py::test_limit",) and table[covered].tests == 2
    assert table[covered].killed is True and table[covered].problem is None
    assert table[no_suite].problem == "no suite"
    assert table[no_fault].problem == "no fault"
    assert table[survived].problem == "fault survived"
    assert table[PENDING_RULE].problem is None
    text = render(list(table.values()), {covered: "breaks it"})
    assert f"{covered} [" in text and "killed" in text and "SURVIVED" in text and "breaks it" in text
    assert kill_verdicts(tmp_path / "missing.json") == {}


def test_untriggerable_codes_pass_only_without_suite_and_fault() -> None:
    """The command agrees with tests/test_rule_coverage.py: a stated reason replaces suite and fault,
    and a suite or fault for such a code is itself a problem (it could never fail)."""
    stated = next(rule for rule in default_rules() if isinstance(rule.data, ErrorCode) and rule.data.untriggerable)
    alone = {row.rule.id: row for row in coverage({}, {}, {})}[stated.id]
    assert alone.untriggerable and alone.problem is None
    assert "untriggerable: " in render([alone], {})
    named = {row.rule.id: row for row in coverage({stated.id: ["suites/x.py::test_y"]}, {}, {})}[stated.id]
    assert named.problem == "untriggerable code with a suite or fault"
