"""Every encoded rule is exercised by a suite and broken by a mock fault, or says why not."""

from __future__ import annotations

import json
import pkgutil
from pathlib import Path

import mock_server.faults
from mock_server.faults import AREAS, FAULTS, NAMED_RULES, untriggerable
from specs import default_rules
from tests.meta import run_suites, tail


def test_every_rule_has_a_suite_and_a_fault_unless_pending(tmp_path: Path) -> None:
    rule_map = tmp_path / "rules.json"
    result = run_suites(["--collect-only", f"--rule-map={rule_map}"], tmp_path)
    assert result.returncode == 0, tail(result)
    exercised = json.loads(rule_map.read_text())
    rules = default_rules()
    active = [r for r in rules if r.pending is None and not untriggerable(r)]
    missing_suite = [r.id for r in active if r.id not in exercised]
    missing_fault = [r.id for r in active if r.id not in FAULTS]
    assert not missing_suite, f"rules no suite exercises: {missing_suite}"
    assert not missing_fault, f"rules with no mock fault to prove their suite can fail: {missing_fault}"
    assert set(FAULTS) <= {r.id for r in rules}, "every fault breaks a rule that exists"
    assert set(exercised) <= {r.id for r in rules}, "tests may only name rules that exist"


def test_untriggerable_codes_are_neither_exercised_nor_pending(tmp_path: Path) -> None:
    """A stated reason replaces a suite: a test naming such a code would be one that cannot fail."""
    rule_map = tmp_path / "rules.json"
    result = run_suites(["--collect-only", f"--rule-map={rule_map}"], tmp_path)
    assert result.returncode == 0, tail(result)
    exercised = json.loads(rule_map.read_text())
    stated = [r for r in default_rules() if untriggerable(r)]
    assert stated and all(r.pending is None for r in stated)
    assert not [r.id for r in stated if r.id in exercised or r.id in FAULTS]


def test_pending_rules_name_their_issue() -> None:
    for rule in default_rules():
        if rule.pending is not None:
            assert rule.pending.issue > 0 and rule.pending.reason


TABLE_KINDS = frozenset({"error_code", "bad_request", "filter_operator", "filter_element"})
"""Kinds whose rules form a table served by one breaker: the breaker names the kind, not 60 ids."""


def test_each_breaker_names_exactly_the_rules_of_its_kind() -> None:
    """The ids a breaker names are what ``grep <rule id>`` finds; a stale list would mislead."""
    rules = default_rules()
    wrong = {
        kind: (sorted(ids), sorted(r.id for r in rules.of_kind(kind)))
        for kind, ids in NAMED_RULES.items()
        if kind not in TABLE_KINDS and set(ids) != {r.id for r in rules.of_kind(kind)}
    }
    assert not wrong, f"kind: (named, in the rule files): {wrong}"
    assert {kind for kind, ids in NAMED_RULES.items() if not ids} == TABLE_KINDS


def test_every_module_of_the_faults_package_registers_its_breakers() -> None:
    """An area module the table does not import would leave its rules without faults unnoticed
    (until the coverage test names them one by one)."""
    modules = {m.name for m in pkgutil.iter_modules(mock_server.faults.__path__)} - {"base", "table"}
    assert modules == {area.__name__.rpartition(".")[2] for area in AREAS}
