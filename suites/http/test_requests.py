"""GET and POST carry GraphQL operations as the transport rules say (both APIs)."""

from __future__ import annotations

import json

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from harness.client import JSON
from harness.requests import ALWAYS_PRESENT_TYPES, STYLES, Style, json_body, two_operations, type_probe
from harness.targets import Target
from specs import Rule
from specs.model import GetRequest, PostBody
from suites.http.rule_ids import GET_QUERY, POST_BODIES
from suites.oracles import assert_error_body, assert_probe_answered, explain, json_document

scalars = st.sampled_from(ALWAYS_PRESENT_TYPES)
styles = st.sampled_from(STYLES)


@pytest.mark.each_rule(*GET_QUERY)
@given(type_name=scalars, style=styles)
def test_get_executes_a_query(target: Target, rule: Rule, type_name: str, style: Style) -> None:
    operation = type_probe(type_name, style)
    exchange = target.client.send("GET", params=operation.params(rule.data_as(GetRequest)), headers={"Accept": JSON})
    assert_probe_answered(rule, exchange, type_name)


@pytest.mark.each_rule(*GET_QUERY)
@given(names=st.lists(scalars, min_size=2, max_size=2, unique=True), pick_second=st.booleans())
def test_get_operation_name_selects_the_operation(
    target: Target, rule: Rule, names: list[str], pick_second: bool
) -> None:
    data = rule.data_as(GetRequest)
    params = {data.query_param: two_operations(*names), data.operation_name_param: "Second" if pick_second else "First"}
    exchange = target.client.send("GET", params=params, headers={"Accept": JSON})
    document = json_document(rule, exchange)
    expected, other = ("second", "first") if pick_second else ("first", "second")
    answered = document.get("data") or {}
    assert exchange.response.status == 200 and other not in answered, explain(
        rule, exchange, f"only `{expected}` must run"
    )
    assert (answered.get(expected) or {}).get("name") == names[pick_second], explain(
        rule, exchange, "wrong operation ran"
    )


@pytest.mark.each_rule(*POST_BODIES)
@given(type_name=scalars, style=styles)
def test_post_executes_a_query(target: Target, rule: Rule, type_name: str, style: Style) -> None:
    content_type = rule.data_as(PostBody).content_type
    operation = type_probe(type_name, style)
    if content_type == JSON:
        body = json_body(operation)
    else:  # a raw GraphQL document has no room for variables
        assume(style == "inline")
        body = operation.query.encode("utf-8")
    exchange = target.client.send("POST", headers={"Content-Type": content_type, "Accept": JSON}, body=body)
    assert_probe_answered(rule, exchange, type_name)


@pytest.mark.each_rule(*POST_BODIES, where=lambda rule: rule.data.batching)
@given(type_name=scalars, broken_first=st.booleans())
def test_batch_answers_each_operation_independently(
    target: Target, rule: Rule, type_name: str, broken_first: bool
) -> None:
    good = type_probe(type_name, "variables").payload()
    broken = {"query": "{ __type(name: "}
    batch = [broken, good] if broken_first else [good, broken]
    exchange = target.client.post_json(batch)
    results = json_document(rule, exchange)
    assert exchange.response.status == 200 and isinstance(results, list) and len(results) == 2, explain(
        rule, exchange, "a batch of two operations is answered with a list of two results"
    )
    good_result, broken_result = (results[1], results[0]) if broken_first else results
    assert (good_result.get("data") or {}).get("__type", {}).get("name") == type_name, explain(
        rule, exchange, "the valid operation must run"
    )
    assert broken_result.get("errors"), explain(rule, exchange, "the broken operation must report its own error")


@pytest.mark.each_rule(*POST_BODIES, where=lambda rule: rule.data.variables_as_string)
@given(type_name=scalars)
def test_variables_may_be_a_json_string(target: Target, rule: Rule, type_name: str) -> None:
    payload = type_probe(type_name, "variables").payload()
    payload["variables"] = json.dumps(payload["variables"])
    exchange = target.client.post_json(payload)
    assert_probe_answered(rule, exchange, type_name)


@pytest.mark.each_rule(*POST_BODIES, where=lambda rule: rule.data.content_type == JSON and not rule.data.batching)
def test_batch_is_refused_when_not_supported(target: Target, rule: Rule) -> None:
    exchange = target.client.post_json([type_probe("String", "inline").payload()] * 2)
    assert 400 <= exchange.response.status < 500, explain(rule, exchange, "batching is not supported: expected a 4xx")
    assert_error_body(rule, exchange)
