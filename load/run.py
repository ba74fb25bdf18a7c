"""``python -m load``: one load check from start to verdict.

Starts the embedded mock (or takes a live URL, after an explicit confirmation), runs the API's
Locust scenario headless — in one process or as a master with workers on loopback — gathers
the request records, judges them against the rate-limit rules and writes the report under
``reports/load/<run>/``. The exit code follows the verdict: 0 pass, 1 a MUST rule failed,
2 the run itself could not be made.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import psutil

from harness.behaviour import DEFAULT_PROFILE, PROFILES, implementation_of
from harness.targets import EmbeddedMock, MockStartError
from load import report
from load.kontent_check import KontentCheck
from load.names import CONSOLE_LOG
from load.plan import plans
from load.wikijs_check import WikiCheck
from load.wikijs_plan import wiki_plans
from specs import DOCS

REPO_ROOT = Path(__file__).resolve().parent.parent
STOP_SECONDS = 10
"""Users a phase removes finish their request first: an answer the server charged is never lost."""
SPARE_SECONDS = 120
"""Start-up and shut-down time allowed beyond the plan before a run counts as hung."""
LIVE_WARNING = (
    "WARNING: this sends load above the documented rate limits to {url}. The real service answers "
    "429 or refuses calls and may block this IP address for minutes; run it only against a target you own."
)


class LoadCheck(Protocol):
    """What run.py needs of an API's load check."""

    @property
    def locustfile(self) -> Path: ...

    @property
    def seconds(self) -> float: ...

    @property
    def description(self) -> str: ...

    def locust_options(self) -> list[str]: ...

    def mock_options(self) -> list[str]: ...

    def judge(self, directory: Path, run: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]: ...


CHECKS: dict[str, tuple[type[KontentCheck] | type[WikiCheck], list[str]]] = {
    "kontent": (KontentCheck, sorted(plans())),
    "wikijs": (WikiCheck, sorted(wiki_plans())),
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run_locust(check: LoadCheck, host: str, directory: Path, workers: int) -> float:
    """Run the scenario to the end of its plan; returns the wall time in seconds."""
    base = [
        sys.executable, "-m", "locust", "-f", str(check.locustfile), *check.locust_options(),
        "--samples-out", str(directory / "samples.jsonl"), "--loglevel", "WARNING",
    ]  # fmt: skip
    lead = [
        "--headless", "--host", host, "--exit-code-on-error", "0", "--stop-timeout", str(STOP_SECONDS),
        "--csv", str(directory / "locust"), "--html", str(directory / "locust.html"),
        "--json-file", str(directory / "locust"), "--logfile", str(directory / "locust.log"),
    ]  # fmt: skip
    timeout = check.seconds + SPARE_SECONDS
    started = time.monotonic()
    # Locust's periodic tables (thousands of lines, mostly the intended refusals) go to a file
    # of the run; the console keeps the verdict line and the report path.
    console = (directory / CONSOLE_LOG).open("w", encoding="utf-8")
    quiet: dict[str, Any] = {"stdout": console, "stderr": subprocess.STDOUT}
    if workers <= 0:
        with console:
            subprocess.run([*base, *lead], check=True, timeout=timeout, **quiet)
        return time.monotonic() - started
    port = _free_port()
    master = subprocess.Popen([
        *base, *lead, "--master", "--master-bind-host", "127.0.0.1", "--master-bind-port", str(port),
        "--expect-workers", str(workers), "--expect-workers-max-wait", "60",
    ], **quiet)  # fmt: skip
    worker = [*base, "--worker", "--master-host", "127.0.0.1", "--master-port", str(port)]
    followers = [
        subprocess.Popen([*worker, "--logfile", str(directory / f"locust-worker-{index}.log")], **quiet)
        for index in range(workers)
    ]
    try:
        code = master.wait(timeout=timeout)
        for follower in followers:
            follower.wait(timeout=STOP_SECONDS + 20)
    finally:
        for process in (master, *followers):
            if process.poll() is None:
                process.kill()
        console.close()
    if code != 0:
        raise subprocess.CalledProcessError(code, "locust --master")
    return time.monotonic() - started


def verdict_line(api: str, verdict: dict[str, Any], directory: Path) -> str:
    """The one console line of a run: its verdict, the MUST rules that failed, where the report is."""
    failed = verdict["failed_must_rules"]
    outcome = verdict["verdict"].upper() + (f" (failed MUST rules: {', '.join(failed)})" if failed else "")
    return f"{api} load check: {outcome}; report {directory / 'index.md'} (Locust's console: {CONSOLE_LOG})"


def _cpu_seconds(mock: EmbeddedMock | None) -> float:
    if mock is None or mock.process is None:
        return 0.0
    times = psutil.Process(mock.process.pid).cpu_times()
    return float(times.user + times.system)


def parser() -> argparse.ArgumentParser:
    options = argparse.ArgumentParser(prog="python -m load", description=__doc__.split("\n\n")[0])
    options.add_argument("api", choices=sorted(CHECKS), help="which API's rate limits to check")
    options.add_argument("--plan", default="full", help="load plan: " + "; ".join(
        f"{api}: {', '.join(names)}" for api, (_, names) in CHECKS.items()) + " (default: full)")  # fmt: skip
    options.add_argument("--rate-limit", metavar="SPEC", help="kontent: override the documented limits, e.g. 200/s")
    options.add_argument("--cache-ttl", type=int, help="kontent: the CDN cache TTL in seconds (default: the rule's)")
    options.add_argument("--workers", type=int, default=0, help="Locust workers on loopback (0: one local process)")
    options.add_argument("--fault", action="append", default=[], metavar="RULE_ID", help="embedded mock fault")
    options.add_argument(
        "--profile",
        choices=sorted(PROFILES),
        default=DEFAULT_PROFILE,
        help="the behaviour expected, as for the suites (e.g. kontent-technical-limits, wikijs-2.5.314); "
        "the embedded mock emulates it",
    )
    options.add_argument("--target-url", metavar="URL", help="a live endpoint instead of the embedded mock")
    options.add_argument(
        "--i-accept-rate-limit-blocks",
        action="store_true",
        help="required with --target-url: the live service may block this address after a limit breach",
    )
    options.add_argument("--allow-writes", action="store_true", help="wikijs live: also create (and delete) comments")
    options.add_argument("--report-dir", type=Path, default=REPO_ROOT / "reports" / "load", help="parent of run dirs")
    options.add_argument("--run-id", help="name of this run's report directory (default: api-date-time)")
    return options


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    arguments.implementation = implementation_of(arguments.profile)
    kind, plan_names = CHECKS[arguments.api]
    if arguments.plan not in plan_names:
        print(f"python -m load: {arguments.api} plans are {', '.join(plan_names)}", file=sys.stderr)
        return 2
    if arguments.target_url and not arguments.i_accept_rate_limit_blocks:
        print(LIVE_WARNING.format(url=arguments.target_url), file=sys.stderr)
        print("refusing without --i-accept-rate-limit-blocks", file=sys.stderr)
        return 2
    if arguments.target_url and arguments.fault:
        print("python -m load: --fault applies to the embedded mock only", file=sys.stderr)
        return 2
    try:
        check: LoadCheck = kind.from_arguments(arguments)
    except ValueError as error:
        print(f"python -m load: {error}", file=sys.stderr)
        return 2
    run_id = arguments.run_id or f"{arguments.api}-{time.strftime('%Y%m%d-%H%M%S')}"
    directory = arguments.report_dir / run_id
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "samples.jsonl").unlink(missing_ok=True)

    mock = None
    if arguments.target_url:
        print(LIVE_WARNING.format(url=arguments.target_url), file=sys.stderr)
        host, target = arguments.target_url, arguments.target_url
    else:
        mock = EmbeddedMock(
            arguments.api,
            arguments.fault,
            emulate=None if arguments.implementation == DOCS else arguments.implementation,
            options=check.mock_options(),
            log_file=directory / "mock.log",
        )
        try:
            host = mock.start()
        except MockStartError as error:
            print(error, file=sys.stderr)
            return 2
        target = f"embedded {arguments.api} mock" + (
            f" with faults {', '.join(arguments.fault)}" if arguments.fault else ""
        )
    try:
        cpu_before = _cpu_seconds(mock)
        wall = run_locust(check, host, directory, arguments.workers)
        mock_cpu = _cpu_seconds(mock) - cpu_before if mock else None
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        print(f"python -m load: the Locust run failed: {error}; its output: {directory / CONSOLE_LOG}", file=sys.stderr)
        return 2
    finally:
        if mock:
            mock.stop()
    verdict, numbers = check.judge(directory, {"wall": wall, "mock_cpu": mock_cpu, "workers": arguments.workers})
    report.write(directory, run_id, check.description, target, verdict, numbers)
    print(verdict_line(arguments.api, verdict, directory))
    return 0 if verdict["verdict"] == "pass" else 1
