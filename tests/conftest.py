"""Hooks of the harness's own tests: the fault kill rate is printed and written after a run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

KILL_RATE_FILE = Path(__file__).resolve().parents[1] / "reports" / "out" / "meta" / "kill_rate.json"
_verdicts: dict[str, bool] = {}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Long tests first, then the other slow ones (one child pytest per fault): pytest-xdist
    hands tests out in order, so a long one collected last keeps one worker busy while the
    others idle."""
    items.sort(key=lambda item: (item.get_closest_marker("long") is None, item.get_closest_marker("slow") is None))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    properties = dict(report.user_properties)
    if report.when == "call" and "fault" in properties:
        _verdicts[str(properties["fault"])] = properties.get("killed") == "True"


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    if not _verdicts or hasattr(config, "workerinput"):
        return
    killed = sorted(fault for fault, verdict in _verdicts.items() if verdict)
    survived = sorted(fault for fault, verdict in _verdicts.items() if not verdict)
    terminalreporter.write_sep("-", "suite power (mutation testing of the suites)")
    terminalreporter.write_line(f"fault kill rate: {len(killed)}/{len(_verdicts)} faults killed")
    if survived:
        terminalreporter.write_line(f"survived: {', '.join(survived)}")
    KILL_RATE_FILE.parent.mkdir(parents=True, exist_ok=True)
    KILL_RATE_FILE.write_text(json.dumps({"killed": killed, "survived": survived}, indent=2) + "\n", encoding="utf-8")
