"""Mutation testing of the suites: each mock fault must make the suites of its rule fail.

One child pytest per fault, restricted (``--rule``) to the tests of the broken rule, so a kill
is credited to the suite that is supposed to catch it. The kill rate is printed at the end of
the run (see ``tests/conftest.py``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from mock_server.faults import FAULTS
from tests.meta import rule_modules, run_suites, tail

EXIT_TESTS_FAILED = 1


@pytest.fixture(scope="session")
def modules_of_rule(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    return rule_modules(tmp_path_factory.mktemp("rule-map"))


@pytest.mark.slow
@pytest.mark.parametrize("fault_id", sorted(FAULTS))
def test_fault_is_killed_by_its_suite(
    fault_id: str, tmp_path: Path, record_property: Callable[[str, object], None], modules_of_rule: dict[str, list[str]]
) -> None:
    """``--rule`` still selects the tests of the broken rule (a trigger fault, ``<rule id>:trigger``,
    is caught by the same tests); the module list only spares collecting the others (a rule with no
    tests collects everything, finds none, and so survives as before)."""
    fault = FAULTS[fault_id]
    result = run_suites(
        ["-x", "--hypothesis-profile=meta", f"--api={fault.api}", f"--fault={fault_id}", f"--rule={fault.rule_id}"],
        tmp_path,
        paths=modules_of_rule.get(fault.rule_id, ["suites"]),
    )
    killed = result.returncode == EXIT_TESTS_FAILED
    record_property("fault", fault_id)
    record_property("killed", str(killed))
    assert killed, f"fault {fault_id} ({fault.description}) survived (exit {result.returncode}):\n{tail(result)}"


def _suites_pass_against_the_unfaulted_mock(api: str, report_dir: Path) -> None:
    """A whole dev-profile run of one API's suites, one run per API: two workers share the wait of
    what was the longest test (rate-limit windows and a mock taking turns with its child)."""
    result = run_suites(["--hypothesis-profile=dev", f"--api={api}", "--allow-writes"], report_dir)
    assert result.returncode == 0, tail(result, 80)
    assert (report_dir / "summary.json").exists() and (report_dir / "junit.xml").exists()


@pytest.mark.slow
@pytest.mark.long(seconds=50)
def test_suites_pass_against_the_unfaulted_kontent_mock(tmp_path: Path) -> None:
    _suites_pass_against_the_unfaulted_mock("kontent", tmp_path)


@pytest.mark.slow
@pytest.mark.long(seconds=120)
def test_suites_pass_against_the_unfaulted_wikijs_mock_and_a_writing_run_leaves_no_residue(tmp_path: Path) -> None:
    """One run serves both checks: the embedded mock is always writable, so this run is the
    writing run, and its ledger must show every write undone."""
    _suites_pass_against_the_unfaulted_mock("wikijs", tmp_path)
    written = json.loads((tmp_path / "writes-wikijs-main.json").read_text())
    assert written["created"] and sorted(written["removed"]) == sorted(written["created"])
    assert written["residue"] == []


@pytest.mark.slow
@pytest.mark.long(seconds=160)
def test_suites_pass_against_the_mock_emulating_wikijs_2_5_314(tmp_path: Path) -> None:
    result = run_suites(["--hypothesis-profile=dev", "--api=wikijs", "--profile=wikijs-2.5.314"], tmp_path)
    assert result.returncode == 0, tail(result, 80)


@pytest.mark.slow
def test_suites_pass_against_the_mock_emulating_kontent_technical_limits(tmp_path: Path) -> None:
    """The docs' other limits (complexity 1000, 1,000 RU/s) as a named variant a run selects."""
    variant = ["--api=kontent", "--profile=kontent-technical-limits"]
    rules = ["--rule=kontent.query.complexity", "--rule=kontent.query.depth", "--rule=kontent.rate.per_second"]
    result = run_suites(["--hypothesis-profile=dev", *variant, *rules], tmp_path)
    assert result.returncode == 0, tail(result, 80)
