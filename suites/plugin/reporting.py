"""The conformance reports, written once at the end of a run from the outcome events: summary.json,
junit.xml, report.html and summary.md, and their short account in the terminal."""

from __future__ import annotations

import platform
import time
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

from harness.secrets import default_redactor
from reports.events import OutcomeEvent, RuleOutcome, failed_must, rule_outcomes, totals
from reports.html import load_runs, write_html
from reports.json_summary import write_summary
from reports.junit import write_junit
from reports.markdown import write_markdown
from suites.plugin.options import DEFAULT_REPORT_DIR
from suites.plugin.outcomes import EVENTS
from suites.plugin.selection import runs_suites
from suites.run_options import RunOptions, run_options

LOAD_REPORTS = Path(__file__).resolve().parents[2] / "reports" / "load"
STARTED = pytest.StashKey[float]()
OUTCOMES = pytest.StashKey[Mapping[str, RuleOutcome]]()
VERSIONED = ("pytest", "hypothesis", "graphql-core", "aiohttp")


def pytest_configure(config: pytest.Config) -> None:
    config.stash[STARTED] = time.time()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """After the target pool closed (its hook runs first): the controller writes every format."""
    config = session.config
    if hasattr(config, "workerinput") or not runs_suites(config) or config.option.collectonly:
        return
    options = run_options(config)
    outcomes = rule_outcomes(options.expected_rules(), EVENTS, options.apis)
    run = run_record(options, config.stash[STARTED], int(exitstatus))
    write_reports(options.report_dir, run, outcomes, EVENTS, user_junit=getattr(config.option, "xmlpath", None))
    config.stash[OUTCOMES] = outcomes


def run_record(options: RunOptions, started: float, exit_status: int) -> dict[str, Any]:
    """What the reports say about the run as a whole."""
    return {
        "apis": list(options.apis),
        "target_url": default_redactor().redact(options.target_url or "embedded mock"),
        "profile": options.profile,
        "implementation": options.implementation,
        "faults": list(options.faults),
        "hypothesis_profile": options.hypothesis_profile,
        "seed": options.seed,
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "duration_seconds": round(time.time() - started, 3),
        "exit_status": exit_status,
        "versions": _versions(),
    }


def write_reports(
    report_dir: Path,
    run: Mapping[str, Any],
    outcomes: Mapping[str, RuleOutcome],
    events: list[OutcomeEvent],
    user_junit: str | None = None,
) -> None:
    """Every format from the same events: summary.json, junit.xml, report.html, summary.md.

    An explicit ``--junitxml`` is pytest's own writer and is left alone; ours is skipped only
    when both would write the same file.
    """
    write_summary(report_dir / "summary.json", run, outcomes, events)
    junit = report_dir / "junit.xml"
    if not user_junit or Path(user_junit).resolve() != junit.resolve():
        write_junit(junit, run, events)
    load = load_runs(report_dir)
    if report_dir.resolve() == DEFAULT_REPORT_DIR.resolve():
        # The load check writes reports/load/<run>/ by default: the default report shows those runs.
        # A report written elsewhere (a CI job's own directory) shows only the load runs put there.
        load += load_runs(LOAD_REPORTS.parent)
    write_html(report_dir / "report.html", run, outcomes, events, load)
    write_markdown(report_dir / "summary.md", run, outcomes, events, html_name=str(report_dir / "report.html"))


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    if OUTCOMES not in config.stash:
        return
    report_dir = run_options(config).report_dir
    terminalreporter.write_sep("-", "conformance report")
    terminalreporter.write_line(
        f"reports: {report_dir / 'report.html'}  {report_dir / 'summary.md'}  {report_dir / 'summary.json'}  "
        f"{config.option.xmlpath or report_dir / 'junit.xml'}"
    )
    counts = totals(config.stash[OUTCOMES])
    terminalreporter.write_line(
        "rules: " + ", ".join(f"{count} {outcome}" for outcome, count in sorted(counts.items()))
    )
    failed = failed_must(config.stash[OUTCOMES])
    if failed:
        terminalreporter.write_line(f"MUST rules failed ({len(failed)}): {', '.join(failed)}")


def _versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for package in VERSIONED:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            continue
    return versions
