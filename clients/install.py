"""Install the third-party clients the tests run: ``python -m clients.install``.

Each Python package goes to its own ``pip install --target`` directory and each graphql-js
release to its own ``npm install --prefix`` directory under the git-ignored cache, with the
ordinary clients against the ordinary registries. Already installed pins are left alone, so a
second run costs nothing. A package that cannot be installed is reported and the others go on;
the tests needing it then fail under ``CI`` and are skipped elsewhere.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

from clients.packages import GRAPHQL_JS, PYTHON_PACKAGES, NpmPackage, PythonPackage, installed, marker

INSTALL_TIMEOUT_S = 300


def _run(command: list[str]) -> str | None:
    """None on success, else the tail of the output."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=INSTALL_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return str(error)
    return None if done.returncode == 0 else (done.stdout + done.stderr)[-2000:]


def _fresh(directory: Path) -> None:
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)


def install_python(package: PythonPackage) -> str | None:
    if installed(package.target, package.requirement):
        return None
    _fresh(package.target)
    command = [sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-compile"]
    command += ["--target", str(package.target), package.requirement]
    problem = _run(command)
    if problem is None:
        marker(package.target).write_text(package.requirement, encoding="utf-8")
    return problem


def install_npm(package: NpmPackage) -> str | None:
    if installed(package.prefix, package.spec):
        return None
    npm = shutil.which("npm")
    if npm is None:
        return "npm is not on PATH"
    _fresh(package.prefix)
    problem = _run([npm, "install", "--prefix", str(package.prefix), "--no-audit", "--no-fund", package.spec])
    if problem is None:
        marker(package.prefix).write_text(package.spec, encoding="utf-8")
    return problem


def main() -> int:
    started = time.monotonic()
    failed = 0
    for package in PYTHON_PACKAGES:
        problem = install_python(package)
        failed += problem is not None
        print(f"clients set-up: {package.requirement}: {'ok' if problem is None else 'FAILED ' + problem}")
    for npm_package in GRAPHQL_JS:
        problem = install_npm(npm_package)
        failed += problem is not None
        print(f"clients set-up: npm {npm_package.spec}: {'ok' if problem is None else 'FAILED ' + problem}")
    print(f"clients set-up: done in {time.monotonic() - started:.0f} s, {failed} failed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
