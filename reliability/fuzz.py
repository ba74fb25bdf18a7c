"""The fuzz campaign: a seeded stream of schema-driven and hostile requests against one mock.

Every answer is judged (:mod:`reliability.verdict`); a connection failure is checked against
the process (a crash is an exit, after which the mock is restarted so the stream goes on),
an answer later than the per-request timeout is a hang.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from harness.targets import MockStartError
from reliability.calls import introspect
from reliability.client import Answer, Endpoint, RawRequest, exchange
from reliability.documents import Pools, pools
from reliability.malformed import MAKERS
from reliability.mock import MockUnderTest
from reliability.results import MAX_FINDINGS, finding
from reliability.verdict import AccessCheck, excused_500_messages, is_excused, leaks, leaks_excused
from specs import default_rules

VALID_QUERY_SHARE = 0.4
MUTATION_SHARE = 0.2
"""The rest of the stream is malformed HTTP, spread evenly over the generators."""


@dataclass(frozen=True)
class FuzzPlan:
    api: str
    requests: int
    emulate: str | None = None
    seed: int = 0
    workers: int = 4
    timeout: float = 15.0
    pool_size: int = 300
    max_rss_mb: int = 512
    max_seconds: float | None = None
    """Stop the stream after this long (a bounded run on a busy machine); the figures say so."""


@dataclass
class Tally:
    requests: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    server_errors: int = 0
    excused_500: int = 0
    crashes: int = 0
    hangs: int = 0
    no_answer: int = 0
    leaking: int = 0
    excused_leaks: int = 0
    """Leaks in the answers of an implementation recorded as showing internal detail (a real
    2.5.314 shows SQL and stack traces: the served-schema rule's deviation)."""
    resets: int = 0
    """Times the campaign got its API access back through the admin session (no restart)."""
    restarts: int = 0
    """Times that failed and the mock was started afresh."""
    start_failures: int = 0
    findings: list[dict[str, Any]] = field(default_factory=list)

    def note(self, what: str, request: RawRequest, detail: str) -> None:
        if len(self.findings) < MAX_FINDINGS:
            self.findings.append(finding(what, request.kind, request.body, detail))


def stream(plan: FuzzPlan, documents: Pools) -> Iterator[RawRequest]:
    rng = random.Random(plan.seed)
    for _ in range(plan.requests):
        draw = rng.random()
        if draw < VALID_QUERY_SHARE or (draw < VALID_QUERY_SHARE + MUTATION_SHARE and not documents.mutations):
            yield RawRequest("query", json.dumps({"query": rng.choice(documents.queries)}).encode())
        elif draw < VALID_QUERY_SHARE + MUTATION_SHARE:
            yield RawRequest("mutation", json.dumps({"query": rng.choice(documents.mutations)}).encode())
        else:
            yield rng.choice(MAKERS)(rng, rng.choice(documents.queries))


class Fuzzer:
    def __init__(self, plan: FuzzPlan, mock: MockUnderTest) -> None:
        self.plan = plan
        self.mock = mock
        self.tally = Tally()
        rules = default_rules().for_api(plan.api)
        self.excused = excused_500_messages(rules, plan.emulate or "docs")
        self.leaks_excused = leaks_excused(rules, plan.emulate or "docs")
        self.access = AccessCheck.from_rules(rules)
        """A fuzzed mutation may revoke the campaign's own key, switch the API off or regenerate
        the signing secret; an answer that shows it gets the access back (:mod:`reliability.rekey`),
        or the rest of the stream would test nothing but the refusal."""
        self.endpoint = Endpoint.from_url(mock.url, mock.token)
        self.rekeyer = mock.rekeyer()
        self.restarting = asyncio.Lock()
        self.generation = 0
        """Counts mock processes: a request of an older one was cut by a restart."""
        self.keys = 0
        """Counts API keys: a refusal of an older one was already dealt with."""
        self.stopped_early = False

    async def _start_again(self) -> None:
        try:
            url = await asyncio.to_thread(self.mock.start)
        except MockStartError as error:  # the host, not the mock: end the stream, keep the figures
            self.tally.start_failures += 1
            self.tally.note("start failure", RawRequest("restart"), str(error)[:300])
            self.stopped_early = True
            return
        self.endpoint = Endpoint.from_url(url, self.mock.token)
        self.rekeyer = await asyncio.to_thread(self.mock.rekeyer)
        self.generation += 1

    async def _restart_if_dead(self, request: RawRequest, generation: int) -> bool:
        async with self.restarting:
            if generation != self.generation or self.stopped_early:
                return True  # the request was cut by a reset, or the stream ended on a failed start
            code = self.mock.exit_code()
            if code is None:
                return False
            self.tally.crashes += 1
            self.tally.note("crash", request, f"mock exited with {code}")
            await self._start_again()
            return True

    async def _reset(self, generation: int, keys: int) -> None:
        async with self.restarting:
            if (generation, keys) != (self.generation, self.keys):
                return
            assert self.rekeyer is not None  # only APIs with operator sessions lose access
            key = await asyncio.to_thread(self.rekeyer.new_key)
            if key is not None:
                self.tally.resets += 1
                self.endpoint = replace(self.endpoint, token=key)
                self.keys += 1
                return
            self.tally.restarts += 1
            self.tally.note("restart", RawRequest("access lost"), self.rekeyer.failure)
            await asyncio.to_thread(self.mock.stop)
            await self._start_again()

    def judge(self, request: RawRequest, status: int | None, body: bytes) -> None:
        self.tally.statuses[str(status)] += 1
        if status is None:
            self.tally.no_answer += 1
        elif status >= 500:
            if is_excused(Answer(status, body), self.excused):
                self.tally.excused_500 += 1
            else:
                self.tally.server_errors += 1
                self.tally.note("5xx", request, f"{status}: {body[:300].decode('utf-8', 'replace')}")
        if not (found := leaks(body)):
            return
        if self.leaks_excused:
            self.tally.excused_leaks += 1
            return
        self.tally.leaking += 1
        self.tally.note("leak", request, f"{found}: {body[:300].decode('utf-8', 'replace')}")

    async def send(self, request: RawRequest) -> None:
        self.tally.requests += 1
        self.tally.kinds[request.kind] += 1
        generation, keys = self.generation, self.keys
        try:
            answer = await exchange(self.endpoint, request, self.plan.timeout)
        except TimeoutError:
            if generation == self.generation:
                self.tally.hangs += 1
                self.tally.note("hang", request, f"no answer within {self.plan.timeout}s")
            await self._restart_if_dead(request, generation)
            return
        except OSError as error:
            if not await self._restart_if_dead(request, generation):
                self.tally.statuses["connection error"] += 1
                self.tally.note("connection error", request, repr(error))
            return
        self.judge(request, answer.status, answer.body)
        if self.rekeyer is not None and self.access.lost(request.kind, answer.body):
            await self._reset(generation, keys)

    async def run(self, requests: Iterator[RawRequest]) -> None:
        ends = time.monotonic() + self.plan.max_seconds if self.plan.max_seconds else None

        async def worker() -> None:
            for request in requests:
                if ends is not None and time.monotonic() > ends:
                    self.stopped_early = True
                if self.stopped_early:
                    return
                await self.send(request)

        await asyncio.gather(*(worker() for _ in range(self.plan.workers)))
        await self._restart_if_dead(RawRequest("after the stream"), self.generation)


def run_fuzz(plan: FuzzPlan, work_dir: Path) -> tuple[dict[str, Any], dict[str, bool]]:
    """The figures and goals of one campaign."""
    mock = MockUnderTest(plan.api, emulate=plan.emulate, log_file=work_dir / f"mock-{plan.api}.log")
    mock.start()
    started = time.monotonic()
    try:
        documents = pools(introspect(mock.url, mock.token), plan.pool_size, plan.seed)
        fuzzer = Fuzzer(plan, mock)
        asyncio.run(fuzzer.run(stream(plan, documents)))
    finally:
        mock.stop()
    tally = fuzzer.tally
    figures = {
        "api": plan.api,
        "emulate": plan.emulate or "docs",
        "seed": plan.seed,
        "pool": {"queries": len(documents.queries), "mutations": len(documents.mutations)},
        "requests": tally.requests,
        "planned_requests": plan.requests,
        "stopped_early": fuzzer.stopped_early,
        "by_kind": dict(sorted(tally.kinds.items())),
        "statuses": dict(sorted(tally.statuses.items())),
        "5xx": tally.server_errors,
        "excused_500": tally.excused_500,
        "crashes": tally.crashes,
        "hangs": tally.hangs,
        "no_answer": tally.no_answer,
        "resets": tally.resets,
        "restarts": tally.restarts,
        "start_failures": tally.start_failures,
        "leaks": tally.leaking,
        "excused_leaks": tally.excused_leaks,
        "peak_rss_bytes": mock.peak_rss,
        "seconds": round(time.monotonic() - started, 1),
        "findings": tally.findings,
    }
    goals = {
        "no 5xx": tally.server_errors == 0,
        "no crash": tally.crashes == 0,
        "no hang": tally.hangs == 0,
        "no leak": tally.leaking == 0,
        "every request answered or refused": tally.statuses["connection error"] == 0,
        "bounded memory": mock.peak_rss <= plan.max_rss_mb * 2**20,
        "every restart came up": tally.start_failures == 0,
    }
    return figures, goals
