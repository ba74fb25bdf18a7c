"""Which tests run: each ``each_rule`` test once per rule it names (a ``rule_kind`` test once per
rule of its kinds), every conformance test
naming its rules, then ``--api`` and ``--rule`` choosing among them (and ``--rule-map`` writing
down the choice)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from specs import Rule, RuleSet
from suites.run_options import APIS, run_options

SUITES_DIR = Path(__file__).resolve().parents[1]
MARKERS = (
    "rule(rule_id, ...): the conformance rules a test exercises (reports and per-fault selection use it)",
    "each_rule(rule_id, ..., where=predicate): parametrise the test's `rule` argument over these rules",
    "rule_kind(kind, ..., where=predicate): parametrise the test's `rule` argument over rules of these kinds",
)


def pytest_configure(config: pytest.Config) -> None:
    for marker in MARKERS:
        config.addinivalue_line("markers", marker)


def in_suites(item: pytest.Item) -> bool:
    """A conformance test, as opposed to one of the harness's own tests."""
    return SUITES_DIR in item.path.parents


def runs_suites(config: pytest.Config) -> bool:
    """The run's paths lie in the suites (a run of ``tests/`` writes no conformance report)."""
    paths = [Path(arg.split("::")[0]).resolve() for arg in config.args] or [Path.cwd()]
    return any(path == SUITES_DIR or SUITES_DIR in path.parents for path in paths)


def rule_ids_of(item: pytest.Item) -> tuple[str, ...]:
    return tuple(rule_id for marker in item.iter_markers("rule") for rule_id in marker.args)


def api_of(item: pytest.Item) -> str | None:
    rules = rule_ids_of(item)
    if rules:
        return rules[0].split(".")[0]
    return next((api for api in APIS if f"{os.sep}{api}{os.sep}" in str(item.path)), None)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests taking ``rule`` run once per rule their ``each_rule`` marker names, or per rule of the
    kinds their ``rule_kind`` marker names (tables of rules, such as the error codes)."""
    if "rule" not in metafunc.fixturenames:
        return
    expected = run_options(metafunc.config).expected_rules()
    rules = [r for r in marked_rules(metafunc.definition, expected) if r.pending is None]
    metafunc.parametrize("rule", [pytest.param(r, id=r.id, marks=pytest.mark.rule(r.id)) for r in rules])


def marked_rules(definition: pytest.Function, expected: RuleSet) -> list[Rule]:
    by_id, by_kind = definition.get_closest_marker("each_rule"), definition.get_closest_marker("rule_kind")
    marker = by_id or by_kind
    if marker is None:
        raise pytest.UsageError(f"{definition.nodeid} takes `rule` but has no @pytest.mark.each_rule(...)")
    only: Any = marker.kwargs.get("where", lambda rule: True)
    if by_id is None:
        return [r for r in expected if r.kind in set(marker.args) and only(r)]
    unknown = [rule_id for rule_id in marker.args if rule_id not in expected]
    if unknown:  # a misspelt id would leave its rule untested, unseen
        raise pytest.UsageError(f"{definition.nodeid}: each_rule names no rule {', '.join(unknown)}")
    return [r for r in map(expected.__getitem__, marker.args) if only(r)]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    options = run_options(config)
    wanted_rules = set(options.rules)
    keep: list[pytest.Item] = []
    drop: list[pytest.Item] = []
    for item in items:
        if not in_suites(item):
            keep.append(item)
            continue
        if not rule_ids_of(item):
            raise pytest.UsageError(
                f"{item.nodeid}: every conformance test names its rules with @pytest.mark.rule(...)"
            )
        in_api = api_of(item) in options.apis
        in_rules = not wanted_rules or bool(wanted_rules & set(rule_ids_of(item)))
        (keep if in_api and in_rules else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
    if options.rule_map is not None:
        _write_rule_map(options.rule_map, items)


def _write_rule_map(path: Path, items: list[pytest.Item]) -> None:
    mapping: dict[str, list[str]] = {}
    for item in items:
        for rule_id in rule_ids_of(item):
            mapping.setdefault(rule_id, []).append(item.nodeid)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(mapping, indent=2, sort_keys=True) + "\n", encoding="utf-8")
