"""In a meta-test's child pytest (``-p tests.mockfork``): each embedded mock is forked from the
child instead of started as a new interpreter.

The child is itself forked from ``tests.forkserver``, which has the mock's modules imported, so a
mock starts with the fault table, aiohttp and graphql-core already loaded: a fresh
``python -m mock_server`` spent about a second of CPU on them, half of a fault's whole child
run, paid by every one of the ~150 faults. The forked process runs the same ``main`` with the same
arguments and environment, its own standard streams and none of the child's other descriptors,
so the suites still reach it over HTTP only, as any other process.
"""

from __future__ import annotations

import atexit
import faulthandler
import logging
import os
import resource
import signal
import subprocess
import sys
import time
import traceback
from typing import IO

import pytest

from harness import targets

MOCK_MODULE = ("-m", "mock_server")
WAIT_POLL_SECONDS = 0.01


class ForkedMock:
    """The forked mock's handle, with the part of :class:`subprocess.Popen` the harness uses."""

    def __init__(self, pid: int, stdout: IO[str]) -> None:
        self.pid = pid
        self.stdout: IO[str] | None = stdout
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """Polls as ``Popen.wait`` does when given a timeout."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while (code := self.poll()) is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(["mock_server"], timeout or 0.0)
            time.sleep(WAIT_POLL_SECONDS)
        return code

    def terminate(self) -> None:
        self._signal(signal.SIGTERM)

    def kill(self) -> None:
        self._signal(signal.SIGKILL)

    def _signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)


def fork_mock(command: list[str], environment: dict[str, str], stderr: IO[str] | int) -> targets.MockProcess:
    """``python -m mock_server ...`` as a fork of this process; any other command as before."""
    if tuple(command[1:3]) != MOCK_MODULE:
        return targets.new_interpreter(command, environment, stderr)
    read_end, write_end = os.pipe()
    error_fd = stderr if isinstance(stderr, int) else stderr.fileno()  # subprocess.DEVNULL is negative
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            code = _run_mock(command[3:], environment, write_end, error_fd)
        except SystemExit as exit_:  # argparse's usage errors
            code = exit_.code if isinstance(exit_.code, int) else 1
        except BaseException:  # the forked process must never return into pytest
            traceback.print_exc()
        finally:
            os._exit(code)
    os.close(write_end)
    return ForkedMock(pid, open(read_end, encoding="utf-8"))


def _run_mock(arguments: list[str], environment: dict[str, str], stdout_fd: int, stderr_fd: int) -> int:
    """In the forked process: the streams, environment, signals, logging and exit handlers of a
    fresh interpreter, then the mock's own ``main``."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd, source in ((0, null), (1, stdout_fd), (2, stderr_fd if stderr_fd >= 0 else null)):
        os.dup2(source, fd)
    os.closerange(3, resource.getrlimit(resource.RLIMIT_NOFILE)[0])  # the child's sockets and pipes
    faulthandler.disable()  # pytest pointed it at a descriptor closed above
    sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stdout = open(1, "w", buffering=1, encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", buffering=1, encoding="utf-8", closefd=False)  # noqa: SIM115
    os.environ.clear()
    os.environ.update(environment)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    for logger in (logging.root, *logging.root.manager.loggerDict.values()):
        if isinstance(logger, logging.Logger):
            logger.handlers.clear()
    atexit._clear()  # the child's handlers are not the mock's
    sys.argv = ["mock_server", *arguments]
    from mock_server.cli import main

    try:
        return main(arguments)
    finally:
        atexit._run_exitfuncs()
        logging.shutdown()


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    targets.launch_mock = fork_mock
