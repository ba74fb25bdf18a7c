"""Every encoded rule is exercised by a suite and broken by a mock fault, or says why not."""

from __future__ import annotations

import ast
import json
import pkgutil
from collections.abc import Mapping
from pathlib import Path

import pytest

import mock_server.faults
from mock_server.faults import AREAS, FAULTS, NAMED_RULES, TRIGGER, TRIGGER_BREAKERS, fault_id, untriggerable
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
    missing_fault = [r.id for r in active if r.id not in FAULTS]  # the fault of its kind: id = rule id
    assert not missing_suite, f"rules no suite exercises: {missing_suite}"
    assert not missing_fault, f"rules with no mock fault to prove their suite can fail: {missing_fault}"
    assert {f.rule_id for f in FAULTS.values()} <= {r.id for r in rules}, "every fault breaks a rule that exists"
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


TABLE_KINDS = frozenset({"error_code", "filter_operator", "filter_element"})
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


def test_trigger_breakers_name_active_rules() -> None:
    """A misspelt or pending rule id in ``@breaks_trigger`` would leave its trigger fault out unseen."""
    active = {r.id for r in default_rules() if r.pending is None and not untriggerable(r)}
    assert TRIGGER_BREAKERS and set(TRIGGER_BREAKERS) <= active
    assert {f.id for f in FAULTS.values() if f.variant == TRIGGER} == {fault_id(r, TRIGGER) for r in TRIGGER_BREAKERS}


def test_every_module_of_the_faults_package_registers_its_breakers() -> None:
    """An area module the table does not import would leave its rules without faults unnoticed
    (until the coverage test names them one by one)."""
    modules = {m.name for m in pkgutil.iter_modules(mock_server.faults.__path__)} - {"base", "table"}
    assert modules == {area.__name__.rpartition(".")[2] for area in AREAS}


ROOT = Path(__file__).resolve().parent.parent
FILTER_TABLE = "a table keyed by the rule's data (operator, element type) that reads every rule of the kind"
NAMED_BY_KIND: Mapping[str, Mapping[str, str]] = {
    "mock_server": {
        "error_code": "the ids the mock raises by another rule's data: wikijs.auth.denied's operation -> code"
        " table, the rate limit's refusal code",
        **dict.fromkeys(("filter_operator", "filter_element"), FILTER_TABLE),
    },
    "mock_server/faults": dict.fromkeys(
        ("error_code", "filter_operator", "filter_element"),
        "one breaker per kind breaks each rule of the table through its data (code, operator)",
    ),
    "suites": {
        "error_code": "tests take the codes whose trigger names their scenario (rule_kind where=...)",
        **dict.fromkeys(("filter_operator", "filter_element"), FILTER_TABLE),
    },
}
"""Per place: kinds whose rules that place serves without naming each id, and why. Every other
active rule's id is written where the mock, the faults and the suites serve it, so ``grep <rule
id>`` finds the YAML, the mock, the fault, the suite and (by id) the report line."""


def _sources(place: str) -> str:
    paths = sorted((ROOT / place).rglob("*.py"))
    if place == "mock_server":  # the mock proper: its faults are a place of their own
        paths = [p for p in paths if "faults" not in p.relative_to(ROOT / place).parts]
    return "\n".join(p.read_text(encoding="utf-8") for p in paths)


@pytest.mark.parametrize("place", sorted(NAMED_BY_KIND))
def test_every_rule_id_is_written_where_it_is_served(place: str) -> None:
    text = _sources(place)
    exceptions = NAMED_BY_KIND[place]
    active = [r for r in default_rules() if r.pending is None and not untriggerable(r)]
    unnamed = [r.id for r in active if r.kind not in exceptions and r.id not in text]
    assert not unnamed, f"{place} serves these rules without naming them: {unnamed}"
    needless = sorted(set(exceptions) - {r.kind for r in active if r.id not in text})
    assert not needless, f"{place} names every rule of these kinds now; drop the exception: {needless}"


def test_each_rule_id_is_bound_to_a_name_once_in_the_suites() -> None:
    """Two suite modules with their own constant for one id drift apart unnoticed; a name shared
    by several modules lives in ``suites/<api>/rule_ids.py``."""
    ids = {r.id for r in default_rules()}
    bound: dict[str, list[str]] = {}
    for path in sorted((ROOT / "suites").rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(node, ast.Assign):
                continue
            values = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]
            for value in values:
                if isinstance(value, ast.Constant) and value.value in ids:
                    bound.setdefault(value.value, []).append(path.relative_to(ROOT).as_posix())
    assert bound, "the suites bind rule ids to names"
    twice = {rule_id: places for rule_id, places in bound.items() if len(places) > 1}
    assert not twice, f"rule ids bound in several places: {twice}"
