"""Rate limitation: charges, both windows, 429 + Retry-After, budgets per key, the CDN in front.

Functional and small: an embedded run starts mocks of its own with low limits (a burst of a
few requests fills a window; waiting Retry-After takes a second), so the shared mock and the
other suites never meet a 429. Against a live target the bursts run only with
``--allow-rate-limit-burst``, at the limits the rules document (the real service may block
the client's IP afterwards). The documented limits at full scale are the load test's job.

A burst is conclusive only if it fits in one window; one that took longer (a stalled machine)
is repeated with a fresh budget rather than judged.
"""

from __future__ import annotations

import dataclasses
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harness.client import JSON, Exchange, HttpClient
from harness.targets import Target
from specs import Rule
from specs.model import CdnCache, Paging, RateRejection, RateWindow, RequestCharge
from suites.kontent.preview import preview_client
from suites.kontent.shapes import Nest, chain_complexity, collection_chain, document, single
from suites.oracles import assert_error_body, explain
from suites.pool import TargetPool

PER_SECOND = "kontent.rate.per_second"
PER_MINUTE = "kontent.rate.per_minute"
REJECTION = "kontent.rate.rejection"
RETRY_AFTER = "kontent.rate.retry_after"
CHARGE = "kontent.rate.charge"
SCOPE = "kontent.rate.scope"
CDN = "kontent.rate.cdn_cache"
SMALL_BUDGET = 20
"""Units of the window under test on the suite's own mocks: a burst of two requests fills it."""
ROOMY = SMALL_BUDGET * 1000
"""The other window's units there: never the one that refuses."""
ATTEMPTS = 3


@dataclass(frozen=True)
class Limited:
    """A target and the window it enforces that a test fills."""

    target: Target
    window: RateWindow

    def client(self) -> HttpClient:
        """A client with a budget of its own: a fresh API key on our mocks (budgets are per key);
        the run's credentials on a live target."""
        if not self.target.embedded:
            return dataclasses.replace(self.target.client, waits_out_refusals=False)
        key = {"Authorization": f"Bearer conformance-{secrets.token_hex(8)}"}
        client = HttpClient(self.target.url, key, waits_out_refusals=False)
        client.journal = self.target.client.journal
        return client


def _limited(request: pytest.FixtureRequest, rule_id: str, option: Callable[[int], str]) -> Limited:
    pool: TargetPool = request.getfixturevalue("target_pool")
    if pool.options.live:
        if not pool.options.allow_rate_limit_burst:
            pytest.skip("rate-limit bursts against a live target need --allow-rate-limit-burst (IP block risk)")
        target = pool.get("kontent")
        return Limited(target, target.rules[rule_id].data_as(RateWindow))
    target = pool.dedicated("kontent", ("--rate-limit", option(SMALL_BUDGET)))
    return Limited(target, RateWindow(target.rules[rule_id].data_as(RateWindow).seconds, SMALL_BUDGET))


@pytest.fixture
def per_second(request: pytest.FixtureRequest) -> Limited:
    return _limited(request, PER_SECOND, lambda units: f"{units}/s,{ROOMY}/min")


@pytest.fixture
def per_minute(request: pytest.FixtureRequest) -> Limited:
    return _limited(request, PER_MINUTE, lambda units: f"{ROOMY}/s,{units}/min")


def _charge(target: Target) -> RequestCharge:
    return target.rules[CHARGE].data_as(RequestCharge)


def _costing(target: Target, nest: Nest, units: int) -> str:
    """A fresh (uncached) query the charge rule prices at ``units``, or the cheapest over it."""
    charge = _charge(target)
    max_limit = target.rules["kontent.content.paging"].data_as(Paging).max_limit
    complexity = min(max_limit, max(1, units // charge.per_complexity if charge.per_complexity else 1))
    return document(collection_chain(nest, [complexity], "spend"))


def _spend(client: HttpClient, limited: Limited, nest: Nest, rule: Rule, spent: int) -> None:
    """Consume the rest of the window's budget; every request of it must be admitted."""
    charge = _charge(limited.target)
    while spent < limited.window.units:
        query = _costing(limited.target, nest, limited.window.units - spent)
        exchange = client.graphql(query)
        assert exchange.response.status == 200, explain(
            rule, exchange, f"{spent} of {limited.window.units} units spent: this request is within the budget"
        )
        spent += int(exchange.response.header(charge.header) or charge.minimum)


def _one_more(client: HttpClient, nest: Nest) -> tuple[str, Exchange]:
    query = document(single(nest, "one"))
    return query, client.graphql(query)


Warm = Callable[[HttpClient], int]
"""Requests a test sends first with the burst's client; returns the units they cost."""


def _over_budget(
    limited: Limited, nest: Nest, rule: Rule, warm: Warm = lambda _: 0
) -> tuple[HttpClient, str, Exchange]:
    """Fill the window, then ask for one more unit: the exchange that must be refused."""
    for _ in range(ATTEMPTS):
        client = limited.client()
        started = time.monotonic()
        _spend(client, limited, nest, rule, warm(client))
        query, exchange = _one_more(client, nest)
        if time.monotonic() - started < limited.window.seconds:
            return client, query, exchange
    pytest.skip(f"no burst fitted in a {limited.window.seconds} s window in {ATTEMPTS} attempts: target too slow")


def _refused(rule: Rule, limited: Limited, exchange: Exchange) -> None:
    status = limited.target.rules[REJECTION].data_as(RateRejection).status
    assert exchange.response.status == status, explain(
        rule, exchange, f"the window's {limited.window.units} units are spent: one more unit must get {status}"
    )


def _retry_after(limited: Limited, exchange: Exchange) -> int:
    rule = limited.target.rules[REJECTION]
    header = rule.data_as(RateRejection).retry_after_header or "Retry-After"
    value = exchange.response.header(header)
    assert value is not None and value.isdigit(), explain(
        rule, exchange, f"a refusal must carry {header}: a whole number of seconds, got {value!r}"
    )
    return int(value)


@pytest.mark.rule(PER_SECOND)
def test_per_second_budget_is_exact(per_second: Limited, nest: Nest) -> None:
    rule = per_second.target.rules[PER_SECOND]
    _, _, exchange = _over_budget(per_second, nest, rule)
    _refused(rule, per_second, exchange)


@pytest.mark.rule(PER_MINUTE)
def test_per_minute_budget_is_exact(per_minute: Limited, nest: Nest) -> None:
    rule = per_minute.target.rules[PER_MINUTE]
    _, _, exchange = _over_budget(per_minute, nest, rule)
    _refused(rule, per_minute, exchange)
    waited = _retry_after(per_minute, exchange)
    assert 1 <= waited <= per_minute.window.seconds, explain(
        rule, exchange, f"the minute window refused: Retry-After must be within its {per_minute.window.seconds} s"
    )


@pytest.mark.rule(REJECTION)
def test_refusal_has_retry_after_and_an_error_body(per_second: Limited, nest: Nest) -> None:
    rule = per_second.target.rules[REJECTION]
    _, _, exchange = _over_budget(per_second, nest, rule)
    _refused(rule, per_second, exchange)
    _retry_after(per_second, exchange)
    assert_error_body(rule, exchange)


@pytest.mark.rule(RETRY_AFTER)
def test_a_retry_after_retry_after_succeeds(per_second: Limited, nest: Nest) -> None:
    rule = per_second.target.rules[RETRY_AFTER]
    client, query, exchange = _over_budget(per_second, nest, rule)
    _refused(rule, per_second, exchange)
    time.sleep(_retry_after(per_second, exchange))
    retried = client.graphql(query)
    assert retried.response.status == 200, explain(
        rule, retried, "the same request, sent after waiting Retry-After seconds, must be admitted"
    )


@pytest.mark.rule(SCOPE)
def test_each_api_key_has_its_own_budget(per_second: Limited, nest: Nest) -> None:
    rule = per_second.target.rules[SCOPE]
    if not per_second.target.embedded:
        pytest.skip("budgets per key need two API keys of the live environment")
    _, query, exchange = _over_budget(per_second, nest, rule)
    _refused(rule, per_second, exchange)
    other = per_second.client().graphql(query)
    assert other.response.status == 200, explain(
        rule, other, "another API key's budget is untouched: its request must be admitted"
    )


@pytest.mark.rule(CDN)
def test_cdn_hits_are_free_and_never_limited(per_second: Limited, nest: Nest) -> None:
    target = per_second.target
    rule = target.rules[CDN]
    cdn = rule.data_as(CdnCache)
    charge = _charge(target)
    query = document(collection_chain(nest, [3], "cached"))

    def warm(client: HttpClient) -> int:
        first, second = client.graphql(query), client.graphql(query)
        assert first.response.header(cdn.header) == cdn.miss, explain(rule, first, f"a first request is a {cdn.miss}")
        assert second.response.header(cdn.header) == cdn.hit, explain(rule, second, f"a repeat is a {cdn.hit}")
        assert second.response.header(charge.header) == "0", explain(rule, second, "a CDN hit costs 0 units")
        return charge.of(chain_complexity([3]))

    client, _, exchange = _over_budget(per_second, nest, rule, warm)
    _refused(rule, per_second, exchange)
    hit = client.graphql(query)
    assert hit.response.status == 200 and hit.response.header(cdn.header) == cdn.hit, explain(
        rule, hit, "the budget is spent, yet a cached request is served: the CDN is never rate limited"
    )


@pytest.mark.rule(CDN)
def test_preview_is_never_cached(per_second: Limited, nest: Nest) -> None:
    target = per_second.target
    rule = target.rules[CDN]
    cdn = rule.data_as(CdnCache)
    if target.preview_key is None:
        pytest.skip("set KONTENT_PREVIEW_API_KEY to check preview against a live target")
    client = preview_client(target, target.preview_key)
    query = document(collection_chain(nest, [2], "preview"))
    for exchange in (client.graphql(query), client.graphql(query)):
        assert exchange.response.status == 200 and exchange.response.header(cdn.header) != cdn.hit, explain(
            rule, exchange, "preview answers are never served from the CDN"
        )


@pytest.mark.rule(CHARGE)
@given(data=st.data())
def test_charge_follows_the_cost_model(kontent: Target, nest: Nest, data: st.DataObject) -> None:
    rule = kontent.rules[CHARGE]
    charge = rule.data_as(RequestCharge)
    chain = data.draw(st.lists(st.integers(1, 12), min_size=1, max_size=3), label="limits")
    singles = data.draw(st.integers(0, 3), label="single items")
    fields = [collection_chain(nest, chain, "chain"), *(single(nest, f"one{n}") for n in range(singles))]
    exchange = kontent.client.graphql(document(*fields))
    expected = charge.of(chain_complexity(chain) + singles)
    assert exchange.response.header(charge.header) == str(expected), explain(
        rule, exchange, f"{charge.header} must be {expected} units (the rule's cost model)"
    )


@pytest.mark.rule(CHARGE)
def test_unexecuted_requests_are_free(kontent: Target) -> None:
    rule = kontent.rules[CHARGE]
    charge = rule.data_as(RequestCharge)
    for method, body in (("PUT", None), ("POST", b"{not json")):
        exchange = kontent.client.send(method, headers={"Content-Type": JSON}, body=body)
        assert exchange.response.status >= 400, explain(rule, exchange, "this request must be refused")
        assert exchange.response.header(charge.header) == "0", explain(
            rule, exchange, f"a refused request consumes nothing: {charge.header}: 0"
        )
