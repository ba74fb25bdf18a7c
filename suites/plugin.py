"""The pytest plugin of the conformance suites: options, targets, rule selection, reports.

Registered by the top-level ``conftest.py``. It knows nothing about the mock's internals:
the embedded target is a separate ``python -m mock_server`` process.
"""

from __future__ import annotations

import itertools
import json
import os
import platform
import random
import textwrap
import time
from collections.abc import Callable, Generator, Iterator, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from hypothesis.errors import Flaky

from harness.behaviour import DEFAULT_PROFILE, PROFILES, implementation_of
from harness.client import HttpClient, TargetUnreachable
from harness.pacing import LIVE_RATE_PER_SECOND, LIVE_REQUEST_BUDGET, Pacer
from harness.secrets import credentials_from_environment, default_redactor
from harness.serial_writes import PageWriteLock
from harness.targets import PREVIEW_KEY_VARIABLE, SHARED_KONTENT_RATE_LIMIT, EmbeddedMock, Target, new_run_id
from reports.events import FAILED, PASSED, SKIPPED, OutcomeEvent, RuleOutcome, failed_must, rule_outcomes, totals
from reports.html import load_runs, write_html
from reports.json_summary import write_summary
from reports.junit import write_junit
from reports.markdown import write_markdown
from specs import DOCS, Rule, RuleSet, default_rules
from suites import profiles, violations
from suites.preflight import target_problem, unknown_rules
from suites.reproduce import Reproduction, assertion_diff, curl_command, replay_commands
from suites.wikijs import sandbox

APIS = ("kontent", "wikijs")
TOKEN_VARIABLE = {"kontent": "KONTENT_API_KEY", "wikijs": "WIKIJS_API_KEY"}
SUITES_DIR = Path(__file__).resolve().parent
REPO_ROOT = SUITES_DIR.parent
LOAD_REPORTS = REPO_ROOT / "reports" / "load"
EXAMPLES = pytest.StashKey[list[int]]()
STARTED = pytest.StashKey[float]()
REPLAYED_FLAGS = ("allow_writes", "allow_rate_limit_burst")
"""Switches without which a replayed test would skip instead of failing again."""
MARKERS = (
    "rule(rule_id, ...): the conformance rules a test exercises (reports and per-fault selection use it)",
    "rule_kind(kind, ..., where=predicate): parametrise the test's `rule` argument over rules of these kinds",
)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("conformance", "GraphQL API conformance suites")
    group.addoption("--api", choices=[*APIS, "all"], default="all", help="API whose suites run (default: all)")
    group.addoption(
        "--target-url",
        metavar="URL",
        help="GraphQL endpoint of a live target (Wiki.js: https://host/graphql; Kontent: "
        "https://graphql.kontent.ai/<environment_id>). Default: an embedded mock per API on a free "
        "loopback port. Credentials come only from WIKIJS_API_KEY / KONTENT_API_KEY / KONTENT_PREVIEW_API_KEY.",
    )
    group.addoption(
        "--profile",
        default=DEFAULT_PROFILE,
        choices=sorted(PROFILES),
        help="Expected behaviour: 'docs' (default) or a known release whose recorded deviations are reported as "
        "known deviations, e.g. 'wikijs-2.5.314' (the embedded Wiki.js mock then emulates that release)",
    )
    group.addoption(
        "--mock-emulate",
        choices=sorted(set(PROFILES.values())),
        metavar="IMPLEMENTATION",
        help="Embedded mocks only: emulate this implementation instead of the profile's "
        "(e.g. '--profile docs --mock-emulate 2.5.314' shows where 2.5.314 departs from the docs)",
    )
    group.addoption(
        "--allow-writes",
        action="store_true",
        help="Allow tests that write to a live target; everything written lives under conformance/<run-id>/ "
        "(names carry the run id), is deleted at the end and a residue check proves it",
    )
    group.addoption(
        "--request-budget",
        type=int,
        metavar="N",
        help=f"Most requests a run may send to the target (default: {LIVE_REQUEST_BUDGET} for a live target, "
        "unbounded for the embedded mock); cleanup is never cut short",
    )
    group.addoption(
        "--max-rate",
        type=float,
        metavar="PER_SECOND",
        help=f"Client-side cap on requests per second (default: {LIVE_RATE_PER_SECOND:g} for a live target, "
        "none for the embedded mock); a target's own rate-limit answers are waited out and retried",
    )
    group.addoption(
        "--allow-rate-limit-burst",
        action="store_true",
        help="Run the rate-limit bursts against a live target too (they exceed its limits; Kontent.ai may then "
        "block the client IP for minutes, Wiki.js refuses logins from it for a window). Embedded runs always run "
        "them, on mocks of their own",
    )
    group.addoption(
        "--fault",
        action="append",
        default=[],
        metavar="RULE_ID",
        help="Start the embedded mock with this rule broken (repeatable)",
    )
    group.addoption(
        "--rule", action="append", default=[], metavar="RULE_ID", help="Run only the tests of this rule (repeatable)"
    )
    group.addoption(
        "--rule-map",
        metavar="PATH",
        help="After collection, write JSON {rule id: [test node ids]} of the selected tests to PATH",
    )
    group.addoption(
        "--item-budget",
        type=int,
        default=2000,
        metavar="N",
        help="Kontent.ai filter suites: learn only collections of at most N items (default 2000)",
    )
    group.addoption(
        "--filter-budget",
        type=int,
        default=None,
        metavar="N",
        help="Kontent.ai filter suites: send at most N `where` queries in the run "
        "(default: 1000 against a live target, unbounded against the embedded mock)",
    )
    group.addoption(
        "--filter-depth",
        type=int,
        default=2,
        metavar="N",
        help="Kontent.ai filter suites: nest AND / OR up to N levels in generated filters (default 2)",
    )
    group.addoption(
        "--report-dir",
        default=str(REPO_ROOT / "reports" / "out"),
        help="Where summary.json, junit.xml and reproduction files go",
    )


def _runs_suites(config: pytest.Config) -> bool:
    paths = [Path(arg.split("::")[0]).resolve() for arg in config.args] or [Path.cwd()]
    return any(path == SUITES_DIR or SUITES_DIR in path.parents for path in paths)


def selected_apis(config: pytest.Config) -> tuple[str, ...]:
    api: str = config.getoption("api")
    return APIS if api == "all" else (api,)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("target_url") and config.getoption("api") == "all":
        raise pytest.UsageError("--target-url needs --api kontent or --api wikijs: one URL is one API")
    workerinput = getattr(config, "workerinput", {})
    if not workerinput:
        _preflight(config)
    if "conformance_seed" in workerinput:
        # pytest-xdist workers replay the controller's seed, so one seed reproduces the whole run.
        config.option.hypothesis_seed = workerinput["conformance_seed"]
    if config.getoption("hypothesis_seed", None) is None:
        # Always run with a known seed so any failure can be replayed exactly.
        config.option.hypothesis_seed = random.randrange(2**32)
    chosen = config.getoption("hypothesis_profile", None)
    if config.getoption("target_url") and not (chosen or "").endswith(profiles.LIVE_SUFFIX) and chosen != profiles.LIVE:
        config.option.hypothesis_profile = profiles.for_live_target(chosen)
    elif chosen is None:
        config.option.hypothesis_profile = profiles.default_profile()
    for marker in MARKERS:
        config.addinivalue_line("markers", marker)
    config.stash[STARTED] = time.time()


def _preflight(config: pytest.Config) -> None:
    """Once per run, before any test or worker starts: a wrong ``--rule`` or an unusable
    ``--target-url`` is one clear usage error, not a silent empty run or a wall of failures."""
    problem = unknown_rules(config.getoption("rule"), default_rules().rules.keys())
    url = config.getoption("target_url")
    if problem is None and url and not config.getoption("collectonly"):
        problem = target_problem(url, default_redactor())
    if problem is not None:
        raise pytest.UsageError(problem)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """pytest-xdist: hand the controller's seed to each worker."""
    node.workerinput["conformance_seed"] = node.config.getoption("hypothesis_seed")


def pytest_report_header(config: pytest.Config) -> list[str]:
    target = config.getoption("target_url") or "embedded mock"
    return [
        f"conformance: api={config.getoption('api')} target={target} "
        f"profile={config.getoption('profile')} "
        f"hypothesis-profile={config.getoption('hypothesis_profile')} seed={config.getoption('hypothesis_seed')}"
    ]


# ---- parametrisation by rule --------------------------------------------------------------


def expected_implementation(config: pytest.Config) -> str:
    """The implementation whose behaviour the run expects, from ``--profile``."""
    return implementation_of(config.getoption("profile"))


def expected_rules(config: pytest.Config) -> RuleSet:
    return default_rules().as_implemented_by(expected_implementation(config))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests taking ``rule`` run once per rule of the kinds named by their ``rule_kind`` marker."""
    if "rule" not in metafunc.fixturenames:
        return
    marker = metafunc.definition.get_closest_marker("rule_kind")
    if marker is None:
        raise pytest.UsageError(f"{metafunc.definition.nodeid} takes `rule` but has no @pytest.mark.rule_kind(...)")
    kinds = set(marker.args)
    only: Any = marker.kwargs.get("where", lambda rule: True)
    rules = [r for r in expected_rules(metafunc.config) if r.kind in kinds and r.pending is None and only(r)]
    metafunc.parametrize("rule", [pytest.param(r, id=r.id, marks=pytest.mark.rule(r.id)) for r in rules])


def rule_ids_of(item: pytest.Item) -> tuple[str, ...]:
    return tuple(rule_id for marker in item.iter_markers("rule") for rule_id in marker.args)


def api_of(item: pytest.Item) -> str | None:
    rules = rule_ids_of(item)
    if rules:
        return rules[0].split(".")[0]
    return next((api for api in APIS if f"{os.sep}{api}{os.sep}" in str(item.path)), None)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    wanted_rules = set(config.getoption("rule"))
    apis = selected_apis(config)
    keep: list[pytest.Item] = []
    drop: list[pytest.Item] = []
    for item in items:
        if SUITES_DIR not in item.path.parents:
            keep.append(item)
            continue
        if not rule_ids_of(item):
            raise pytest.UsageError(
                f"{item.nodeid}: every conformance test names its rules with @pytest.mark.rule(...)"
            )
        in_api = api_of(item) in apis
        in_rules = not wanted_rules or bool(wanted_rules & set(rule_ids_of(item)))
        (keep if in_api and in_rules else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
    if config.getoption("rule_map"):
        _write_rule_map(Path(config.getoption("rule_map")), items)


def _write_rule_map(path: Path, items: list[pytest.Item]) -> None:
    mapping: dict[str, list[str]] = {}
    for item in items:
        for rule_id in rule_ids_of(item):
            mapping.setdefault(rule_id, []).append(item.nodeid)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(mapping, indent=2, sort_keys=True) + "\n", encoding="utf-8")


# ---- targets ---------------------------------------------------------------------------------


class TargetPool:
    """Starts at most one target per API per process, lazily, and tears them down at the end."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.targets: dict[str, Target] = {}
        self.mocks: list[EmbeddedMock] = []
        self.closed = False
        self.run_id = new_run_id()
        """One run id for every target of the run: the mocks of its own a test starts write under it too."""
        self._ledgers: dict[Path, dict[str, Any]] = {}

    def get(self, api: str) -> Target:
        if api not in self.targets:
            self.targets[api] = self._start(api)
        return self.targets[api]

    def dedicated(self, api: str, options: tuple[str, ...] = (), purpose: str = "") -> Target:
        """An embedded mock of its own started with further options (a small ``--rate-limit``),
        the run's faults and implementation included; shared by the tests that ask for the same
        options and ``purpose`` (which tells apart mocks that differ only in what their tests do
        to them, e.g. exhausting a per-address rate limit)."""
        key = " ".join((api, f"[{purpose}]", *options))
        if key not in self.targets:
            self.targets[key] = self._start(api, options, own=True)
        return self.targets[key]

    def _start(self, api: str, options: tuple[str, ...] | None = None, *, own: bool = False) -> Target:
        """The live target, else an embedded mock (``own``: always a new mock, with ``options``)."""
        config = self.config
        rules = expected_rules(config).for_api(api)
        rules = type(rules)(rules.rules, expected_implementation(config))
        url: str | None = None if own else config.getoption("target_url")
        embedded = url is None
        if url is None:
            implementation = config.getoption("mock_emulate") or expected_implementation(config)
            log_dir = Path(config.getoption("report_dir"))
            log_dir.mkdir(parents=True, exist_ok=True)
            worker = getattr(config, "workerinput", {}).get("workerid", "main")
            deviating = {d.implementation for rule in rules for d in rule.deviations}
            shared = ("--rate-limit", SHARED_KONTENT_RATE_LIMIT) if api == "kontent" else ()
            mock = EmbeddedMock(
                api,
                faults=tuple(config.getoption("fault")),
                emulate=implementation if implementation in deviating else None,
                log_file=log_dir / f"mock-{api}-{worker}.log",
                options=shared if options is None else options,
            )
            self.mocks.append(mock)
            url = mock.start()
        credentials = credentials_from_environment()
        token = credentials.get(TOKEN_VARIABLE[api])
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        preview_key = self.mocks[-1].preview_key if embedded else credentials.get(PREVIEW_KEY_VARIABLE)
        budget, rate = config.getoption("request_budget"), config.getoption("max_rate")
        if not embedded:
            budget = LIVE_REQUEST_BUDGET if budget is None else budget
            rate = LIVE_RATE_PER_SECOND if rate is None else rate
        client = HttpClient(url, headers, pacer=Pacer(budget=budget, rate=rate))
        if not embedded:
            client.page_writes = PageWriteLock.in_directory(Path(config.getoption("report_dir")))
        return Target(
            api,
            url,
            rules,
            client,
            embedded,
            bool(config.getoption("allow_writes")),
            run_id=self.run_id,
            preview_key=preview_key,
        )

    def close(self) -> list[str]:
        """Undo the run's writes, prove nothing is left, write the ledger, stop the mocks.
        Idempotent: the fixture teardown and the session end (also after Ctrl-C) both call it."""
        if self.closed:
            return []
        self.closed = True
        problems = []
        for target in self.targets.values():
            problems += target.clean_up()
            check = RESIDUE_CHECKS.get(target.api)
            residue = check(target) if check is not None and target.created else []
            problems += [f"left behind: {item}" for item in residue]
            self._write_ledger(target, residue)
        for mock in self.mocks:
            mock.stop()
        return problems

    def _write_ledger(self, target: Target, residue: list[str]) -> None:
        """One ledger per API and worker: the targets of one API (the shared one and mocks of their
        own) add up into it."""
        if not target.created:
            return
        worker = getattr(self.config, "workerinput", {}).get("workerid", "main")
        path = Path(self.config.getoption("report_dir")) / f"writes-{target.api}-{worker}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        ledger = self._ledgers.setdefault(
            path,
            {"run_id": target.run_id, "prefix": target.run_prefix, "created": [], "removed": [], "residue": []},
        )
        ledger["created"] += target.created
        ledger["removed"] += target.removed
        ledger["residue"] += residue
        ledger["requests"] = ledger.get("requests", 0) + target.client.pacer.sent
        waited = ledger.get("rate_limit_wait_seconds", 0.0) + target.client.pacer.waited_seconds
        ledger["rate_limit_wait_seconds"] = round(waited, 3)
        path.write_text(default_redactor().redact(json.dumps(ledger, indent=2)) + "\n", encoding="utf-8")


RESIDUE_CHECKS: Mapping[str, Callable[[Target], list[str]]] = {"wikijs": sandbox.residue}
"""Per API: what carrying the run's id is still on the target after cleanup."""


@pytest.fixture(scope="session")
def target_pool(request: pytest.FixtureRequest) -> Iterator[TargetPool]:
    pool = TargetPool(request.config)
    request.config.stash[POOL] = pool
    yield pool
    _close_pool(request.config)


def _close_pool(config: pytest.Config) -> None:
    pool = config.stash.get(POOL, None)
    if pool is None:
        return
    problems = pool.close()
    if problems:
        raise RuntimeError("cleanup of written data failed: " + default_redactor().redact("; ".join(problems)))


POOL = pytest.StashKey[TargetPool]()


@pytest.fixture
def target(target_pool: TargetPool, rule: Rule) -> Target:
    """The target of the API the parametrised rule belongs to."""
    return target_pool.get(rule.api)


@pytest.fixture
def wikijs(target_pool: TargetPool) -> Target:
    return target_pool.get("wikijs")


@pytest.fixture
def kontent(target_pool: TargetPool) -> Target:
    return target_pool.get("kontent")


@pytest.fixture
def writable(request: pytest.FixtureRequest, target_pool: TargetPool) -> None:
    """Skips a writing test against a live target unless --allow-writes was given."""
    api = api_of(request.node)
    if api and not target_pool.get(api).writable:
        pytest.skip("writes to a live target need --allow-writes")


# ---- outcomes, examples, reproduction ---------------------------------------------------------


def pytest_runtest_setup(item: pytest.Item) -> None:
    violations.reset()
    pool = item.config.stash.get(POOL, None)
    if pool is not None:
        for target in pool.targets.values():
            target.client.journal.clear()


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
    if SUITES_DIR not in item.path.parents:
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
            ("seed", str(item.config.getoption("hypothesis_seed"))),
            ("known_deviation", "1" if _has_deviation(item.config, rules) else ""),
        ]
    if report.failed:
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
    return report


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
    return default_redactor().redact(item.config.getoption("target_url") or "embedded mock")


def _has_deviation(config: pytest.Config, rule_ids: tuple[str, ...]) -> bool:
    implementation = expected_implementation(config)
    if implementation == DOCS:
        return False
    rules = {rule.id: rule for rule in default_rules()}
    return any(rule_id in rules and rules[rule_id].deviation(implementation) for rule_id in rule_ids)


def _journal(item: pytest.Item) -> list[Any]:
    pool = item.config.stash.get(POOL, None)
    if pool is None:
        return []
    return [exchange for target in pool.targets.values() for exchange in target.client.journal]


def _reproduction(item: pytest.Item, journal: list[Any]) -> Reproduction:
    """How to see the failure again: the failing check's exchange as curl (the journal's last
    request only when no oracle named one), and the test replayed with every option it needs."""
    config = item.config
    arguments = [
        item.nodeid,
        f"--hypothesis-seed={config.getoption('hypothesis_seed')}",
        f"--hypothesis-profile={config.getoption('hypothesis_profile')}",
        f"--api={api_of(item)}",
    ]
    for option in ("target_url", "profile", "mock_emulate"):
        value = config.getoption(option)
        if value and value != DEFAULT_PROFILE:
            arguments.append(f"--{option.replace('_', '-')}={value}")
    arguments += [f"--fault={fault}" for fault in config.getoption("fault")]
    arguments += [f"--{flag.replace('_', '-')}" for flag in REPLAYED_FLAGS if config.getoption(flag)]
    arguments.append(f"--report-dir={Path(config.getoption('report_dir')) / 'replay'}")
    violation = violations.last()
    exchange = violation.exchange if violation is not None else (journal[-1] if journal else None)
    curl = None
    if exchange is not None:
        curl = curl_command(exchange, default_redactor(), Path(config.getoption("report_dir")) / "repro")
    redact = default_redactor().redact
    return Reproduction(
        replay=tuple(redact(command) for command in replay_commands(arguments)),
        curl=redact(curl) if curl else None,
        exchange=exchange.describe(default_redactor()) if exchange is not None else None,
        failing_check=violation is not None,
        rule=violation.rule_id if violation is not None else None,
        problem=redact(violation.problem) if violation is not None else None,
    )


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    properties = {str(name): str(value) for name, value in report.user_properties}
    if "rules" not in properties:
        return
    outcome = FAILED if report.failed else SKIPPED if report.skipped else PASSED
    message = example = None
    redactor = default_redactor()
    failure = json.loads(properties.get("failure") or "{}")
    if report.failed and properties.get("flaky") and failure.get("problem"):
        message = redactor.redact(
            f"Flaky: {failure['rule']}: {failure['problem']} once, and the same example passed when it ran again;"
            " the exchange that failed is shown below (compare it with the target's answer now)"
        )
    elif report.failed:
        message = redactor.redact(_failure_message(report))
        found = falsifying_example(report.longreprtext or "")
        example = redactor.redact(found) if found else None
    elif report.skipped and isinstance(report.longrepr, tuple):
        message = redactor.redact(str(report.longrepr[2]))
    reproduce = next((text for name, text in report.sections if name.endswith("reproduce")), None)
    event = OutcomeEvent(
        nodeid=report.nodeid,
        rules=tuple(properties["rules"].split()),
        outcome=outcome,
        duration=round(report.duration, 4),
        examples=int(properties.get("examples", 0)),
        requests=int(properties.get("requests", 0)),
        message=message,
        reproduce=reproduce,
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
    _EVENT_SINK.append(event)


_EVENT_SINK: list[OutcomeEvent] = []
MESSAGE_LINES = 12
_EXAMPLE_START = ("Falsifying example", "Failing test case", "Falsifying explicit example")


def _failure_message(report: pytest.TestReport) -> str:
    """The exception's own message (the oracle's explanation), not the last traceback line."""
    crash = getattr(report.longrepr, "reprcrash", None)
    text = str(getattr(crash, "message", "") or "")
    if not text:  # a redacted report is plain text: its "E" lines are the exception
        lines = report.longreprtext.splitlines()
        first = next((i for i, line in enumerate(lines) if line.startswith("E ")), None)
        if first is None:
            text = lines[-1] if lines else "failed"
        else:
            block = [line[1:] for line in itertools.takewhile(lambda line: line.startswith("E "), lines[first:])]
            text = textwrap.dedent("\n".join(block))
    lines = text.splitlines()
    for index, line in enumerate(lines):
        # hypothesis' case and pytest's "assert x == y / where ..." introspection follow the oracle's text
        if line.lstrip().startswith(_EXAMPLE_START) or (index and line.startswith("assert ")):
            lines = lines[:index]
            break
    if len(lines) > MESSAGE_LINES:
        lines = [*lines[:MESSAGE_LINES], f"... ({len(lines) - MESSAGE_LINES} more lines in the test output)"]
    return "\n".join(lines).strip() or "failed"


def falsifying_example(longrepr: str) -> str | None:
    """Hypothesis' minimal failing example (the block it prints), without pytest's ``E`` prefixes."""
    lines = [line[1:].strip("\n") if line.startswith("E ") else line for line in longrepr.splitlines()]
    start = next((i for i, line in enumerate(lines) if line.strip().startswith(_EXAMPLE_START)), None)
    if start is None:
        return None
    indent = len(lines[start]) - len(lines[start].lstrip())
    block: list[str] = []
    for line in lines[start:]:
        stripped = line[indent:] if line[:indent].strip() == "" else line.strip()
        if block and (stripped.startswith(("Explanation:", "You can reproduce", "Trying example")) or not line.strip()):
            break
        block.append(stripped)
    return "\n".join(block).strip() or None


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    try:
        # After Ctrl-C or an internal error the session fixture may never be torn down.
        _close_pool(config)
    except RuntimeError as exc:
        session.shouldfail = str(exc)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    if hasattr(config, "workerinput") or not _runs_suites(config) or config.option.collectonly:
        return
    rules = expected_rules(config)
    outcomes = rule_outcomes(rules, _EVENT_SINK, selected_apis(config))
    report_dir = Path(config.getoption("report_dir"))
    run = {
        "apis": list(selected_apis(config)),
        "target_url": default_redactor().redact(config.getoption("target_url") or "embedded mock"),
        "profile": config.getoption("profile"),
        "implementation": expected_implementation(config),
        "faults": config.getoption("fault"),
        "hypothesis_profile": config.getoption("hypothesis_profile"),
        "seed": config.getoption("hypothesis_seed"),
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(config.stash[STARTED])),
        "duration_seconds": round(time.time() - config.stash[STARTED], 3),
        "exit_status": int(exitstatus),
        "versions": _versions(),
    }
    write_reports(report_dir, run, outcomes, _EVENT_SINK, user_junit=getattr(config.option, "xmlpath", None))
    config.stash[OUTCOMES] = outcomes


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
    load = load_runs(report_dir) + load_runs(LOAD_REPORTS.parent)  # the load check writes reports/load/<run>/
    write_html(report_dir / "report.html", run, outcomes, events, load)
    write_markdown(report_dir / "summary.md", run, outcomes, events, html_name=str(report_dir / "report.html"))


OUTCOMES = pytest.StashKey[Mapping[str, RuleOutcome]]()


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    if OUTCOMES not in config.stash:
        return
    report_dir = Path(config.getoption("report_dir"))
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
    for package in ("pytest", "hypothesis", "graphql-core", "aiohttp"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            continue
    return versions
