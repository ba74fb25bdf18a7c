"""The command-line options of the conformance suites, and their one reading into a
:class:`~suites.run_options.RunOptions` stored on the config.

The option names, defaults and help texts are a user contract (README, ``pytest --help`` group
"conformance"); nothing else in the suites calls ``getoption`` for them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.behaviour import DEFAULT_PROFILE, PROFILES
from harness.pacing import LIVE_RATE_PER_SECOND, LIVE_REQUEST_BUDGET
from harness.secrets import default_redactor
from specs import default_rules
from suites.plugin import seeds
from suites.preflight import target_problem, unknown_rules
from suites.run_options import APIS, RUN_OPTIONS, RunOptions, run_options

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_REPORT_DIR = REPO_ROOT / "reports" / "out"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("conformance", "GraphQL API conformance suites")
    _target_options(group)
    _pacing_options(group)
    _selection_options(group)
    _kontent_filter_options(group)
    group.addoption(
        "--report-dir",
        default=str(DEFAULT_REPORT_DIR),
        help="Where summary.json, junit.xml and reproduction files go",
    )


def _target_options(group: pytest.OptionGroup) -> None:
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


def _pacing_options(group: pytest.OptionGroup) -> None:
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
        "--allow-api-switch",
        action="store_true",
        help="Wiki.js: switch a live wiki's API off for a moment to see a key refused (every API client of the wiki "
        "is refused meanwhile; a run-created administrator switches it back on, also at cleanup). Needs "
        "--allow-writes; embedded runs always test it",
    )


def _selection_options(group: pytest.OptionGroup) -> None:
    group.addoption(
        "--fault",
        action="append",
        default=[],
        metavar="FAULT_ID",
        help="Start the embedded mock with this fault: a rule id, or <rule id>:trigger (repeatable)",
    )
    group.addoption(
        "--rule", action="append", default=[], metavar="RULE_ID", help="Run only the tests of this rule (repeatable)"
    )
    group.addoption(
        "--rule-map",
        metavar="PATH",
        help="After collection, write JSON {rule id: [test node ids]} of the selected tests to PATH",
    )


def _kontent_filter_options(group: pytest.OptionGroup) -> None:
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


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """Before hypothesis' own configure reads the seed and profile settled here."""
    seeds.settle(config, live=bool(config.option.target_url))
    options = RunOptions.from_config(config)
    if options.live and options.api == "all":
        raise pytest.UsageError("--target-url needs --api kontent or --api wikijs: one URL is one API")
    config.stash[RUN_OPTIONS] = options
    if not hasattr(config, "workerinput"):
        _preflight(options, collect_only=bool(config.option.collectonly))


def _preflight(options: RunOptions, *, collect_only: bool) -> None:
    """Once per run, before any test or worker starts: a wrong ``--rule`` or an unusable
    ``--target-url`` is one clear usage error, not a silent empty run or a wall of failures."""
    problem = unknown_rules(options.rules, default_rules().rules.keys())
    if problem is None and options.target_url and not collect_only:
        problem = target_problem(options.target_url, default_redactor())
    if problem is not None:
        raise pytest.UsageError(problem)


def pytest_report_header(config: pytest.Config) -> list[str]:
    options = run_options(config)
    return [
        f"conformance: api={options.api} target={options.target_url or 'embedded mock'} "
        f"profile={options.profile} hypothesis-profile={options.hypothesis_profile} seed={options.seed}"
    ]
