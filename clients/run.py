"""Run a client driver against a Wiki.js endpoint and return what it printed.

Each driver runs in a subprocess whose path starts with its client's own install, then the
project (for :mod:`clients.drivers.scenario`); the API key goes through the environment only.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from clients.packages import PROJECT_ROOT, PythonPackage

KEY_VARIABLE = "WIKIJS_API_KEY"
DRIVER_TIMEOUT_S = 120.0


class DriverError(RuntimeError):
    """The driver itself failed (not a client call: those are recorded as results)."""


def run_driver(package: PythonPackage, url: str, key: str, path: str) -> dict[str, Any]:
    assert package.driver is not None, f"{package.key} has no driver"
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join((str(package.target), str(PROJECT_ROOT))),
        "PYTHONNOUSERSITE": "1",
        KEY_VARIABLE: key,
    }
    command = [sys.executable, "-m", f"clients.drivers.{package.driver}", url, path]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=DRIVER_TIMEOUT_S, check=False, env=environment
    )
    if done.returncode != 0:
        raise DriverError(f"{package.key}: exit {done.returncode}\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result
