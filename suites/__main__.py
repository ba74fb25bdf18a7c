"""``python -m suites [pytest arguments]``: the conformance run as ``tox -e conformance`` starts it.

Without a test path the whole ``suites`` folder runs on two xdist workers; given a path or node
id (a replay command), only that runs, in one process, so ``tox -e conformance -- <node id>``
replays one test instead of the whole run.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

SUITES = "suites"
HOME = Path(__file__).resolve().parent.parent
"""The folder holding the ``suites`` package: the checkout, or site-packages after ``pip install .``.
Paths and node ids are resolved against it and it is pytest's rootdir, so the command (and the
replay commands it prints) work from any working directory and node ids stay ``suites/...``."""
DEFAULT_WORKERS = ("-n", "2")


def _names_tests(argument: str) -> bool:
    return not argument.startswith("-") and argument.split("::")[0].startswith(SUITES)


def pytest_arguments(argv: Sequence[str]) -> list[str]:
    arguments = [str(HOME / argument) if _names_tests(argument) else argument for argument in argv]
    if arguments == list(argv):
        arguments.insert(0, str(HOME / SUITES))
        if not any(argument.startswith(("-n", "--numprocesses")) for argument in arguments):
            arguments += DEFAULT_WORKERS
    return ["-p", "no:cacheprovider", "-p", "suites.plugin", f"--rootdir={HOME}", *arguments]


def main(argv: Sequence[str] | None = None) -> int:
    return int(pytest.main(pytest_arguments(sys.argv[1:] if argv is None else argv)))


if __name__ == "__main__":
    sys.exit(main())
