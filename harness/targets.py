"""The targets a run talks to: an embedded mock process per API, or a live URL.

The embedded mock is started as a separate process (``python -m mock_server``) rather than
imported, so the suites exercise exactly the HTTP surface a live target would present.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

from harness.client import HttpClient
from specs import RuleSet

PREVIEW_KEY_VARIABLE = "KONTENT_PREVIEW_API_KEY"
LISTENING = re.compile(r"mock_server listening on (\S+)")
SUITE_KEY_VARIABLE = "WIKIJS_API_KEY"
MOCK_ADMIN_KEY_VARIABLE = "WIKIJS_MOCK_ADMIN_API_KEY"
START_TIMEOUT_SECONDS = 30.0
SHARED_KONTENT_RATE_LIMIT = "1000000/s,60000000/min"
"""The embedded Kontent.ai mock every suite shares runs far above the documented limits, so no
suite but the rate-limit one (which starts mocks of its own) ever sees a 429; the documented
limits at full scale are the load test's job."""
RUN_PREFIX_ROOT = "conformance"


class MockStartError(RuntimeError):
    """The embedded mock did not come up; its stderr tail is in the message."""


class MockProcess(Protocol):
    """What the harness uses of a mock's process (a :class:`subprocess.Popen` has it all)."""

    pid: int
    stdout: IO[str] | None

    def poll(self) -> int | None: ...

    def wait(self, timeout: float | None = None) -> int: ...

    def terminate(self) -> None: ...

    def kill(self) -> None: ...


def new_interpreter(command: list[str], environment: dict[str, str], stderr: IO[str] | int) -> MockProcess:
    """A mock as its own ``python -m mock_server`` process, its stdout a pipe to read the listening line from."""
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, text=True, env=environment)


launch_mock: Callable[[list[str], dict[str, str], IO[str] | int], MockProcess] = new_interpreter
"""How :meth:`EmbeddedMock.start` starts the process. The meta-tests' child runs, a hundred of
them, put a fork of their pre-imported process in its place (``tests/mockfork.py``)."""


@dataclass
class EmbeddedMock:
    """One ``python -m mock_server`` process on a free loopback port."""

    api: str
    faults: Sequence[str] = ()
    emulate: str | None = None
    log_file: Path | None = None
    options: Sequence[str] = ()
    """Further command-line options (``--rate-limit ...``)."""
    process: MockProcess | None = None
    url: str = ""
    preview_key: str = field(default_factory=lambda: secrets.token_urlsafe(16), repr=False)
    """Kontent.ai: the preview key the mock is started with (through its environment, never argv)."""
    secret_environment: dict[str, str] = field(default_factory=dict, repr=False)
    """More variables for the mock's environment (secrets such as ``WIKIJS_MOCK_ADMIN_PASSWORD``)."""

    def command(self) -> list[str]:
        command = [sys.executable, "-m", "mock_server", self.api, "--host", "127.0.0.1", "--port", "0"]
        for fault in self.faults:
            command += ["--fault", fault]
        if self.emulate:
            command += ["--emulate", self.emulate]
        return command + list(self.options)

    def environment(self) -> dict[str, str]:
        """The embedded wiki registers the suites' key as its admin API key (read from the
        environment, never the command line); without one, a random key for this run."""
        environment = {**os.environ, **self.secret_environment, "PYTHONUNBUFFERED": "1"}
        if self.api == "wikijs":
            key = os.environ.get(SUITE_KEY_VARIABLE, "").strip() or secrets.token_urlsafe(32)
            os.environ[SUITE_KEY_VARIABLE] = environment[MOCK_ADMIN_KEY_VARIABLE] = key
        if self.api == "kontent":
            environment[PREVIEW_KEY_VARIABLE] = self.preview_key
        return environment

    def start(self) -> str:
        stderr = self.log_file.open("a", encoding="utf-8") if self.log_file else subprocess.DEVNULL
        self.process = launch_mock(self.command(), self.environment(), stderr)
        self.url = self._await_listening_line()
        return self.url

    def _await_listening_line(self) -> str:
        assert self.process is not None and self.process.stdout is not None
        found: list[str] = []
        stdout = self.process.stdout

        def read() -> None:
            for line in stdout:
                if match := LISTENING.search(line):
                    found.append(match.group(1))
                    return

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(START_TIMEOUT_SECONDS)
        if not found:
            self.stop()
            detail = (
                self.log_file.read_text(encoding="utf-8")[-2000:] if self.log_file and self.log_file.exists() else ""
            )
            raise MockStartError(
                f"`{' '.join(self.command())}` did not start within {START_TIMEOUT_SECONDS:.0f}s\n{detail}"
            )
        return found[0]

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def new_run_id() -> str:
    return f"{time.strftime('%Y%m%d%H%M%S')}-{secrets.token_hex(3)}"


@dataclass(repr=False)
class Target:
    """What a test sees: the API under test, its expected rules, and how to reach it."""

    api: str
    url: str
    rules: RuleSet
    client: HttpClient
    embedded: bool
    allow_writes: bool
    run_id: str = field(default_factory=new_run_id)
    cleanups: list[tuple[str, Callable[[], None]]] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    counter: int = 0
    shared: dict[str, Any] = field(default_factory=dict)
    """Set-ups several tests reuse (a sandbox group and its key), created once per run."""
    preview_key: str | None = field(default=None, repr=False)
    """Kontent.ai: a Delivery API key for the preview endpoint, when one is known."""

    def __repr__(self) -> str:
        return f"Target({self.api!r}, {self.url!r}, implementation={self.implementation!r})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """Hypothesis prints falsifying examples with its own pretty printer, not repr()."""
        printer.text(repr(self))

    @property
    def run_prefix(self) -> str:
        """Everything a run writes lives under this path (pages) or carries the run id (names)."""
        return f"{RUN_PREFIX_ROOT}/{self.run_id}"

    def unique_name(self, name: str) -> str:
        """A name for a group, key or user that carries the run id, unique within the run."""
        self.counter += 1
        return f"{RUN_PREFIX_ROOT}-{self.run_id}-{name}-{self.counter}"

    def unique_path(self, name: str) -> str:
        """A path under the run's prefix that no other example of the run uses."""
        self.counter += 1
        return f"{self.run_prefix}/{name}-{self.counter}"

    @property
    def implementation(self) -> str:
        return self.rules.implementation

    @property
    def writable(self) -> bool:
        """Writes are always fine on our own mock; on a live target only when asked for."""
        return self.embedded or self.allow_writes

    def on_cleanup(self, what: str, action: Callable[[], None]) -> None:
        """Record a write (``page 12 conformance/<run>/x``) and how to undo it."""
        self.created.append(what)
        self.cleanups.append((what, action))

    def clean_up(self) -> list[str]:
        """Undo every write of the run, newest first; report failures instead of raising.
        Safe to call twice (a Ctrl-C during the first call leaves the rest for the second)."""
        self.client.pacer.unbounded()
        problems = []
        while self.cleanups:
            what, action = self.cleanups.pop()
            try:
                action()
            except Exception as exc:
                problems.append(f"{what}: {exc!r}")
            else:
                self.removed.append(what)
        return problems
