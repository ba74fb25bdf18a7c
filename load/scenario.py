"""What every load scenario shares: the plan clock its users follow, where its records go (via
Locust's own worker reports to the master, then one file), and which process sent a request."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic

from locust import LoadTestShape, events
from locust.env import Environment
from locust.runners import WorkerRunner

from load import samples
from load.names import REFUSED_AS_DOCUMENTED
from load.plan import PhaseT, Schedule
from load.samples import Collector, Record


def listen(hook: Any, handler: Callable[..., Any]) -> None:
    """Register a Locust event listener (Locust's hooks are untyped; this is the one place that knows)."""
    hook.add_listener(handler)


def options(environment: Environment) -> Any:
    """The parsed command line, with the scenario's own options (set before any user runs)."""
    if environment.parsed_options is None:
        raise RuntimeError("the scenario needs Locust's parsed options: run it with the locust command")
    return environment.parsed_options


def shape_environment(shape: LoadTestShape) -> Environment:
    if shape.runner is None:
        raise RuntimeError("the shape has no runner yet")
    return shape.runner.environment


def run_time(shape: LoadTestShape) -> float:
    return float(shape.get_run_time())  # type: ignore[no-untyped-call]


def count_as_intended_refusal(answer: Any, name: str) -> None:
    """Files a refusal the rule describes under its own row, as a success (Locust would otherwise
    count the very refusals the check is after as failures)."""
    answer.request_meta["name"] = REFUSED_AS_DOCUMENTED.format(name)
    answer.success()


def node(environment: Environment) -> str:
    """Which Locust process sends: a worker's client id, or ``local``."""
    runner = environment.runner
    return runner.client_id if isinstance(runner, WorkerRunner) else "local"


class Scenario(Generic[Record, PhaseT]):
    """Registers the Locust event listeners of one scenario module."""

    def __init__(self, kind: type[Record], schedule: Callable[[Environment], Schedule[PhaseT]]) -> None:
        self.collector: Collector[Record] = Collector(kind)
        self.schedule = schedule
        self._started: float | None = None
        listen(events.init_command_line_parser, self._options)
        listen(events.test_start, self._start_clock)
        listen(events.report_to_master, self._to_master)
        listen(events.worker_report, self._from_worker)
        listen(events.quitting, self._write)

    @staticmethod
    def _options(parser: Any) -> None:
        parser.add_argument("--samples-out", default="samples.jsonl", help="where the records are written")

    def _start_clock(self, **_: Any) -> None:
        self._started = time.time()

    def current(self, environment: Environment) -> tuple[int, PhaseT | None]:
        """Index and phase of the plan this process is in now (on its own test-start clock)."""
        started = self._started if self._started is not None else time.time()
        return self.schedule(environment).index_at(time.time() - started)

    def _to_master(self, client_id: str, data: dict[str, Any]) -> None:
        self.collector.attach(data)

    def _from_worker(self, client_id: str, data: dict[str, Any]) -> None:
        for record in self.collector.received(data):
            self.collector.add(record)

    def _write(self, environment: Environment, **_: Any) -> None:
        if environment.parsed_options is not None and not environment.parsed_options.worker:
            samples.write(Path(options(environment).samples_out), self.collector.drain())
