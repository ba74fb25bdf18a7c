"""What every load scenario shares: the plan clock its users follow, where its records go (via
Locust's own worker reports to the master, then one file), and which process sent a request.

As a run ends, the master asks every worker for its last records and waits for them. Locust's
headless master quits as soon as its plan is over: it sends its workers "quit" and gives their
final reports half a second, while the records go to the file before that (Locust's ``quitting``
event comes first). On a busy machine a short run lost the records of its last seconds, or of a
worker that started late, and the verdict then judged a run that never happened (issue 22)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic

import gevent
from locust import LoadTestShape, events, runners
from locust.env import Environment
from locust.runners import MasterRunner, WorkerRunner

from load import samples
from load.names import REFUSED_AS_DOCUMENTED
from load.plan import PhaseT, Schedule
from load.samples import Collector, Record

ASK_LAST_RECORDS = "load_ask_last_records"
LAST_RECORDS = "load_last_records"
"""The custom Locust messages of the last records: the master's request, a worker's answer."""
WORKER_SILENCE_BEATS = 15
"""Heartbeats (one a second) a worker may miss before the master counts it as gone (Locust: 3).
On a busy machine a worker's process waits for the CPU that long; counted as gone, its users
were taken off the plan and its records dropped, and the last one gone stopped the whole run."""
runners.HEARTBEAT_LIVENESS = WORKER_SILENCE_BEATS
LAST_RECORDS_WAIT_S = 30.0
"""How long the master waits for the workers' last records: a worker first stops its users,
which may take the run's stop timeout. A worker that never answers leaves its rules unexercised."""


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
        self._finished_workers: set[str] = set()
        listen(events.init_command_line_parser, self._options)
        listen(events.test_start, self._start_clock)
        listen(events.report_to_master, self._to_master)
        listen(events.worker_report, self._from_worker)
        listen(events.quitting, self._write)
        listen(events.init, self._last_records_messages)
        listen(events.test_stop, self._ask_last_records)

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

    def _last_records_messages(self, environment: Environment, **_: Any) -> None:
        runner = environment.runner
        if isinstance(runner, MasterRunner):
            runner.register_message(LAST_RECORDS, self._last_records)
        elif isinstance(runner, WorkerRunner):
            runner.register_message(ASK_LAST_RECORDS, self._send_last_records, concurrent=True)

    def _ask_last_records(self, environment: Environment, **_: Any) -> None:
        """On the master: every connected worker's last records, before Locust quits (bounded)."""
        runner = environment.runner
        if not isinstance(runner, MasterRunner):
            return
        workers = {client.id for client in runner.clients.all}
        runner.send_message(ASK_LAST_RECORDS)
        deadline = time.monotonic() + LAST_RECORDS_WAIT_S
        while not workers <= self._finished_workers and time.monotonic() < deadline:
            gevent.sleep(0.1)

    def _send_last_records(self, environment: Environment, **_: Any) -> None:
        """On a worker: stop the users (a no-op when stopped), then send what they recorded."""
        runner = environment.runner
        assert isinstance(runner, WorkerRunner)
        runner.stop()
        data: dict[str, Any] = {}
        self.collector.attach(data)
        runner.send_message(LAST_RECORDS, data)

    def _last_records(self, environment: Environment, msg: Any, **_: Any) -> None:
        self._from_worker(msg.node_id, msg.data)
        self._finished_workers.add(msg.node_id)

    def _write(self, environment: Environment, **_: Any) -> None:
        if environment.parsed_options is not None and not environment.parsed_options.worker:
            samples.write(Path(options(environment).samples_out), self.collector.drain())
