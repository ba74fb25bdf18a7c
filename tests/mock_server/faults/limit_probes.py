"""Probes of the Kontent.ai limit, rate-limit and plan faults (see ``test_faults``).

A rate-limit fault shows only after the window is full: those probes first spend the budget
of a mock started with a small ``--rate-limit``, then return the request whose answer differs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mock_server.kontent import DEFAULT_ENVIRONMENT_ID
from mock_server.kontent.access import AccessKeys
from specs import default_rules
from specs.model import CdnCache, QueryComplexity, QueryDepth, RateRejection, RequestCharge
from tests.mock_server.support import MockClient, Request

Probe = Callable[[MockClient], Request]
BUDGET = 10
SMALL_WINDOWS = {"rate_limit": f"{BUDGET}/s,{BUDGET * 100}/min"}
SMALL_MINUTE = {"rate_limit": f"{BUDGET * 100}/s,{BUDGET}/min"}
ONE_UNIT = '{ article(codename: "nothing") { title } }'


def _spend(query: str = f"{{ article_All(limit: {BUDGET}) {{ items {{ title }} }} }}") -> Probe:
    """Spend the whole budget with one request, then ask for one more unit."""

    def probe(client: MockClient) -> Request:
        client.send(Request.post_json({"query": query}))
        return Request.post_json({"query": ONE_UNIT})

    return probe


def _other_key(client: MockClient) -> Request:
    _spend()(client)
    return Request.post_json({"query": ONE_UNIT}, ("Authorization", "Bearer another-key"))


def _repeated(client: MockClient) -> Request:
    request = Request.post_json({"query": "{ article_All(limit: 3) { items { title } } }"})
    client.send(request)
    return request


def _too_complex() -> Request:
    most = default_rules().only("query_complexity").data_as(QueryComplexity).max
    half = most // 2  # `half` articles, each with one related article: `most` items, plus one single item
    query = f"{{ article_All(limit: {half}) {{ items {{ relatedArticles(limit: 1) {{ items {{ __typename }} }} }} }} "
    return Request.post_json({"query": query + ONE_UNIT[1:]})


def _too_deep() -> Request:
    deepest = default_rules().only("query_depth").data_as(QueryDepth).max
    aliases = " ".join(f'a{n}: article(codename: "x") {{ __typename }}' for n in range(deepest + 1))
    return Request.post_json({"query": f"{{ {aliases} }}"})


LIMIT_PROBES: dict[str, Probe] = {
    "kontent.query.complexity": lambda _: _too_complex(),
    "kontent.query.depth": lambda _: _too_deep(),
    "kontent.rate.per_second": _spend(),
    "kontent.rate.per_minute": _spend(),
    "kontent.rate.rejection": _spend(),
    "kontent.rate.retry_after": _spend(),
    "kontent.rate.charge": lambda _: Request.post_json({"query": "{ article_All(limit: 2) { items { title } } }"}),
    "kontent.rate.scope": _other_key,
    "kontent.rate.cdn_cache": _repeated,
    "kontent.http.graphql_disabled": lambda _: Request.post_json({"query": ONE_UNIT}),
}
OTHER_ENVIRONMENT_ID = "11111111-2222-3333-4444-555555555555"

LIMIT_OPTIONS: dict[str, dict[str, Any]] = {
    "kontent.rate.per_second": SMALL_WINDOWS,
    "kontent.rate.per_minute": SMALL_MINUTE,
    "kontent.rate.rejection": SMALL_WINDOWS,
    "kontent.rate.retry_after": SMALL_WINDOWS,
    "kontent.rate.scope": SMALL_WINDOWS,
    "kontent.rate.cdn_cache": SMALL_WINDOWS,
    "kontent.http.graphql_disabled": {"graphql_disabled": [DEFAULT_ENVIRONMENT_ID]},
    "kontent.access.environment_scope": {
        "environment_id": [DEFAULT_ENVIRONMENT_ID, OTHER_ENVIRONMENT_ID],
        "keys": AccessKeys.resolve(
            secure=[f"{DEFAULT_ENVIRONMENT_ID}=a-key", f"{OTHER_ENVIRONMENT_ID}=b-key"], environ={}
        ),
    },
}
"""``create_app`` options of the mocks a probe needs (both the healthy and the broken one)."""

_rules = default_rules()
LIMIT_HEADERS = tuple(
    name.lower()
    for name in (
        _rules.only("query_complexity").data_as(QueryComplexity).header,
        _rules.only("request_charge").data_as(RequestCharge).header,
        _rules.only("rate_rejection").data_as(RateRejection).retry_after_header or "",
        _rules.only("cdn_cache").data_as(CdnCache).header,
    )
)
"""Headers a limit fault may change, compared besides the status and the body."""
