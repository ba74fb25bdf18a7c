"""Status codes: unknown environments, and that any answer uses a documented code."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harness.client import JSON
from harness.requests import json_body, type_probe
from harness.targets import Target
from specs import Rule
from specs.model import GetRequest, NotFound, StatusCodes
from suites.http.rule_ids import GET_QUERY, NOT_FOUND, STATUS_CODES, one_of
from suites.oracles import assert_error_body, explain

METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD")
CONTENT_TYPES = (JSON, "application/graphql", "text/plain", None)


def sibling_url(url: str, last_segment: str) -> str:
    """The same base URL with another environment id (its last path segment)."""
    head, _, query = url.partition("?")
    base = head.rstrip("/").rsplit("/", 1)[0]
    return f"{base}/{last_segment}" + (f"?{query}" if query else "")


@pytest.mark.each_rule(*NOT_FOUND)
@given(environment=st.uuids(), method=st.sampled_from(["GET", "POST"]))
def test_unknown_environment(target: Target, rule: Rule, environment: object, method: str) -> None:
    expected = rule.data_as(NotFound)
    url = sibling_url(target.url, str(environment))
    if method == "GET":
        params = {one_of(target.rules, GET_QUERY).data_as(GetRequest).query_param: "{ __typename }"}
        exchange = target.client.send("GET", url=url, params=params, headers={"Accept": JSON})
    else:
        exchange = target.client.send(
            "POST", url=url, headers={"Content-Type": JSON}, body=json_body(type_probe("String", "inline"))
        )
    assert exchange.response.status == expected.status, explain(
        rule, exchange, f"an unknown {expected.what} must get {expected.status}"
    )
    assert_error_body(rule, exchange)


@pytest.mark.each_rule(*STATUS_CODES)
@given(
    method=st.sampled_from(METHODS),
    content_type=st.sampled_from(CONTENT_TYPES),
    body=st.one_of(st.none(), st.binary(max_size=64), st.just(json_body(type_probe("__Type", "variables")))),
    query=st.one_of(st.none(), st.text(max_size=40)),
)
def test_every_status_is_documented(
    target: Target, rule: Rule, method: str, content_type: str | None, body: bytes | None, query: str | None
) -> None:
    table = rule.data_as(StatusCodes)
    params = {one_of(target.rules, GET_QUERY).data_as(GetRequest).query_param: query} if query is not None else None
    headers = {"Accept": JSON, **({"Content-Type": content_type} if content_type else {})}
    exchange = target.client.send(method, params=params, headers=headers, body=body)
    status = exchange.response.status
    assert table.documents(status), explain(rule, exchange, f"status {status} is not in the documented table")
    assert status < 500, explain(rule, exchange, "a client's malformed request must get a 4xx, never a server error")
