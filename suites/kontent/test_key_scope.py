"""Delivery API keys are scoped to environments: a key of one environment opens only that one.

The check needs two environments with keys of their own, which a run cannot make on a live
project, so it starts a mock of its own serving two environments (the run's faults included)
and is skipped against a live target. Published content (secure access) and preview alike.
"""

from __future__ import annotations

import itertools
import secrets
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest

from harness.client import HttpClient
from harness.targets import Target
from specs.model import ApiKey
from suites.kontent.preview import preview_url
from suites.kontent.rule_ids import API_KEY
from suites.oracles import assert_error_body, explain
from suites.pool import TargetPool

RULE = "kontent.access.environment_scope"
PROBE = "{ __typename }"
ENVIRONMENTS = 2


def _scoped_mock(request: pytest.FixtureRequest) -> tuple[Target, dict[str, dict[str, str]]]:
    """A mock of two environments, each with its own secure and preview key: (target, kind -> env -> key)."""
    pool: TargetPool = request.getfixturevalue("target_pool")
    if pool.options.live:
        pytest.skip("key scopes need two environments with keys of their own: checked on the suite's own mock")
    environments = [str(uuid.uuid4()) for _ in range(ENVIRONMENTS)]
    keys = {kind: {e: secrets.token_urlsafe(12) for e in environments} for kind in ("secure", "preview")}
    options = [option for e in environments for option in ("--environment-id", e)]
    for kind, by_environment in keys.items():
        options += [o for e, key in by_environment.items() for o in (f"--{kind}-api-key", f"{e}={key}")]
    return pool.dedicated("kontent", tuple(options)), keys


def _url(target: Target, environment: str, kind: str) -> str:
    parts = urlsplit(target.url)
    published = urlunsplit(parts._replace(path=f"/{environment}"))
    return preview_url(published) if kind == "preview" else published


@pytest.mark.rule(RULE)
def test_a_key_opens_only_its_own_environment(request: pytest.FixtureRequest) -> None:
    target, keys = _scoped_mock(request)
    rule = target.rules[RULE]
    refusal = target.rules[API_KEY].data_as(ApiKey)
    for kind, by_environment in keys.items():
        for (served, _), (owner, key) in itertools.product(by_environment.items(), repeat=2):
            client = HttpClient(_url(target, served, kind), {"Authorization": f"Bearer {key}"})
            client.journal = target.client.journal
            exchange = client.graphql(PROBE)
            if served == owner:
                assert exchange.response.status == 200, explain(rule, exchange, f"the {kind} key of the environment")
                continue
            assert exchange.response.status == refusal.status, explain(
                rule, exchange, f"a {kind} key of another environment must be refused with {refusal.status}"
            )
            assert_error_body(rule, exchange, refusal.message)
