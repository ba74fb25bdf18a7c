"""Locust scenario: uncached Kontent.ai Delivery GraphQL traffic of varying cost, stepped by a
``LoadTestShape`` from under to over the rate limits, identical (cacheable) requests offered far
above the limits at the same time, and one probe user that measures the exact capacity of
empty windows and checks ``Retry-After`` after each crossing.

Run through ``python -m load kontent`` (which starts the mock and Locust and writes the verdict);
plain ``locust -f load/kontent_locustfile.py --plan ci --per-second-limit 200`` works too.
Header names and the rejection status come from the rule files, like everything the mock does.
"""

from __future__ import annotations

import itertools
import os
import random
import time
from collections.abc import Callable
from typing import Any

import gevent
from gevent.lock import Semaphore
from locust import FastHttpUser, LoadTestShape, events, task
from locust.env import Environment

from harness.client import HttpClient
from harness.kontent_discovery import by_size, content_types
from harness.targets import Target
from load.contract import API_KEY_VARIABLE, SCOPE_KEY_VARIABLE, headers
from load.plan import Phase, Plan, plans
from load.samples import Sample
from load.scenario import Scenario, count_as_intended_refusal, listen, node, options, run_time, shape_environment
from specs import default_rules
from specs.model import RateRejection, RateWindow, RequestCharge

LIMITS = (1, 10, 50, 250)
"""Page sizes of the uncached mix: the cost of a collection query grows with its limit. The
probe fills a window with the largest and tops it up with ever smaller ones."""
SELECTION = "items { _system_ { codename } }"
IDLE_SECONDS = 0.2
"""How often a user outside its phase looks at the plan clock again."""
PROBE_ATTEMPTS = 10_000
"""A probe that is never refused stops after this many requests (and its checks then fail)."""

RULES = default_rules().for_api("kontent")
HEADERS = headers(RULES)
REJECTED = RULES.only("rate_rejection").data_as(RateRejection).status
CHARGE = RULES.only("request_charge").data_as(RequestCharge)
WINDOWS = sorted(rule.data_as(RateWindow).seconds for rule in RULES.of_kind("rate_window"))

_discovery = Semaphore()
_collection: list[str] = []
_aliases = itertools.count()


def _options(parser: Any) -> None:
    parser.add_argument("--plan", choices=sorted(plans()), default="full", help="load plan of load/plans.yaml")
    parser.add_argument("--per-second-limit", type=float, required=True, help="RU/s limit the plan scales to")


listen(events.init_command_line_parser, _options)


def _plan(environment: Environment) -> Plan:
    return plans()[options(environment).plan]


SCENARIO = Scenario(Sample, _plan)
collector = SCENARIO.collector


def _fixed_users(environment: Environment, **_: Any) -> None:
    """Cached users and the probe live for the whole run; the shape only steps uncached users."""
    if environment.parsed_options is not None:
        CachedTraffic.fixed_count = _plan(environment).cached_users


listen(events.init, _fixed_users)


def _key_headers(variable: str) -> dict[str, str]:
    key = os.environ.get(variable, "").strip()
    return {"Authorization": f"Bearer {key}"} if key else {}


def collection_query(host: str, sender: str) -> str:
    """The collection query of the biggest content type, found by introspection once per process.
    Discovery spends resource units too, so its requests are recorded like the scenario's."""
    with _discovery:
        if not _collection:
            client = HttpClient(host, default_headers=_key_headers(API_KEY_VARIABLE))
            target = Target("kontent", host, RULES, client, False, False)
            started = time.time()
            sized = by_size(target, content_types(target))
            for exchange in client.journal:  # timed by the whole discovery: its own send time is not kept
                answer = exchange.response
                collector.add(_record(started, "discovery", "discovery", answer.status, answer.header, False, sender))
            if not sized:
                raise RuntimeError("the environment has no content items to load-test with")
            _collection.append(sized[0][1].collection_query)
        return _collection[0]


def _record(
    started: float, traffic: str, name: str, status: int, header: Callable[[str], str | None], errors: bool, sender: str
) -> Sample:
    """A request's record from its answer's status and headers (names from the rules)."""
    cache = header(HEADERS.cache)
    return Sample(
        started=started,
        finished=time.time(),
        traffic=traffic,
        name=name,
        status=status,
        limited=status == REJECTED,
        charge=_integer(header(HEADERS.charge)),
        retry_after=header(HEADERS.retry_after),
        cache=cache,
        cache_hit=_is_hit(cache),
        complexity=_integer(header(HEADERS.complexity)),
        graphql_errors=errors,
        node=sender,
    )


def _is_hit(cache: str | None) -> bool:
    return cache is not None and cache.strip().upper() == HEADERS.hit.upper()


def page(collection: str, limit: int, *, unique: bool = True) -> str:
    """A page of ``limit`` items; a unique alias makes the document one no cache has seen."""
    alias = f"q{next(_aliases)}: " if unique else ""
    return f"{{ {alias}{collection}(limit: {limit}) {{ {SELECTION} }} }}"


def _integer(value: str | None) -> int | None:
    return int(value) if value is not None and value.strip().isdigit() else None


class GraphQLUser(FastHttpUser):
    """Posts GraphQL documents and records what each answer showed."""

    abstract = True
    traffic = "uncached"

    def post(self, name: str, query: str, traffic: str | None = None, key: str = API_KEY_VARIABLE) -> Sample:
        started = time.time()
        with self.client.post(
            "", json={"query": query}, headers=_key_headers(key), name=name, catch_response=True
        ) as response:
            answer = response.headers or {}
            errors = False
            if response.status_code == 200 and b'"errors"' in (response.content or b""):  # parse only then
                try:
                    errors = bool((response.json() or {}).get("errors"))
                except ValueError:
                    errors = True
                if errors:
                    response.failure("GraphQL errors in a 200 answer")
            if response.status_code == REJECTED and answer.get(HEADERS.retry_after) is None:
                response.failure(f"{REJECTED} without {HEADERS.retry_after}")
            elif response.status_code == REJECTED:
                count_as_intended_refusal(response, name)
            sample = _record(
                started, traffic or self.traffic, name, response.status_code, answer.get, errors, node(self.environment)
            )
        collector.add(sample)
        return sample


class UncachedTraffic(GraphQLUser):
    """Pages of different sizes, each document unique so no cache can answer it, paced so that
    each user offers the plan's resource units per second."""

    weight = 1

    def on_start(self) -> None:
        self.collection = collection_query(self.host or "", node(self.environment))
        self.costs: dict[str, int] = {}
        self.pause = 0.0

    def wait_time(self) -> float:
        return self.pause

    @task
    def page(self) -> None:
        limit = random.choice(LIMITS)
        name = f"{self.collection}(limit: {limit})"
        sample = self.post(name, page(self.collection, limit))
        if sample.charge and not sample.limited:
            self.costs[name] = sample.charge
        elif sample.complexity is not None:
            self.costs.setdefault(name, CHARGE.of(sample.complexity))
        cost = self.costs.get(name, 1)
        self.pause = max(0.0, cost / _plan(self.environment).ru_per_user - (sample.finished - sample.started))


class CachedTraffic(GraphQLUser):
    """The same published request again and again: after the first answer the CDN serves it."""

    traffic = "cached"
    fixed_count = 1

    def on_start(self) -> None:
        collection = collection_query(self.host or "", node(self.environment))
        self.name = f"{collection}(limit: {max(LIMITS)}) cached"
        self.query = page(collection, max(LIMITS), unique=False)
        self.pause = 0.0

    def wait_time(self) -> float:
        return self.pause

    @task
    def repeat(self) -> None:
        """At the plan's rate; a refused request (before the first answer is cached) waits its
        Retry-After, as the docs ask of clients."""
        self.pause = 1.0 / _plan(self.environment).cached_rate
        _, phase = SCENARIO.current(self.environment)
        if phase is not None and phase.cached:
            sample = self.post(self.name, self.query)
            self.pause = max(self.pause, float(_integer(sample.retry_after) or 0) if sample.limited else 0.0)


class Probe(GraphQLUser):
    """One user that works alone in its phases: ``retry`` bursts until refused, waits exactly
    Retry-After and retries; ``capacity`` fills empty windows with dear requests, tops them up
    with the cheapest one until it is refused (the window is then exactly full), tries a second
    API key, and goes on to the next window after waiting Retry-After."""

    traffic = "probe"
    fixed_count = 1

    def on_start(self) -> None:
        self.collection = collection_query(self.host or "", node(self.environment))
        self.probed: set[int] = set()

    def wait_time(self) -> float:
        return IDLE_SECONDS

    @task
    def probe(self) -> None:
        index, phase = SCENARIO.current(self.environment)
        if phase is None or not phase.probe or index in self.probed:
            return
        self.probed.add(index)
        gevent.sleep(WINDOWS[0] + IDLE_SECONDS)  # the previous phase's units leave the shortest window
        if phase.probe == "retry":
            self.burst_and_retry(index)
        else:
            self.fill(index, phase)

    def in_phase(self, index: int) -> bool:
        return SCENARIO.current(self.environment)[0] == index

    def retry_after(self, refused: Sample, limit: int) -> Sample | None:
        """Wait the refused request's Retry-After and send it again (None without a usable one)."""
        wait = _integer(refused.retry_after)
        if wait is None:
            return None
        gevent.sleep(max(0.0, refused.finished + wait - time.time()))
        return self.post(f"{refused.name} retry", page(self.collection, limit), traffic="retry")

    def burst_and_retry(self, index: int) -> None:
        name = f"{self.collection}(limit: {max(LIMITS)}) probe"
        for _ in range(PROBE_ATTEMPTS):
            if not self.in_phase(index):
                return
            sample = self.post(name, page(self.collection, max(LIMITS)))
            if sample.limited:
                self.retry_after(sample, max(LIMITS))
                return

    def fill(self, index: int, phase: Phase) -> None:
        """The largest requests until a window refuses, then each smaller size in turn until
        the smallest is refused too: that window is exactly full. First the shortest window
        (all windows empty); then, waiting out each refusal of the shortest, the longer ones."""
        sizes = sorted(LIMITS, reverse=True)
        step, shortest_full = 0, False
        for _ in range(PROBE_ATTEMPTS):
            if not self.in_phase(index):
                return
            size = sizes[step]
            name = f"{self.collection}(limit: {size}) fill"
            sample = self.post(name, page(self.collection, size), traffic="capacity")
            if not sample.limited:
                continue
            wait = _integer(sample.retry_after)
            if wait is None:
                return
            longer_binds = wait > WINDOWS[0]
            if step < len(sizes) - 1 and (longer_binds or not shortest_full):
                step += 1  # top the binding window up with smaller requests
                continue
            if step == len(sizes) - 1 and longer_binds:  # a longer window is exactly full
                if phase.wait_last:
                    self.retry_after(sample, size)
                return
            if step == len(sizes) - 1 and not shortest_full:  # the shortest window is exactly full
                shortest_full = True
                self.second_key()
                self.retry_after(sample, size)
                if phase.fill == "shortest":
                    return
                step = 0
                continue
            self.retry_after(sample, size)  # the shortest window refused while filling a longer one

    def second_key(self) -> None:
        """With the first key's shortest window full, a request with another key is admitted."""
        if os.environ.get(SCOPE_KEY_VARIABLE):
            name = f"{self.collection}(limit: {min(LIMITS)}) second key"
            self.post(name, page(self.collection, min(LIMITS)), traffic="scope", key=SCOPE_KEY_VARIABLE)


class SteppedLoad(LoadTestShape):
    """Steps the uncached users through the plan's phases. The fixed cached users and the probe
    are dispatched first, so Locust, which stops the newest users first, only ever stops
    uncached ones when a phase lowers the load."""

    def tick(self) -> tuple[int, float] | None:
        environment = shape_environment(self)
        plan = _plan(environment)
        phase: Phase | None = plan.phase_at(run_time(self))
        if phase is None:
            return None
        users = plan.uncached_users(phase, options(environment).per_second_limit)
        users += CachedTraffic.fixed_count + Probe.fixed_count
        return users, users
