"""Locust scenario: the per-address ``@rateLimit`` of Wiki.js fields (login; comment creation
when writes are allowed). A probe calls each field sequentially from a fresh window — the exact
limit, the refusal's shape, a call after the announced wait — then callers offer calls far above
the limit for several windows. Run through ``python -m load wikijs``.
"""

from __future__ import annotations

import itertools
import os
import time
import uuid
from typing import Any

import gevent
import gevent.lock
from locust import FastHttpUser, LoadTestShape, events, task
from locust.env import Environment

from harness.wikijs_rate_limits import RULE, Limit, refusal, sdl_limits
from load.calls import COMMENT, LOGIN, WRITING, Call, LimitedField
from load.scenario import Scenario, count_as_intended_refusal, listen, node, options, run_time, shape_environment
from load.wikijs_plan import WikiPlan, wiki_plans
from specs import RuleSet, default_rules
from specs.model import FieldRateLimit

API_KEY_VARIABLE = "WIKIJS_API_KEY"
IDLE_SECONDS = 0.2
RUN_PAGE = (
    'mutation($path: String!) { pages { create(content: "The load check comments here.", description: "",'
    ' editor: "markdown", isPublished: true, isPrivate: false, locale: "en", path: $path, tags: [],'
    ' title: "load check") { responseResult { succeeded message } page { id } } } }'
)
DELETE_PAGE = "mutation($id: Int!) { pages { delete(id: $id) { responseResult { succeeded } } } }"
DELETE_COMMENT = "mutation($id: Int!) { comments { delete(id: $id) { responseResult { succeeded } } } }"
RUN_PREFIX = "load-check"
"""Pages of a load run live under ``load-check/<run>``: the run comments only on a page it made."""

_callers = itertools.count()
"""Callers of this process take the limited fields in turn."""
_created: list[int] = []
"""Comment ids this process created: deleted when the test stops."""
_run_page: list[int] = []
"""The page this process made to comment on: deleted when the test stops."""
_page_lock = gevent.lock.Semaphore()


def _options(parser: Any) -> None:
    parser.add_argument("--wiki-plan", choices=sorted(wiki_plans()), default="full", help="load/wikijs_plans.yaml")
    parser.add_argument("--implementation", default="", help="judge refusals by this documented variant")
    parser.add_argument("--allow-writes", action="store_true", help="also call fields that store (comments)")


listen(events.init_command_line_parser, _options)


def _plan(environment: Environment) -> WikiPlan:
    return wiki_plans()[options(environment).wiki_plan]


SCENARIO = Scenario(Call, _plan)
collector = SCENARIO.collector


def rules(environment: Environment) -> RuleSet:
    found = default_rules().for_api("wikijs")
    implementation = options(environment).implementation
    return found.as_implemented_by(implementation) if implementation else found


def fields(environment: Environment) -> list[tuple[LimitedField, Limit]]:
    """The limited fields this run calls, with their SDL limits."""
    directive = rules(environment)[RULE].data_as(FieldRateLimit).directive
    limits = sdl_limits(directive)
    allowed = options(environment).allow_writes
    chosen = [f for f in (LOGIN, COMMENT) if allowed or f.name not in WRITING]
    return [(f, limits[(f.type_name, f.field_name)]) for f in chosen]


class WikiUser(FastHttpUser):
    abstract = True

    def on_start(self) -> None:
        self.rules = rules(self.environment)
        self.fields = fields(self.environment)
        self.page_id = self.run_page() if any(f is COMMENT for f, _ in self.fields) else 0

    def headers(self, needs_key: bool) -> dict[str, str]:
        key = os.environ.get(API_KEY_VARIABLE, "").strip()
        return {"Authorization": f"Bearer {key}"} if needs_key and key else {}

    def run_page(self) -> int:
        """The page this process comments on, made by the run under its own prefix (never a page
        of the wiki's own: a live wiki's pages stay untouched)."""
        with _page_lock:
            if not _run_page:
                path = f"{RUN_PREFIX}/{uuid.uuid4().hex[:12]}"
                with self.client.post(
                    "", json={"query": RUN_PAGE, "variables": {"path": path}}, headers=self.headers(True),
                    name="pages.create (the run's page)",
                ) as answer:  # fmt: skip
                    created = ((answer.json() or {}).get("data") or {}).get("pages", {}).get("create") or {}
                if not (created.get("page") or {}).get("id"):
                    raise RuntimeError(
                        f"the run could not make its page to comment on: {created.get('responseResult')}"
                    )
                _run_page.append(int(created["page"]["id"]))
            return _run_page[0]

    def call(self, field: LimitedField, limit: Limit, traffic: str) -> Call:
        variables = {"page": self.page_id} if field is COMMENT else {}
        started = time.time()
        with self.client.post(
            "", json={"query": field.document, "variables": variables}, headers=self.headers(field.needs_key),
            name=field.name, catch_response=True,
        ) as answer:  # fmt: skip
            try:
                document = answer.json() or {}
            except ValueError:
                document = {}
            payload: Any = document.get("data") or {}
            for step in field.path:
                payload = (payload or {}).get(step) if isinstance(payload, dict) else None
            found = refusal(self.rules, document, payload, limit)
            if found is not None and found.problems:
                answer.failure("a refusal that departs from the rule: " + "; ".join(found.problems))
            elif found is not None:
                count_as_intended_refusal(answer, field.name)
            elif isinstance(payload, dict) and isinstance(payload.get("id"), int) and field is COMMENT:
                _created.append(payload["id"])
            record = Call(
                started=started,
                finished=time.time(),
                field=field.name,
                traffic=traffic,
                status=answer.status_code,
                refused=found is not None,
                wait=found.seconds if found else None,
                problems=list(found.problems) if found else [],
                node=node(self.environment),
            )
        collector.add(record)
        return record


class Caller(WikiUser):
    """Calls one limited field at the plan's rate, far above its limit."""

    def on_start(self) -> None:
        super().on_start()
        self.pause = IDLE_SECONDS
        self.field, self.limit = self.fields[next(_callers) % len(self.fields)]

    def wait_time(self) -> float:
        return self.pause

    @task
    def call_field(self) -> None:
        _, phase = SCENARIO.current(self.environment)
        if phase is None or not phase.callers:
            self.pause = IDLE_SECONDS
            return
        self.call(self.field, self.limit, "caller")
        self.pause = 1.0 / phase.rate


class FieldProbe(WikiUser):
    """Alone in its phase, calls each field one call at a time from a fresh window."""

    fixed_count = 1

    def on_start(self) -> None:
        super().on_start()
        self.probed: set[int] = set()

    def wait_time(self) -> float:
        return IDLE_SECONDS

    @task
    def probe(self) -> None:
        index, phase = SCENARIO.current(self.environment)
        if phase is None or not phase.probe or index in self.probed:
            return
        self.probed.add(index)
        gevent.joinall([gevent.spawn(self.probe_field, field, limit, phase.retry) for field, limit in self.fields])

    def probe_field(self, field: LimitedField, limit: Limit, retry: bool) -> None:
        """Calls until refused; then, if asked, one call after the announced wait or, when the
        refusal announces none, after the window that the first call opened has closed."""
        calls = []
        for _ in range(limit.calls + 1):
            calls.append(self.call(field, limit, "probe"))
            if calls[-1].refused:
                break
        else:
            return
        refused = calls[-1]
        if retry:
            opened = calls[0].finished  # the server opened the window before this answer came
            wait = refused.finished + refused.wait if refused.wait is not None else opened + limit.seconds
            gevent.sleep(max(0.0, wait - time.time()))
            self.call(field, limit, "retry")


def _delete_created(environment: Environment, **_: Any) -> None:
    """What the run wrote is deleted when it stops: its comments, then its page."""
    if not (_created or _run_page):
        return
    from harness.client import HttpClient  # the user's pool is gone at test stop

    key = os.environ.get(API_KEY_VARIABLE, "").strip()
    client = HttpClient(environment.host or "", {"Authorization": f"Bearer {key}"} if key else {})
    for comment in _created:
        client.graphql(DELETE_COMMENT, {"id": comment})
    for page in _run_page:
        client.graphql(DELETE_PAGE, {"id": page})
    _created.clear()
    _run_page.clear()


listen(events.test_stop, _delete_created)


class SteppedCalls(LoadTestShape):
    def tick(self) -> tuple[int, float] | None:
        environment = shape_environment(self)
        phase = _plan(environment).phase_at(run_time(self))
        if phase is None:
            return None
        users = FieldProbe.fixed_count + phase.callers * len(fields(environment))
        return users, users
