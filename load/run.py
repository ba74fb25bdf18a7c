"""``python -m load``: one load check from start to verdict.

Starts the embedded mock (or takes a live URL, after an explicit confirmation), runs the Locust
scenario headless — in one process or as a master with workers on loopback — gathers the request
records, judges them against the rate-limit rules and writes the report under
``reports/load/<run>/``. The exit code follows the verdict: 0 pass, 1 a MUST rule failed,
2 the run itself could not be made.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil

from load import report, samples
from load.contract import SCOPE_KEY_VARIABLE, kontent_rules
from load.contract import contract as judged_by
from load.plan import Plan, plans
from load.verdict import judge, summary
from suites.targets import EmbeddedMock, MockStartError

REPO_ROOT = Path(__file__).resolve().parent.parent
LOCUSTFILES = {"kontent": Path(__file__).with_name("kontent_locustfile.py")}
STOP_SECONDS = 10
"""Users a phase removes finish their request first: an answer the server charged is never lost."""
LIVE_WARNING = (
    "WARNING: this sends load above the documented rate limits to {url}. The real service answers "
    "429 and may block this IP address for minutes; run it only against an environment you own."
)


@dataclass
class Run:
    directory: Path
    plan: Plan
    host: str
    workers: int
    per_second_limit: float

    def locust(self, *extra: str) -> list[str]:
        return [
            sys.executable, "-m", "locust", "-f", str(LOCUSTFILES["kontent"]),
            "--plan", self.plan.name, "--per-second-limit", f"{self.per_second_limit:g}",
            "--samples-out", str(self.directory / "samples.jsonl"),
            "--loglevel", "WARNING", *extra,
        ]  # fmt: skip

    def master_or_local(self, master_port: int | None) -> list[str]:
        command = self.locust(
            "--headless", "--host", self.host, "--exit-code-on-error", "0", "--stop-timeout", str(STOP_SECONDS),
            "--csv", str(self.directory / "locust"), "--html", str(self.directory / "locust.html"),
            "--json-file", str(self.directory / "locust"), "--logfile", str(self.directory / "locust.log"),
        )  # fmt: skip
        if master_port is not None:
            command += ["--master", "--master-bind-host", "127.0.0.1", "--master-bind-port", str(master_port)]
            command += ["--expect-workers", str(self.workers), "--expect-workers-max-wait", "60"]
        return command

    def worker(self, master_port: int, index: int) -> list[str]:
        return self.locust(
            "--worker", "--master-host", "127.0.0.1", "--master-port", str(master_port),
            "--logfile", str(self.directory / f"locust-worker-{index}.log"),
        )  # fmt: skip


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run_locust(run: Run) -> float:
    """Run the scenario to the end of its plan; returns the wall time in seconds."""
    started = time.monotonic()
    if run.workers <= 0:
        subprocess.run(run.master_or_local(None), check=True, timeout=run.plan.seconds + 120)
        return time.monotonic() - started
    port = _free_port()
    master = subprocess.Popen(run.master_or_local(port))
    workers = [subprocess.Popen(run.worker(port, index)) for index in range(run.workers)]
    try:
        code = master.wait(timeout=run.plan.seconds + 120)
        for worker in workers:
            worker.wait(timeout=30)
    finally:
        for process in (master, *workers):
            if process.poll() is None:
                process.kill()
    if code != 0:
        raise subprocess.CalledProcessError(code, "locust --master")
    return time.monotonic() - started


def _cpu_seconds(pid: int | None) -> float:
    if pid is None:
        return 0.0
    times = psutil.Process(pid).cpu_times()
    return float(times.user + times.system)


def parser() -> argparse.ArgumentParser:
    options = argparse.ArgumentParser(prog="python -m load", description=__doc__.split("\n\n")[0])
    options.add_argument("api", choices=sorted(LOCUSTFILES), help="which API's rate limits to check")
    options.add_argument("--plan", choices=sorted(plans()), default="full", help="load plan (default: %(default)s)")
    options.add_argument("--rate-limit", metavar="SPEC", help="override the documented limits, e.g. 200/s,1200/min")
    options.add_argument("--workers", type=int, default=0, help="Locust workers (0: one local process)")
    options.add_argument("--fault", action="append", default=[], metavar="RULE_ID", help="embedded mock fault")
    options.add_argument("--target-url", metavar="URL", help="a live endpoint instead of the embedded mock")
    options.add_argument(
        "--i-accept-rate-limit-blocks",
        action="store_true",
        help="required with --target-url: the live service may block this IP after a limit breach",
    )
    options.add_argument("--cache-ttl", type=int, help="the target's CDN cache TTL in seconds (default: the rule's)")
    options.add_argument(
        "--implementation",
        metavar="NAME",
        help="judge by a documented variant (e.g. technical-limits); the embedded mock emulates it",
    )
    options.add_argument("--report-dir", type=Path, default=REPO_ROOT / "reports" / "load", help="parent of run dirs")
    options.add_argument("--run-id", help="name of this run's report directory (default: api-date-time)")
    return options


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    if arguments.target_url and not arguments.i_accept_rate_limit_blocks:
        print(LIVE_WARNING.format(url=arguments.target_url), file=sys.stderr)
        print("refusing without --i-accept-rate-limit-blocks", file=sys.stderr)
        return 2
    if arguments.target_url and arguments.fault:
        print("--fault applies to the embedded mock only", file=sys.stderr)
        return 2
    plan = plans()[arguments.plan]
    rate_limit = arguments.rate_limit or plan.rate_limit
    try:
        rules = kontent_rules(rate_limit, arguments.cache_ttl, arguments.implementation)
    except ValueError as error:
        print(f"python -m load: {error}", file=sys.stderr)
        return 2
    checks = plan.checks
    if arguments.target_url and not os.environ.get(SCOPE_KEY_VARIABLE):
        print(f"not judging the per-key budget: set {SCOPE_KEY_VARIABLE} to a second Delivery API key", file=sys.stderr)
        checks = checks - {"scope"}
    contract = judged_by(rules, plan.tolerance, checks)
    run_id = arguments.run_id or f"{arguments.api}-{time.strftime('%Y%m%d-%H%M%S')}"
    directory = arguments.report_dir / run_id
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "samples.jsonl").unlink(missing_ok=True)

    mock = None
    if arguments.target_url:
        print(LIVE_WARNING.format(url=arguments.target_url), file=sys.stderr)
        host = arguments.target_url
    else:
        mock_options = [] if arguments.cache_ttl is None else ["--cache-ttl", str(arguments.cache_ttl)]
        if rate_limit:
            mock_options += ["--rate-limit", rate_limit]
        os.environ.setdefault(SCOPE_KEY_VARIABLE, secrets.token_urlsafe(16))
        mock = EmbeddedMock(
            arguments.api, arguments.fault, arguments.implementation, mock_options, log_file=directory / "mock.log"
        )
        try:
            host = mock.start()
        except MockStartError as error:
            print(error, file=sys.stderr)
            return 2
    per_second = contract.windows[0].limit / contract.windows[0].seconds
    run = Run(directory, plan, host, arguments.workers, per_second)
    try:
        cpu_before = _cpu_seconds(mock.process.pid if mock and mock.process else None)
        started = time.time()
        wall = run_locust(run)
        cpu = _cpu_seconds(mock.process.pid if mock and mock.process else None) - cpu_before
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        print(f"the Locust run failed: {error}", file=sys.stderr)
        return 2
    finally:
        if mock:
            mock.stop()
    records = list(samples.read(directory / "samples.jsonl"))
    verdict = summary(judge(records, contract), contract)
    figures = report.figures(records, contract, wall, cpu if mock else None, arguments.workers)
    report.write(directory, run_id, plan, contract, records, started, verdict, figures, arguments)
    print(json.dumps({"run": run_id, "verdict": verdict["verdict"], "failed": verdict["failed_must_rules"]}))
    print(f"report: {directory / 'index.md'}")
    return 0 if verdict["verdict"] == "pass" else 1
