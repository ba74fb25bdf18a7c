"""Request size limits: exactly at the limit is served, one over and far over are refused."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harness.client import JSON, Exchange
from harness.requests import PADDING, STYLES, Style, body_of_size, json_body, type_probe, url_of_length
from harness.targets import Target
from specs import Rule
from specs.model import GetRequest, RequestLimit
from suites.http.rule_ids import GET_QUERY, LIMITS, one_of
from suites.oracles import assert_error_body, assert_executed, explain

FAR_OVER_CAP = 2**20  # how far past a limit "far over" reaches; keeps examples at a few MB at most


def offsets(limit: int) -> st.SearchStrategy[int]:
    """Sizes relative to the limit: at, one over, under, and far over."""
    return st.one_of(
        st.just(0),
        st.just(1),
        st.integers(min_value=-(limit // 4), max_value=-1),
        st.integers(min_value=2, max_value=min(limit * 64, FAR_OVER_CAP)),
    )


def _send_sized(target: Target, limit: RequestLimit, method: str, style: Style, size: int) -> Exchange:
    client = target.client
    if limit.target == "body":
        return client.send("POST", headers={"Content-Type": JSON, "Accept": JSON}, body=body_of_size(style, size))
    if method == "GET":
        names = one_of(target.rules, GET_QUERY).data_as(GetRequest)
        return client.send("GET", url=url_of_length(target.url, names, style, size), headers={"Accept": JSON})
    # A POST's URL counts too: pad it with a parameter servers ignore, the body holds the query.
    base = f"{target.url}{'&' if '?' in target.url else '?'}{urlencode({'pad': ''})}"
    url = base + PADDING * (size - len(base))
    return client.send(
        "POST", url=url, headers={"Content-Type": JSON, "Accept": JSON}, body=json_body(type_probe("String", style))
    )


def _check(rule: Rule, limit: RequestLimit, exchange: Exchange, offset: int) -> None:
    what = f"{limit.max + offset} {limit.unit} (limit {limit.max})"
    if offset <= 0:
        assert exchange.response.status != limit.status, explain(
            rule, exchange, f"{what} is within the limit and must be served"
        )
        assert_executed(rule, exchange, type_probe("String", "inline"))
    else:
        assert exchange.response.status == limit.status, explain(
            rule, exchange, f"{what} is over the limit: expected {limit.status}"
        )
        assert_error_body(rule, exchange)


def _methods(limit: RequestLimit) -> list[str]:
    return ["POST"] if limit.target == "body" else ["GET", "POST"]


@pytest.mark.each_rule(*LIMITS)
@pytest.mark.parametrize("offset", [0, 1], ids=["at-limit", "one-over"])
@pytest.mark.parametrize("style", STYLES)
def test_limit_boundary(target: Target, rule: Rule, style: Style, offset: int) -> None:
    limit = rule.data_as(RequestLimit)
    for method in _methods(limit):
        _check(rule, limit, _send_sized(target, limit, method, style, limit.max + offset), offset)


@pytest.mark.each_rule(*LIMITS)
@given(data=st.data(), style=st.sampled_from(STYLES))
def test_limit_around(target: Target, rule: Rule, data: st.DataObject, style: Style) -> None:
    limit = rule.data_as(RequestLimit)
    method = data.draw(st.sampled_from(_methods(limit)), label="method")
    offset = data.draw(offsets(limit.max), label="offset")
    _check(rule, limit, _send_sized(target, limit, method, style, limit.max + offset), offset)
