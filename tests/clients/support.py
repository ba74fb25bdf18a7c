"""What the client tests share: a missing third-party install fails under ``CI`` (where the tox
set-up installs everything) and skips elsewhere, and subprocesses run with a time limit."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

import pytest

from clients.packages import marker

SUBPROCESS_TIMEOUT_S = 60.0


def require(directory: Path, what: str) -> None:
    if marker(directory).is_file():
        return
    message = f"{what} is not installed in {directory}: run `python -m clients.install`"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def run(command: list[str], environment: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, capture_output=True, text=True, timeout=SUBPROCESS_TIMEOUT_S, check=False, env={**environment}
    )
