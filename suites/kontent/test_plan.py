"""403 Forbidden when the environment's subscription plan does not include GraphQL.

A live environment's plan cannot be switched by a test, so this runs on a mock of the suite's
own, started with ``--disable-graphql`` for the environment of the run's URL.
"""

from __future__ import annotations

import pytest

from harness.client import JSON
from harness.requests import json_body, type_probe
from specs.model import GetRequest, PlanForbidden
from suites.http.rule_ids import GET_QUERY, one_of
from suites.oracles import assert_error_body, explain
from suites.pool import TargetPool

RULE = "kontent.http.graphql_disabled"


@pytest.mark.rule(RULE)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_plan_without_graphql_is_forbidden(request: pytest.FixtureRequest, method: str) -> None:
    pool: TargetPool = request.getfixturevalue("target_pool")
    if pool.options.live:
        pytest.skip("the plan of a live environment cannot be switched by a test")
    environment = pool.get("kontent").url.rstrip("/").rsplit("/", 1)[-1]
    target = pool.dedicated("kontent", ("--disable-graphql", environment))
    rule = target.rules[RULE]
    expected = rule.data_as(PlanForbidden)
    if method == "GET":
        params = {one_of(target.rules, GET_QUERY).data_as(GetRequest).query_param: "{ __typename }"}
        exchange = target.client.send("GET", params=params, headers={"Accept": JSON})
    else:
        exchange = target.client.send(
            "POST", headers={"Content-Type": JSON}, body=json_body(type_probe("String", "inline"))
        )
    assert exchange.response.status == expected.status, explain(
        rule, exchange, f"GraphQL is not in the plan: expected {expected.status}"
    )
    assert_error_body(rule, exchange, expected.message)
