"""Running the conformance suites in a child pytest, as a CI job would, for the meta-tests."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
META_SEED = "20261122"  # fixed, so a fault that survives once survives every time
SUITE_TIMEOUT_SECONDS = 600


def run_suites(
    arguments: Sequence[str], report_dir: Path, extra_environment: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``pytest suites`` in a fresh process; credentials are removed so the mock is the target,
    unless a test plants its own through ``extra_environment``. The children write bytecode even
    where the parent may not: a hundred children compiling the same modules cost minutes of CI."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "WIKIJS_", "KONTENT_"))}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)  # a child per fault: reuse bytecode and rewritten asserts
    environment.update(extra_environment or {})
    command = [
        sys.executable, "-m", "pytest", "suites", "-p", "no:cacheprovider", "-q",
        f"--hypothesis-seed={META_SEED}", f"--report-dir={report_dir}", *arguments,
    ]  # fmt: skip
    return subprocess.run(
        command,
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=SUITE_TIMEOUT_SECONDS,
        check=False,
    )


def tail(result: subprocess.CompletedProcess[str], lines: int = 40) -> str:
    return "\n".join((result.stdout + result.stderr).splitlines()[-lines:])
