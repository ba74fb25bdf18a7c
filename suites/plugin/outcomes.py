"""What each conformance test leaves for the reports: its rules, examples, requests and target,
and on failure the redacted text, the failing exchange and how to reproduce it; turned into one
:class:`~reports.events.OutcomeEvent` per test."""

from __future__ import annotations

import json
from collections.abc import Generator
from typing import Any

import pytest
from hypothesis.errors import Flaky

from harness.behaviour import DEFAULT_PROFILE
from harness.client import Exchange, TargetUnreachable
from harness.secrets import default_redactor
from reports.events import FAILED, PASSED, SKIPPED, OutcomeEvent
from specs import DOCS, default_rules
from suites import violations
from suites.failure_text import failure_message, falsifying_example
from suites.plugin.selection import api_of, in_suites, rule_ids_of
from suites.pool import POOL
from suites.reproduce import Reproduction, assertion_diff, curl_command, replay_commands
from suites.run_options import RunOptions, run_options

EXAMPLES = pytest.StashKey[list[int]]()
EVENTS: list[OutcomeEvent] = []
"""The outcomes of the run's tests in this process (the xdist controller receives every worker's)."""


def pytest_runtest_setup(item: pytest.Item) -> None:
    violations.reset()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    """Counts hypothesis examples by wrapping the documented ``inner_test`` hook point."""
    counter = [0]
    item.stash[EXAMPLES] = counter
    handle = getattr(getattr(item, "obj", None), "hypothesis", None)
    original = getattr(handle, "inner_test", None)
    if handle is not None and original is not None:

        def counted(*args: Any, **kwargs: Any) -> Any:
            counter[0] += 1
            return original(*args, **kwargs)

        handle.inner_test = counted
    try:
        return (yield)
    finally:
        if handle is not None and original is not None:
            handle.inner_test = original


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if not in_suites(item):
        return report
    journal = _journal(item)
    counter = item.stash.get(EXAMPLES, [0])
    if report.when == "call" or (report.when == "setup" and report.outcome != PASSED):
        rules = rule_ids_of(item)
        report.user_properties += [
            ("rules", " ".join(rules)),
            ("examples", str(counter[0] or (1 if report.when == "call" else 0))),
            ("requests", str(len(journal))),
            ("target", _target_of(item)),
            ("seed", str(run_options(item.config).seed)),
            ("known_deviation", "1" if _has_deviation(run_options(item.config), rules) else ""),
        ]
    if report.failed:
        _record_failure(item, call, report, journal)
    return report


def _record_failure(
    item: pytest.Item, call: pytest.CallInfo[None], report: pytest.TestReport, journal: list[Exchange]
) -> None:
    _redact_report(report)
    reproduction = _reproduction(item, journal)
    report.sections.append(("reproduce", reproduction.text()))
    flaky = call.excinfo is not None and call.excinfo.errisinstance(Flaky)
    report.user_properties += [
        ("failure", json.dumps(reproduction.as_json())),
        ("diff", assertion_diff(report.longreprtext or "") or ""),
        ("flaky", "1" if flaky else ""),
    ]
    if call.excinfo is not None and call.excinfo.errisinstance(TargetUnreachable):
        report.sections.append(("target", "the target did not answer: an environment problem, not a rule failure"))


def _redact_report(report: pytest.TestReport) -> None:
    """Tracebacks and captured output can show a request's headers or a target echoing a token:
    the terminal, pytest's own --junitxml and our reports all get the redacted text."""
    redactor = default_redactor()
    text = report.longreprtext
    if text and redactor.redact(text) != text:
        report.longrepr = redactor.redact(text)
    report.sections = [(name, redactor.redact(content)) for name, content in report.sections]


def _target_of(item: pytest.Item) -> str:
    pool = item.config.stash.get(POOL, None)
    api = api_of(item)
    if pool is not None and api in pool.targets:
        target = pool.targets[api]
        return default_redactor().redact(target.url + (" (embedded mock)" if target.embedded else ""))
    return default_redactor().redact(run_options(item.config).target_url or "embedded mock")


def _has_deviation(options: RunOptions, rule_ids: tuple[str, ...]) -> bool:
    implementation = options.implementation
    if implementation == DOCS:
        return False
    rules = {rule.id: rule for rule in default_rules()}
    return any(rule_id in rules and rules[rule_id].deviation(implementation) for rule_id in rule_ids)


def _journal(item: pytest.Item) -> list[Exchange]:
    pool = item.config.stash.get(POOL, None)
    if pool is None:
        return []
    return [exchange for target in pool.targets.values() for exchange in target.client.journal]


def replay_arguments(options: RunOptions, nodeid: str, api: str | None) -> list[str]:
    """The test's node id and every option it needs to fail again the same way."""
    arguments = [
        nodeid,
        f"--hypothesis-seed={options.seed}",
        f"--hypothesis-profile={options.hypothesis_profile}",
        f"--api={api}",
    ]
    named = (("target-url", options.target_url), ("profile", options.profile), ("mock-emulate", options.mock_emulate))
    arguments += [f"--{name}={value}" for name, value in named if value and value != DEFAULT_PROFILE]
    arguments += [f"--fault={fault}" for fault in options.faults]
    # switches without which a replayed test would skip instead of failing again
    arguments += ["--allow-writes"] if options.allow_writes else []
    arguments += ["--allow-rate-limit-burst"] if options.allow_rate_limit_burst else []
    arguments += ["--allow-api-switch"] if options.allow_api_switch else []
    arguments.append(f"--report-dir={options.report_dir / 'replay'}")
    return arguments


def _reproduction(item: pytest.Item, journal: list[Exchange]) -> Reproduction:
    """How to see the failure again: the failing check's exchange as curl (the journal's last
    request only when no oracle named one), and the test replayed with every option it needs."""
    options = run_options(item.config)
    arguments = replay_arguments(options, item.nodeid, api_of(item))
    violation = violations.last()
    exchange = violation.exchange if violation is not None else (journal[-1] if journal else None)
    redactor = default_redactor()
    curl = None
    if exchange is not None:
        curl = curl_command(exchange, redactor, options.report_dir / "repro")
    return Reproduction(
        replay=tuple(redactor.redact(command) for command in replay_commands(arguments)),
        curl=redactor.redact(curl) if curl else None,
        exchange=exchange.describe(redactor) if exchange is not None else None,
        failing_check=violation is not None,
        rule=violation.rule_id if violation is not None else None,
        problem=redactor.redact(violation.problem) if violation is not None else None,
    )


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    event = event_of(report)
    if event is not None:
        EVENTS.append(event)


def event_of(report: pytest.TestReport) -> OutcomeEvent | None:
    """The report's event, None for a test that is not a conformance test."""
    properties = {str(name): str(value) for name, value in report.user_properties}
    if "rules" not in properties:
        return None
    failure = json.loads(properties.get("failure") or "{}")
    message, example = _message_and_example(report, properties, failure)
    redactor = default_redactor()
    return OutcomeEvent(
        nodeid=report.nodeid,
        rules=tuple(properties["rules"].split()),
        outcome=FAILED if report.failed else SKIPPED if report.skipped else PASSED,
        duration=round(report.duration, 4),
        examples=int(properties.get("examples", 0)),
        requests=int(properties.get("requests", 0)),
        message=message,
        reproduce=next((text for name, text in report.sections if name.endswith("reproduce")), None),
        target=properties.get("target"),
        seed=properties.get("seed"),
        example=example,
        known_deviation=bool(properties.get("known_deviation")),
        replay=tuple(failure.get("replay", ())),
        curl=failure.get("curl"),
        exchange=failure.get("exchange"),
        failing_check=bool(failure.get("failing_check")),
        diff=redactor.redact(properties["diff"]) if properties.get("diff") else None,
    )


def _message_and_example(
    report: pytest.TestReport, properties: dict[str, str], failure: dict[str, Any]
) -> tuple[str | None, str | None]:
    """A flaky failure names the check and exchange that failed, not hypothesis' internals."""
    redactor = default_redactor()
    if report.failed and properties.get("flaky") and failure.get("problem"):
        return redactor.redact(
            f"Flaky: {failure['rule']}: {failure['problem']} once, and the same example passed when it ran again;"
            " the exchange that failed is shown below (compare it with the target's answer now)"
        ), None
    if report.failed:
        found = falsifying_example(report.longreprtext or "")
        return redactor.redact(failure_message(report)), redactor.redact(found) if found else None
    if report.skipped and isinstance(report.longrepr, tuple):
        return redactor.redact(str(report.longrepr[2])), None
    return None, None
