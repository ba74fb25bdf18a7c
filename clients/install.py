"""Install the third-party clients the tests run: ``python -m clients.install``.

Each Python package goes to its own ``uv pip install --target`` directory and each npm package
(graphql-js releases, Apollo Client) to its own ``npm install --prefix`` directory under the
git-ignored cache, with the ordinary clients against the ordinary registries. Already installed
pins are left alone, so a second run costs nothing. A package that cannot be installed is
reported and the others go on; the tests needing it then fail under ``CI`` and are skipped
elsewhere.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

from clients.packages import NPM_PACKAGES, PYTHON_PACKAGES, NpmPackage, PythonPackage, installed, marker

INSTALL_TIMEOUT_S = 300


def _run(command: list[str]) -> str | None:
    """None on success, else the tail of the output."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=INSTALL_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return str(error)
    return None if done.returncode == 0 else (done.stdout + done.stderr)[-2000:]


def _uv() -> str | None:
    """The ``uv`` the ``uv`` package put next to this interpreter (the test extras install it).
    Not ``uv.find_uv_bin()``: in a virtualenv made by uv itself (tox-uv) it fails on
    ``sysconfig``'s missing ``EXE``."""
    return shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")


def _fresh(directory: Path) -> None:
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)


def install_python(package: PythonPackage) -> str | None:
    """uv rather than pip: the same wheels from the same index, but five concurrent pip processes
    took 79 s on the CI machine where uv takes 5 s (pip spends it scanning its configured find-links
    and file indexes, once per process)."""
    if installed(package.target, package.requirement):
        return None
    uv = _uv()
    if uv is None:
        return "uv is not installed next to this Python (pip install uv)"
    _fresh(package.target)
    command = [uv, "pip", "install", "--quiet", "--python", sys.executable]
    command += ["--target", str(package.target), package.requirement]
    problem = _run(command)
    if problem is None:
        marker(package.target).write_text(package.requirement, encoding="utf-8")
    return problem


def install_npm(package: NpmPackage) -> str | None:
    if installed(package.prefix, package.requirement):
        return None
    npm = shutil.which("npm")
    if npm is None:
        return "npm is not on PATH"
    _fresh(package.prefix)
    problem = _run([npm, "install", "--prefix", str(package.prefix), "--no-audit", "--no-fund", *package.specs])
    if problem is None:
        marker(package.prefix).write_text(package.requirement, encoding="utf-8")
    return problem


def main() -> int:
    """All installs at once: each is its own process writing its own directory, mostly waiting on
    the registries, so the set-up takes about as long as the slowest one instead of their sum."""
    started = time.monotonic()
    jobs: list[tuple[str, Callable[[], str | None]]] = [
        *((package.requirement, partial(install_python, package)) for package in PYTHON_PACKAGES),
        *((f"npm {package.requirement}", partial(install_npm, package)) for package in NPM_PACKAGES),
    ]
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        problems = list(pool.map(lambda job: job[1](), jobs))
    for (name, _), problem in zip(jobs, problems, strict=True):
        print(f"clients set-up: {name}: {'ok' if problem is None else 'FAILED ' + problem}")
    failed = sum(problem is not None for problem in problems)
    print(f"clients set-up: done in {time.monotonic() - started:.0f} s, {failed} failed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
