"""Every encoded rule is exercised by a suite and broken by a mock fault, or says why not."""

from __future__ import annotations

import json
from pathlib import Path

from mock_server.faults import FAULTS
from specs import default_rules
from tests.meta import run_suites, tail


def test_every_rule_has_a_suite_and_a_fault_unless_pending(tmp_path: Path) -> None:
    rule_map = tmp_path / "rules.json"
    result = run_suites(["--collect-only", f"--rule-map={rule_map}"], tmp_path)
    assert result.returncode == 0, tail(result)
    exercised = json.loads(rule_map.read_text())
    rules = default_rules()
    missing_suite = [r.id for r in rules if r.pending is None and r.id not in exercised]
    missing_fault = [r.id for r in rules if r.pending is None and r.id not in FAULTS]
    assert not missing_suite, f"rules no suite exercises: {missing_suite}"
    assert not missing_fault, f"rules with no mock fault to prove their suite can fail: {missing_fault}"
    assert set(FAULTS) <= {r.id for r in rules}, "every fault breaks a rule that exists"
    assert set(exercised) <= {r.id for r in rules}, "tests may only name rules that exist"


def test_pending_rules_name_their_issue() -> None:
    for rule in default_rules():
        if rule.pending is not None:
            assert rule.pending.issue > 0 and rule.pending.reason
