"""The short load check, end to end as CI runs it: ``python -m load`` against the embedded mocks
passes (Kontent.ai at low limits; Wiki.js in both behaviours), each rate-limit fault of the mocks
makes its verdict fail on the faulted rule, and the same scenario runs distributed over a Locust
master and two workers."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from load.names import CONSOLE_LOG, REFUSED_AS_DOCUMENTED
from load.run import verdict_line
from mock_server.faults import FAULTS
from tests.meta import REPO_ROOT, tail

RUN_TIMEOUT_SECONDS = 240
RATE_FAULTS = sorted(f.rule_id for f in FAULTS.values() if f.rule_id.startswith("kontent.rate."))
WIKI_RATE_FAULT = "wikijs.rate_limit.directive"
NEEDS_TRAFFIC = {"kontent.rate.cdn_cache"}
NOT_EXERCISED = "not exercised"
"""Faults only the stepped traffic of plan ci shows; the seconds-long probe of plan ci-minute
(exact capacities, Retry-After, cost model, second key) shows every other one."""


def load_check(
    report_dir: Path, *arguments: str, api: str = "kontent"
) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "KONTENT_", "WIKIJS_"))}
    result = subprocess.run(
        [sys.executable, "-m", "load", api, "--report-dir", str(report_dir), "--run-id", "run", *arguments],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_SECONDS,
        check=False,
    )
    verdict_file = report_dir / "run" / "verdict.json"
    verdict = json.loads(verdict_file.read_text(encoding="utf-8")) if verdict_file.exists() else {}
    return result, verdict


def failures(verdict: dict[str, Any]) -> list[str]:
    return [
        f"{rule['rule']}: {check['check']}: {check['detail']}"
        for rule in verdict.get("rules", ())
        for check in rule["checks"]
        if not check["passed"]
    ]


@pytest.mark.slow
@pytest.mark.parametrize("plan", ["ci", "ci-minute"])
def test_the_short_load_check_passes_on_the_mock(tmp_path: Path, plan: str) -> None:
    result, verdict = load_check(tmp_path, "--plan", plan)
    assert result.returncode == 0, tail(result) + "\n" + "\n".join(failures(verdict))
    assert verdict["verdict"] == "pass"
    written = {p.name for p in (tmp_path / "run").iterdir()}
    assert {"verdict.json", "index.md", "plot.png", "samples.jsonl", "locust.html", "locust.json"} <= written
    assert {"locust_stats.csv", "locust_stats_history.csv", "locust_failures.csv", CONSOLE_LOG} <= written
    assert_quiet_and_refusals_apart(result, tmp_path / "run", "kontent")


def locust_rows(run: Path) -> dict[str, tuple[int, int]]:
    """Locust's own table: request name -> (requests, failures)."""
    with (run / "locust_stats.csv").open(encoding="utf-8") as table:
        return {row["Name"]: (int(row["Request Count"]), int(row["Failure Count"])) for row in csv.DictReader(table)}


def assert_quiet_and_refusals_apart(result: subprocess.CompletedProcess[str], run: Path, api: str) -> None:
    """One console line (verdict and report path, Locust's tables in the run's log), and the refusals
    the check provokes counted apart in Locust's own report, not as failures."""
    passed = {"verdict": "pass", "failed_must_rules": []}
    assert result.stdout.strip().splitlines() == [verdict_line(api, passed, run)]
    rows = locust_rows(run)
    refused = {name: counts for name, counts in rows.items() if name.endswith(REFUSED_AS_DOCUMENTED.format(""))}
    assert refused and all(failures == 0 for _, failures in refused.values()), rows
    assert rows["Aggregated"][1] == 0, rows


def test_every_rate_rule_has_a_fault_for_the_load_check() -> None:
    assert "kontent.rate.per_second" in RATE_FAULTS and set(RATE_FAULTS) >= NEEDS_TRAFFIC


@pytest.mark.slow
@pytest.mark.load_faults
@pytest.mark.parametrize("fault", RATE_FAULTS)
def test_each_rate_limit_fault_fails_the_verdict(tmp_path: Path, fault: str) -> None:
    plan = "ci" if fault in NEEDS_TRAFFIC else "ci-minute"
    result, verdict = load_check(tmp_path, "--plan", plan, "--fault", fault)
    assert result.returncode == 1, tail(result)
    assert fault in verdict["failed_must_rules"], "\n".join(failures(verdict))


@pytest.mark.slow
def test_the_scenario_runs_distributed_over_two_workers(tmp_path: Path) -> None:
    """Both workers send, every request the mock answered reaches the master's records (a worker's
    last ones included), and the verdict is honest: a rule the short run could not exercise on a
    busy machine says so and fails the run, and no other check fails."""
    result, verdict = load_check(tmp_path, "--plan", "ci", "--workers", "2")
    run = tmp_path / "run"
    assert verdict["figures"]["nodes_that_sent_requests"] == 2, tail(result)
    assert verdict["figures"]["locust_worker_processes"] == 2
    answered = (run / "mock.log").read_text(encoding="utf-8").count("mock_server.access: POST ")
    assert len((run / "samples.jsonl").read_text(encoding="utf-8").splitlines()) == answered
    failed = [(rule["rule"], check) for rule in verdict["rules"] for check in rule["checks"] if not check["passed"]]
    assert all(check["detail"].startswith(NOT_EXERCISED) for _, check in failed), "\n".join(failures(verdict))
    unexercised = sorted({rule for rule, _ in failed})
    assert verdict["failed_must_rules"] == unexercised
    assert (verdict["verdict"], result.returncode) == (("fail", 1) if unexercised else ("pass", 0)), tail(result)


@pytest.mark.slow
@pytest.mark.parametrize("behaviour", ["docs", "wikijs-2.5.314"])
def test_the_wiki_load_check_passes_on_the_mock_in_both_behaviours(tmp_path: Path, behaviour: str) -> None:
    result, verdict = load_check(tmp_path, "--plan", "ci", "--profile", behaviour, api="wikijs")
    assert result.returncode == 0, tail(result) + "\n" + "\n".join(failures(verdict))
    assert {r["rule"] for r in verdict["rules"]} == {WIKI_RATE_FAULT}
    assert_quiet_and_refusals_apart(result, tmp_path / "run", "wikijs")
    # the comments go to a page the run made under its own prefix, and nowhere else
    assert locust_rows(tmp_path / "run")["pages.create (the run's page)"] == (1, 0)


@pytest.mark.slow
@pytest.mark.load_faults
def test_the_wiki_rate_limit_fault_fails_the_verdict(tmp_path: Path) -> None:
    result, verdict = load_check(tmp_path, "--plan", "ci", "--fault", WIKI_RATE_FAULT, api="wikijs")
    assert result.returncode == 1, tail(result)
    assert verdict["failed_must_rules"] == [WIKI_RATE_FAULT]
