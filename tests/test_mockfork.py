"""The meta-tests' forked mock (``tests/mockfork.py``) behaves as a new ``python -m mock_server``."""

from __future__ import annotations

import json
import subprocess
import urllib.request
from pathlib import Path

import pytest

from harness import targets
from tests.mockfork import ForkedMock, fork_mock


def test_a_forked_mock_answers_logs_its_requests_and_stops_cleanly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(targets, "launch_mock", fork_mock)
    mock = targets.EmbeddedMock("kontent", log_file=tmp_path / "mock.log")
    url = mock.start()
    try:
        assert isinstance(mock.process, ForkedMock)
        request = urllib.request.Request(
            url, data=json.dumps({"query": "{ __typename }"}).encode(), headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert set(json.loads(response.read())["data"]) == {"__typename"}
    finally:
        mock.stop()
    assert mock.process.poll() == 0
    log = (tmp_path / "mock.log").read_text(encoding="utf-8")
    assert "mock_server.access: POST" in log and "stopping" in log


def test_other_commands_still_start_a_new_interpreter() -> None:
    process = fork_mock(["true"], {}, subprocess.DEVNULL)
    assert not isinstance(process, ForkedMock)
    assert process.wait(timeout=10) == 0
