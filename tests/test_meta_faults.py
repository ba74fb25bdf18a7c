"""Mutation testing of the suites: each mock fault must make the suites of its rule fail.

One child pytest per fault, restricted (``--rule``) to the tests of the broken rule, so a kill
is credited to the suite that is supposed to catch it. The kill rate is printed at the end of
the run (see ``tests/conftest.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from mock_server.faults import FAULTS
from tests.meta import run_suites, tail

EXIT_TESTS_FAILED = 1


@pytest.mark.slow
@pytest.mark.parametrize("rule_id", sorted(FAULTS))
def test_fault_is_killed_by_its_suite(
    rule_id: str, tmp_path: Path, record_property: Callable[[str, object], None]
) -> None:
    api = rule_id.split(".")[0]
    result = run_suites(
        ["-x", "--hypothesis-profile=meta", f"--api={api}", f"--fault={rule_id}", f"--rule={rule_id}"], tmp_path
    )
    killed = result.returncode == EXIT_TESTS_FAILED
    record_property("fault", rule_id)
    record_property("killed", str(killed))
    assert killed, (
        f"fault {rule_id} ({FAULTS[rule_id].description}) survived (exit {result.returncode}):\n{tail(result)}"
    )


@pytest.mark.slow
def test_suites_pass_against_the_unfaulted_mocks(tmp_path: Path) -> None:
    result = run_suites(["--hypothesis-profile=dev", "--api=all"], tmp_path)
    assert result.returncode == 0, tail(result, 80)
    assert (tmp_path / "summary.json").exists() and (tmp_path / "junit.xml").exists()


@pytest.mark.slow
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
