"""Which HTTP methods a GraphQL endpoint answers, and how browsers' preflights are treated."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harness.client import JSON, Exchange
from harness.requests import json_body, type_probe
from harness.targets import Target
from specs import Rule
from specs.model import Cors, GetMutation, GetRequest, HttpMethods
from suites.http.rule_ids import CORS, GET_MUTATION, GET_QUERY, METHODS, one_of
from suites.oracles import allowed_methods, assert_probe_answered, explain

CANDIDATE_METHODS = ("PUT", "DELETE", "PATCH", "OPTIONS")
origins = st.from_regex(r"https?://[a-z]{1,12}\.(example|test|localhost)(:[1-9][0-9]{1,4})?", fullmatch=True)


def _cors(target: Target) -> Cors:
    return one_of(target.rules, CORS).data_as(Cors)


@pytest.mark.each_rule(*METHODS)
@given(data=st.data())
def test_other_methods_are_refused(target: Target, rule: Rule, data: st.DataObject) -> None:
    methods = rule.data_as(HttpMethods)
    refused = [
        m for m in CANDIDATE_METHODS if m not in methods.allowed and not (m == "OPTIONS" and _cors(target).enabled)
    ]
    method = data.draw(st.sampled_from(refused), label="method")
    body = json_body(type_probe("String", "inline")) if method != "OPTIONS" else None
    exchange = target.client.send(method, headers={"Content-Type": JSON}, body=body)
    assert exchange.response.status == methods.other_status, explain(
        rule, exchange, f"{method} must get {methods.other_status}"
    )
    if methods.allow_header is not None:
        assert allowed_methods(exchange.response.header("Allow")) == allowed_methods(methods.allow_header), explain(
            rule, exchange, f"expected `Allow: {methods.allow_header}`"
        )


@pytest.mark.each_rule(*METHODS)
def test_allowed_methods_are_served(target: Target, rule: Rule) -> None:
    methods = rule.data_as(HttpMethods)
    probe = type_probe("Boolean", "variables")
    for method in methods.allowed:
        if method == "GET":
            names = one_of(target.rules, GET_QUERY).data_as(GetRequest)
            exchange = target.client.send("GET", params=probe.params(names), headers={"Accept": JSON})
        else:
            exchange = target.client.send(method, headers={"Content-Type": JSON, "Accept": JSON}, body=json_body(probe))
        assert_probe_answered(rule, exchange, "Boolean")


@pytest.mark.each_rule(*GET_MUTATION)
def test_get_refuses_mutations(target: Target, rule: Rule) -> None:
    query_param = one_of(target.rules, GET_QUERY).data_as(GetRequest).query_param
    exchange = target.client.send("GET", params={query_param: "mutation { __typename }"}, headers={"Accept": JSON})
    expected = rule.data_as(GetMutation)
    assert exchange.response.status == expected.status, explain(rule, exchange, f"expected {expected.status}")
    if expected.allow_header is not None:
        assert allowed_methods(exchange.response.header("Allow")) == allowed_methods(expected.allow_header), explain(
            rule, exchange, f"expected `Allow: {expected.allow_header}`"
        )


def _preflight(target: Target, origin: str, headers: list[str]) -> Exchange:
    return target.client.send(
        "OPTIONS",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": ", ".join(headers),
        },
    )


@pytest.mark.each_rule(*CORS, where=lambda rule: rule.data.enabled)
@given(origin=origins, data=st.data())
def test_cors_preflight_and_response_headers(target: Target, rule: Rule, origin: str, data: st.DataObject) -> None:
    cors = rule.data_as(Cors)
    requested = data.draw(st.lists(st.sampled_from(cors.allow_headers), min_size=1, unique=True), label="headers")
    preflight = _preflight(target, origin, requested)
    assert 200 <= preflight.response.status < 300, explain(rule, preflight, "a preflight must succeed")
    allow_origin = preflight.response.header("Access-Control-Allow-Origin")
    assert allow_origin in {cors.allow_origin, origin}, explain(
        rule, preflight, "Access-Control-Allow-Origin must admit the origin"
    )
    assert set(cors.allow_methods) - {"OPTIONS"} <= allowed_methods(
        preflight.response.header("Access-Control-Allow-Methods")
    ), explain(rule, preflight, f"Access-Control-Allow-Methods must include {cors.allow_methods}")
    granted = {h.strip().lower() for h in (preflight.response.header("Access-Control-Allow-Headers") or "").split(",")}
    assert "*" in granted or {h.lower() for h in requested} <= granted, explain(
        rule, preflight, f"headers {requested} must be allowed"
    )
    actual = target.client.send(
        "POST", headers={"Origin": origin, "Content-Type": JSON}, body=json_body(type_probe("__Field", "inline"))
    )
    assert actual.response.header("Access-Control-Allow-Origin") in {cors.allow_origin, origin}, explain(
        rule, actual, "the response itself must carry Access-Control-Allow-Origin"
    )
    exposed = {h.strip().lower() for h in (actual.response.header("Access-Control-Expose-Headers") or "").split(",")}
    hidden = [h for h in cors.expose_headers if h.lower() not in exposed and "*" not in exposed]
    assert not hidden, explain(rule, actual, f"Access-Control-Expose-Headers must name {hidden}")


@pytest.mark.each_rule(*CORS, where=lambda rule: not rule.data.enabled)
@given(origin=origins)
def test_no_cors_headers(target: Target, rule: Rule, origin: str) -> None:
    cors = rule.data_as(Cors)
    preflight = _preflight(target, origin, ["content-type"])
    assert preflight.response.status == cors.disabled_preflight_status, explain(
        rule, preflight, f"a preflight must get {cors.disabled_preflight_status}"
    )
    actual = target.client.send(
        "POST", headers={"Origin": origin, "Content-Type": JSON}, body=json_body(type_probe("__Field", "inline"))
    )
    for exchange in (preflight, actual):
        leaked = exchange.response.has_header_prefix("Access-Control-")
        assert not leaked, explain(rule, exchange, f"no CORS headers expected, got {leaked}")
