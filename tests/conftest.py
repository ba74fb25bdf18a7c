"""Hooks of the harness's own tests: the fault kill rate is printed and written after a run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.scheduling import dealt

KILL_RATE_FILE = Path(__file__).resolve().parents[1] / "reports" / "out" / "meta" / "kill_rate.json"
_verdicts: dict[str, bool] = {}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Long tests first, then the other slow ones (one child pytest per fault), so no worker starts
    a long one last; under pytest-xdist the long ones are also dealt out over the workers."""
    items.sort(key=lambda item: (item.get_closest_marker("long") is None, item.get_closest_marker("slow") is None))
    workers = int(getattr(config, "workerinput", {}).get("workercount", 1))
    if workers > 1:
        items[:] = dealt(items, workers, _long_seconds)


LONG_FLOOR_SECONDS = 60.0
"""A ``long`` test that gives no ``seconds`` counts as the marker's floor, a minute."""


def _long_seconds(item: pytest.Item) -> float:
    """The rough idle-machine wall time a ``long`` marker gives (0 for other tests)."""
    marker = item.get_closest_marker("long")
    return float(marker.kwargs.get("seconds", LONG_FLOOR_SECONDS)) if marker else 0.0


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
