"""Machine and version facts recorded with every result, since throughput ratios only mean something
next to the hardware, runtimes and library versions they were measured with."""

from __future__ import annotations

import os
import platform
import subprocess
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path


def describe(repo: Path, extra: dict[str, str]) -> dict[str, object]:
    """CPU, OS, Python and package versions, the repo commit, plus `extra` (node, npm packages, loadgen)."""
    packages: dict[str, str] = {}
    for name in ("aiohttp", "graphql-core"):
        try:
            packages[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            packages[name] = "missing"
    return {
        "date_utc": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "cpu_count": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "packages": packages,
        "git_commit": _git(repo, "rev-parse", "--short", "HEAD"),
        "mock_server_uncommitted_changes": bool(_git(repo, "status", "--porcelain", "--", "mock_server")),
        **extra,
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)
    return done.stdout.strip()
