"""The targets of a run: at most one per API per process, started lazily, plus mocks of their own
for tests that need other settings; credentials, pacing, the clean-up ledger and residue checks.

Plain Python over the run's options, so suites that start a target of their own take the pool
(the ``target_pool`` fixture) without reaching into the pytest plugin.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from harness.client import HttpClient
from harness.pacing import LIVE_RATE_PER_SECOND, LIVE_REQUEST_BUDGET, Pacer
from harness.secrets import credentials_from_environment, default_redactor
from harness.serial_writes import ApiSwitchLock, PageWriteLock
from harness.targets import PREVIEW_KEY_VARIABLE, SHARED_KONTENT_RATE_LIMIT, EmbeddedMock, Target, new_run_id
from suites.run_options import RunOptions
from suites.wikijs import sandbox

TOKEN_VARIABLE = {"kontent": "KONTENT_API_KEY", "wikijs": "WIKIJS_API_KEY"}
RESIDUE_CHECKS: Mapping[str, Callable[[Target], list[str]]] = {"wikijs": sandbox.residue}
"""Per API: what carrying the run's id is still on the target after cleanup."""


class TargetPool:
    """Starts at most one target per API per process, lazily, and tears them down at the end."""

    def __init__(self, options: RunOptions) -> None:
        self.options = options
        self.targets: dict[str, Target] = {}
        self.mocks: list[EmbeddedMock] = []
        self.closed = False
        self.run_id = new_run_id()
        """One run id for every target of the run: the mocks of its own a test starts write under it too."""
        self._ledgers: dict[Path, dict[str, Any]] = {}

    def get(self, api: str) -> Target:
        if api not in self.targets:
            self.targets[api] = self._start(api)
        return self.targets[api]

    def dedicated(self, api: str, options: tuple[str, ...] = (), purpose: str = "") -> Target:
        """An embedded mock of its own started with further options (a small ``--rate-limit``),
        the run's faults and implementation included; shared by the tests that ask for the same
        options and ``purpose`` (which tells apart mocks that differ only in what their tests do
        to them, e.g. exhausting a per-address rate limit)."""
        key = " ".join((api, f"[{purpose}]", *options))
        if key not in self.targets:
            self.targets[key] = self._start(api, options, own=True)
        return self.targets[key]

    def _start(self, api: str, options: tuple[str, ...] | None = None, *, own: bool = False) -> Target:
        """The live target, else an embedded mock (``own``: always a new mock, with ``options``)."""
        rules = self.options.expected_rules().for_api(api)
        rules = type(rules)(rules.rules, self.options.implementation)
        live_url = None if own else self.options.target_url
        url, preview_key = live_url, None
        if url is None:
            deviating = {deviation.implementation for rule in rules for deviation in rule.deviations}
            mock = self._embedded_mock(api, options, deviating)
            url, preview_key = mock.start(), mock.preview_key
        # read after the mock started: an embedded wiki registers its admin key in the environment
        credentials = credentials_from_environment()
        token = credentials.get(TOKEN_VARIABLE[api])
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        if live_url is not None:
            preview_key = credentials.get(PREVIEW_KEY_VARIABLE)
        return Target(
            api,
            url,
            rules,
            self._client(url, headers, live=live_url is not None),
            live_url is None,
            self.options.allow_writes,
            run_id=self.run_id,
            preview_key=preview_key,
        )

    def _embedded_mock(self, api: str, options: tuple[str, ...] | None, deviating: set[str]) -> EmbeddedMock:
        """A mock with the run's faults, emulating the expected implementation when the rules
        record deviations of it (else the documented behaviour)."""
        implementation = self.options.mock_emulate or self.options.implementation
        log_dir = self.options.report_dir
        log_dir.mkdir(parents=True, exist_ok=True)
        shared = ("--rate-limit", SHARED_KONTENT_RATE_LIMIT) if api == "kontent" else ()
        mock = EmbeddedMock(
            api,
            faults=self.options.faults,
            emulate=implementation if implementation in deviating else None,
            log_file=log_dir / f"mock-{api}-{self.options.worker}.log",
            options=shared if options is None else options,
        )
        self.mocks.append(mock)
        return mock

    def _client(self, url: str, headers: dict[str, str], *, live: bool) -> HttpClient:
        """A live target is paced (budget and rate cap, defaults unless given) and its page
        writes are serialised across workers; the embedded mock only as far as asked."""
        budget, rate = self.options.request_budget, self.options.max_rate
        if live:
            budget = LIVE_REQUEST_BUDGET if budget is None else budget
            rate = LIVE_RATE_PER_SECOND if rate is None else rate
        client = HttpClient(url, headers, pacer=Pacer(budget=budget, rate=rate))
        if live:
            client.page_writes = PageWriteLock.in_directory(self.options.report_dir)
            if self.options.allow_api_switch:
                client.api_switch = ApiSwitchLock.in_directory(self.options.report_dir)
        return client

    def close(self) -> list[str]:
        """Undo the run's writes, prove nothing is left, write the ledger, stop the mocks.
        Idempotent: the fixture teardown and the session end (also after Ctrl-C) both call it."""
        if self.closed:
            return []
        self.closed = True
        problems = []
        for target in self.targets.values():
            problems += target.clean_up()
            check = RESIDUE_CHECKS.get(target.api)
            residue = check(target) if check is not None and target.created else []
            problems += [f"left behind: {item}" for item in residue]
            self._write_ledger(target, residue)
        for mock in self.mocks:
            mock.stop()
        return problems

    def _write_ledger(self, target: Target, residue: list[str]) -> None:
        """One ledger per API and worker: the targets of one API (the shared one and mocks of their
        own) add up into it."""
        if not target.created:
            return
        path = self.options.report_dir / f"writes-{target.api}-{self.options.worker}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        ledger = self._ledgers.setdefault(
            path,
            {"run_id": target.run_id, "prefix": target.run_prefix, "created": [], "removed": [], "residue": []},
        )
        ledger["created"] += target.created
        ledger["removed"] += target.removed
        ledger["residue"] += residue
        ledger["requests"] = ledger.get("requests", 0) + target.client.pacer.sent
        waited = ledger.get("rate_limit_wait_seconds", 0.0) + target.client.pacer.waited_seconds
        ledger["rate_limit_wait_seconds"] = round(waited, 3)
        path.write_text(default_redactor().redact(json.dumps(ledger, indent=2)) + "\n", encoding="utf-8")


POOL = pytest.StashKey[TargetPool]()
"""The run's pool, once the first test asked for a target (``config.stash``)."""
