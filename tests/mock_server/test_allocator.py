"""``python -m mock_server`` runs on the C allocator (issue 22: memory returns after a wide request)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mock_server import allocator


def test_a_process_without_the_variable_restarts_itself_with_the_same_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(allocator.VARIABLE, raising=False)
    monkeypatch.setattr(sys, "orig_argv", ["python3", "-X", "dev", "-m", "mock_server", "wikijs", "--port", "0"])
    assert allocator.restart_command() == [sys.executable, "-X", "dev", "-m", "mock_server", "wikijs", "--port", "0"]


def test_a_chosen_allocator_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """The user's choice (``PYTHONMALLOC=debug``) stands, and the restarted process restarts no more."""
    monkeypatch.setenv(allocator.VARIABLE, "debug")
    assert allocator.restart_command() is None


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads the process's environment in /proc")
def test_the_command_line_mock_serves_on_the_c_allocator() -> None:
    environment = {name: value for name, value in os.environ.items() if name != allocator.VARIABLE}
    command = [sys.executable, "-m", "mock_server", "kontent", "--host", "127.0.0.1", "--port", "0"]
    with subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as mock:
        try:
            assert mock.stdout is not None
            assert b"listening on" in mock.stdout.readline()
            variables = Path(f"/proc/{mock.pid}/environ").read_bytes().split(b"\0")
        finally:
            mock.terminate()
    assert f"{allocator.VARIABLE}={allocator.SYSTEM}".encode() in variables
