"""Running the conformance suites in a child pytest, as a CI job would, for the meta-tests."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Mapping, Sequence
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


def run_suites(
    arguments: Sequence[str],
    report_dir: Path,
    extra_environment: Mapping[str, str] | None = None,
    paths: Sequence[str] = ("suites",),
) -> subprocess.CompletedProcess[str]:
    """``pytest suites`` (or only ``paths`` under it) in a fresh process; credentials are removed
    so the mock is the target, unless a test plants its own through ``extra_environment``. The
    children write bytecode even where the parent may not: a hundred children compiling the same
    modules cost minutes of CI."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "WIKIJS_", "KONTENT_"))}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)  # a child per fault: reuse bytecode and rewritten asserts
    environment.update(extra_environment or {})
    command = [
        sys.executable, "-m", "pytest", *paths, "-p", "no:cacheprovider", "-q",
        f"--hypothesis-seed={META_SEED}", f"--report-dir={report_dir}", *arguments,
    ]  # fmt: skip
    # Its own process group: on a timeout the child's mocks go down with it, not only the child.
    with subprocess.Popen(
        command, cwd=REPO_ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    ) as child:  # fmt: skip
        try:
            stdout, stderr = child.communicate(timeout=SUITE_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.communicate()
            raise
    return subprocess.CompletedProcess(command, child.returncode, stdout, stderr)


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
