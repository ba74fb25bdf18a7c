"""``gqlconf COMMAND [options]``: the suites, the mocks, load checks, coverage and run comparison.

Each command hands its arguments unchanged to the module that ``python -m`` runs, so both spellings
keep the same options and ``gqlconf COMMAND --help`` is that module's own help. Modules are
imported only when their command runs: asking for one tool never pays for loading another.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from mock_server.allocator import use_system_allocator


@dataclass(frozen=True)
class Command:
    module: str
    summary: str
    example: str


MOCK = "mock"
COMMANDS = {
    "run": Command(
        "suites.__main__",
        "run the conformance suites (pytest options; default: the embedded mocks)",
        "gqlconf run --api wikijs --target-url https://wiki.example.com/graphql",
    ),
    MOCK: Command(
        "mock_server.cli",
        "run a reference mock for frontend work",
        "gqlconf mock kontent   |   gqlconf mock wikijs --data-dir ./wiki-data",
    ),
    "load": Command(
        "load.run", "check the documented rate limits under load (Locust, headless)", "gqlconf load kontent"
    ),
    "coverage": Command(
        "reports.coverage", "per rule: the suites that exercise it, its mock fault, killed or not", "gqlconf coverage"
    ),
    "compare": Command(
        "reports.compare",
        "compare two runs' summary.json, rule by rule",
        "gqlconf compare old/summary.json new/summary.json",
    ),
    "reliability": Command(
        "reliability.__main__", "fuzz, crash and concurrency campaigns against the mocks", "gqlconf reliability ci"
    ),
}


def usage() -> str:
    width = max(map(len, COMMANDS))
    lines = ["usage: gqlconf COMMAND [options]   (gqlconf COMMAND --help: that command's options)", "", "commands:"]
    lines += [f"  {name:<{width}}  {command.summary}" for name, command in COMMANDS.items()]
    lines += ["", "examples:"] + [f"  {command.example}" for command in COMMANDS.values()]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments or arguments[0] in {"-h", "--help"}:
        print(usage())
        return 0
    name, rest = arguments[0], arguments[1:]
    if name == MOCK and argv is None:  # the process is the mock's own: as python -m mock_server
        use_system_allocator()
    command = COMMANDS.get(name)
    if command is None:
        print(f"gqlconf: unknown command {name!r}\n\n{usage()}", file=sys.stderr)
        return 2
    run: Callable[[Sequence[str]], int] = importlib.import_module(command.module).main
    return int(run(rest) or 0)
