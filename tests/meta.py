"""Running the conformance suites in a child pytest, as a CI job would, for the meta-tests."""

from __future__ import annotations

import atexit
import json
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Mapping, Sequence
from functools import cache, partial
from pathlib import Path

from hypothesis import settings

from suites import profiles

REPO_ROOT = Path(__file__).resolve().parents[1]
META_SEED = "20261122"  # fixed, so a fault that survives once survives every time
SUITE_TIMEOUT_SECONDS = 600
QUICK_PROFILE = "meta-quick"
settings.register_profile(QUICK_PROFILE, settings.get_profile("meta"), max_examples=profiles.DEV_EXAMPLES)
QUICK_PROFILE_ARGUMENTS = ("-p", "tests.meta", f"--hypothesis-profile={QUICK_PROFILE}")
"""The meta profile (no shrinking: a failure only has to be found) at the dev profile's example
count, for whole runs whose passing tests the dev-profile runs already check (``-p tests.meta``
registers the profile in the child)."""


class _ForkServer:
    """This process's ``tests.forkserver``, started on first use and stopped at exit: each child
    pytest is forked from it with the heavy imports done, instead of a fresh interpreter."""

    def __init__(self, environment: Mapping[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.forkserver"], cwd=REPO_ROOT, env=dict(environment),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        self.answers: queue.Queue[dict[str, int] | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        atexit.register(self.close)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.answers.put(json.loads(line))
        self.answers.put(None)

    def _answer(self, key: str, timeout: float | None = None) -> int:
        answer = self.answers.get(timeout=timeout)
        if answer is None:
            raise RuntimeError(f"tests.forkserver exited ({self.process.wait()}); its error is above")
        return answer[key]

    def run(self, arguments: list[str], environment: Mapping[str, str], output: Path) -> tuple[int, str, str]:
        """The child's exit code, stdout and stderr; on a timeout its process group is killed."""
        assert self.process.stdin is not None
        request = {"args": arguments, "cwd": str(REPO_ROOT), "env": dict(environment)}
        request |= {"stdout": str(output / "stdout"), "stderr": str(output / "stderr")}
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        pid = self._answer("pid")
        try:
            returncode = self._answer("returncode", timeout=SUITE_TIMEOUT_SECONDS)
        except queue.Empty:
            os.killpg(pid, signal.SIGKILL)
            self._answer("returncode")
            raise subprocess.TimeoutExpired(arguments, SUITE_TIMEOUT_SECONDS) from None
        read = partial(Path.read_text, encoding="utf-8", errors="replace")
        return returncode, read(output / "stdout"), read(output / "stderr")

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=30)


@cache
def _fork_server(environment: tuple[tuple[str, str], ...]) -> _ForkServer:
    return _ForkServer(dict(environment))


def run_suites(
    arguments: Sequence[str],
    report_dir: Path,
    extra_environment: Mapping[str, str] | None = None,
    paths: Sequence[str] = ("suites",),
) -> subprocess.CompletedProcess[str]:
    """``pytest suites`` (or only ``paths`` under it) in a child process; credentials are removed
    so the mock is the target, unless a test plants its own through ``extra_environment``. The
    children write bytecode even where the parent may not: a hundred children compiling the same
    modules cost minutes of CI."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "WIKIJS_", "KONTENT_"))}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)  # a child per fault: reuse bytecode and rewritten asserts
    server = _fork_server(tuple(sorted(environment.items())))
    environment.update(extra_environment or {})
    command = [
        *paths, "-p", "no:cacheprovider", "-p", "tests.mockfork", "-q", f"--hypothesis-seed={META_SEED}",
        f"--report-dir={report_dir}", *arguments,
    ]  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="child-pytest-") as output:
        returncode, stdout, stderr = server.run(command, environment, Path(output))
    return subprocess.CompletedProcess(["pytest", *command], returncode, stdout, stderr)


def tail(result: subprocess.CompletedProcess[str], lines: int = 40) -> str:
    return "\n".join((result.stdout + result.stderr).splitlines()[-lines:])


def rule_modules(report_dir: Path) -> dict[str, list[str]]:
    """Rule id -> the suite modules holding its tests, from one collection of every suite.

    A child run for one rule then imports and collects only those modules instead of all of
    ``suites/`` (a third of a fault child's own CPU time, paid once per mock fault)."""
    rule_map = report_dir / "rules.json"
    result = run_suites(["--collect-only", f"--rule-map={rule_map}"], report_dir)
    if result.returncode != 0:
        raise RuntimeError(tail(result))
    nodes: dict[str, list[str]] = json.loads(rule_map.read_text(encoding="utf-8"))
    return {rule_id: sorted({node.split("::")[0] for node in ids}) for rule_id, ids in nodes.items()}
