"""The Kontent.ai mock's query limits, rate limiter and CDN: exact numbers, hostile documents.

Hostile documents (hundreds of levels, thousands of aliases, huge limits, fragment cycles and
fragment fan-out) must be answered with the documented error, never a crash or a hang.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from graphql import parse

from mock_server.cli import RECURSION_LIMIT
from mock_server.http.executor import Outcome
from mock_server.kontent.access import AccessKeys
from mock_server.kontent.app import build_kontent_app, content_rules
from mock_server.kontent.cdn import CdnCache
from mock_server.kontent.complexity import QueryAnalyzer
from mock_server.kontent.latency import LatencySyntaxError, parse_latency
from mock_server.kontent.ratelimit import RateLimiter, RateLimitSyntaxError, parse_rate_limit
from mock_server.kontent.sample import sample_model
from mock_server.kontent.schema import build
from mock_server.kontent.settings import limit_settings
from mock_server.kontent.store import Environment, ModelStore
from specs import default_rules
from specs.model import (
    CdnCache as CdnRule,
)
from specs.model import (
    Paging,
    QueryComplexity,
    QueryDepth,
    RateWindow,
    RequestCharge,
    RetryAfter,
)
from tests.mock_server.support import MockClient, Request

Mock = Callable[..., MockClient]
RULES = default_rules()
COMPLEXITY = RULES.only("query_complexity").data_as(QueryComplexity)
DEPTH = RULES.only("query_depth").data_as(QueryDepth)
CHARGE = RULES.only("request_charge").data_as(RequestCharge)
CDN = RULES.only("cdn_cache").data_as(CdnRule)
HUGE_LIMITS = "{ article_All(limit: 2147483647) { items { relatedArticles(limit: 2147483647) { totalCount } } } }"
RELATED = "... on Article {{ relatedArticles(limit: {limit}) {{ items {{ {inner} }} }} }}"


def _nested(levels: int, limit: int | None = None) -> str:
    """``article_All`` with ``levels`` linked collections below it (2 levels of depth each)."""
    argument = f"(limit: {limit})" if limit is not None else ""
    inner = "__typename"
    for _ in range(levels):
        inner = f"... on Article {{ relatedArticles{argument} {{ items {{ {inner} }} }} }}"
    return f"{{ article_All{argument} {{ items {{ {inner} }} }} }}"


@pytest.fixture(scope="module")
def analyzer() -> QueryAnalyzer:
    schema = build(sample_model(), content_rules(RULES), preview=False)
    return QueryAnalyzer(schema, RULES.only("paging").data_as(Paging).default_limit)


def _json(payload: Any) -> dict[str, Any]:
    built = Request.post_json(payload)
    return {"headers": built.headers, "body": built.body}


def _codes(reply: Any) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in reply.json().get("errors") or ()]


# ---- analysis -----------------------------------------------------------------------------------


def test_the_docs_complexity_examples(analyzer: QueryAnalyzer) -> None:
    for vector in COMPLEXITY.vectors:
        inner = "__typename"
        for limit in reversed(vector.limits[1:]):
            inner = RELATED.format(limit=limit, inner=inner)
        query = f"{{ article_All(limit: {vector.limits[0]}) {{ items {{ {inner} }} }} }}"
        assert analyzer.measure(parse(query), None, {}).complexity == vector.complexity


def test_the_docs_depth_examples(analyzer: QueryAnalyzer) -> None:
    two_by_two = "{ a: article_All { items { __typename } } b: cafe_All { items { __typename } } }"
    assert analyzer.measure(parse(two_by_two), None, {}).depth == 4
    five = '{ article(codename: "x") { relatedArticles { items { ... on Article { %s } } } } }'
    assert analyzer.measure(parse(five % "relatedArticles { items { __typename } }"), None, {}).depth == 5
    assert [v.total for v in DEPTH.vectors] == [sum(v.depths) for v in DEPTH.vectors]


def test_fragments_aliases_and_variables_count(analyzer: QueryAnalyzer) -> None:
    query = """query($n: Int, $m: Int) {
        a: article_All(limit: $n) { items { ...F } } b: article(codename: "x") { ...F } }
      fragment F on Article { relatedArticles(limit: $m) { items { __typename } } }"""
    measured = analyzer.measure(parse(query), None, {"n": 7, "m": 3})
    assert measured.complexity == 7 + 7 * 3 + 1 + 3
    assert measured.depth == 4 + 3
    defaulted = query.replace("$m: Int", "$m: Int = 5")
    assert analyzer.measure(parse(defaulted), None, {"n": 7}).complexity == 7 + 7 * 5 + 1 + 5


def test_fragment_fan_out_is_measured_in_linear_time(analyzer: QueryAnalyzer) -> None:
    """Each fragment spreads the next one twice: naive expansion is 2^40 fields."""
    levels = 40
    fragments = [
        f"fragment F{n} on Article {{ relatedArticles(limit: 2) {{ items {{ ...F{n + 1} ...F{n + 1} }} }} }}"
        for n in range(levels)
    ]
    fragments.append(f"fragment F{levels} on Article {{ title }}")
    measured = analyzer.measure(parse("{ article_All { items { ...F0 } } } " + " ".join(fragments)), None, {})
    assert measured.complexity > COMPLEXITY.max and measured.depth == 2 + 2 * levels


def test_root_fragment_fan_out_and_cycles_are_measured(analyzer: QueryAnalyzer) -> None:
    """Root-level fragments spreading the next twice (2^60 root fields if expanded), and a cycle."""
    levels = 60
    fragments = [f"fragment R{n} on _RootQuery {{ ...R{n + 1} ...R{n + 1} }}" for n in range(levels)]
    fragments.append(f'fragment R{levels} on _RootQuery {{ article(codename: "x") {{ title }} }}')
    measured = analyzer.measure(parse("{ ...R0 } " + " ".join(fragments)), None, {})
    assert measured.complexity == measured.depth == 2**levels
    cycle = "{ ...A } fragment A on _RootQuery { ...B } fragment B on _RootQuery { ...A __typename }"
    assert analyzer.measure(parse(cycle), None, {}) == analyzer.measure(parse("{ __typename }"), None, {})


def test_ten_thousand_aliases_are_measured(analyzer: QueryAnalyzer) -> None:
    aliases = " ".join(f'a{n}: article(codename: "x") {{ __typename }}' for n in range(10_000))
    measured = analyzer.measure(parse(f"{{ {aliases} }}"), None, {})
    assert measured.complexity == 10_000 and measured.depth == 10_000


# ---- the mock over HTTP -------------------------------------------------------------------------


def test_every_answer_reports_charge_and_complexity(mock: Mock) -> None:
    client = mock("kontent")
    reply = client.send(Request.post_json({"query": "{ article_All(limit: 4) { items { title } } }"}))
    assert reply.headers[COMPLEXITY.header] == "4" and reply.headers[CHARGE.header] == str(CHARGE.of(4))
    assert reply.headers[CDN.header] == CDN.miss
    missing = client.send(Request(method="GET", path="/00000000-0000-0000-0000-000000000000"))
    assert missing.status == 404 and missing.headers[CHARGE.header] == "0"


@pytest.fixture
def deep_recursion() -> Iterator[None]:
    """The recursion limit the CLI runs with (see ``mock_server.cli.RECURSION_LIMIT``)."""
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(max(before, RECURSION_LIMIT))
    yield
    sys.setrecursionlimit(before)


@pytest.mark.usefixtures("deep_recursion")
@pytest.mark.parametrize(
    ("query", "code"),
    [
        (_nested(50), COMPLEXITY.error_code),  # 100 levels deep, default limits: 10^50 items
        (_nested(DEPTH.max // 2 + 1, limit=1), DEPTH.error_code),  # cheap, but deeper than allowed
        (HUGE_LIMITS, COMPLEXITY.error_code),
    ],
    ids=["100-levels", "over-max-depth", "huge-limits"],
)
def test_hostile_documents_get_the_documented_error(mock: Mock, query: str, code: str) -> None:
    reply = mock("kontent").send(Request.post_json({"query": query}))
    assert reply.status == 200 and code in _codes(reply), reply.text[:300]
    assert reply.json()["data"] is None


@pytest.mark.usefixtures("deep_recursion")
def test_documents_nested_beyond_the_parser_get_an_error(mock: Mock) -> None:
    """Deeper than graphql-core's 200 nested selection sets: a syntax error, never a crash."""
    reply = mock("kontent").send(Request.post_json({"query": _nested(120, limit=1)}))
    assert reply.status == 200 and reply.json()["errors"] and reply.json()["data"] is None


def test_fragment_cycles_are_validation_errors(mock: Mock) -> None:
    query = "{ article_All { items { ...A } } } fragment A on Article { ...B } fragment B on Article { ...A }"
    reply = mock("kontent").send(Request.post_json({"query": query}))
    assert reply.status == 200 and reply.json()["errors"] and reply.json()["data"] is None


def test_an_invalid_and_too_complex_document_gets_its_validation_error(mock: Mock) -> None:
    """The mistake is the useful answer: validation comes before the complexity refusal."""
    query = f"{{ article_All(limit: {COMPLEXITY.max + 1}) {{ items {{ titel }} }} }}"
    reply = mock("kontent").send(Request.post_json({"query": query}))
    assert reply.status == 200 and COMPLEXITY.error_code not in _codes(reply)
    assert "titel" in reply.json()["errors"][0]["message"]
    valid = mock("kontent").send(Request.post_json({"query": query.replace("titel", "title")}))
    assert COMPLEXITY.error_code in _codes(valid)


def test_ten_thousand_aliases_exceed_the_body_limit(mock: Mock) -> None:
    aliases = " ".join(f"a{n}: __typename" for n in range(10_000))
    reply = mock("kontent").send(Request.post_json({"query": f"{{ {aliases} }}"}))
    assert reply.status == 413


def test_the_technical_limits_variant(mock: Mock) -> None:
    variant = RULES.as_implemented_by("technical-limits").only("query_complexity").data_as(QueryComplexity)
    assert variant.max < COMPLEXITY.max
    client = mock("kontent", emulate="technical-limits")
    query = f'{{ article_All(limit: {variant.max}) {{ items {{ title }} }} one: article(codename: "x") {{ title }} }}'
    over = client.send(Request.post_json({"query": query}))
    assert COMPLEXITY.error_code in _codes(over) and over.headers[COMPLEXITY.header] == str(variant.max + 1)


def test_cdn_serves_repeats_until_the_model_changes() -> None:
    store = ModelStore(sample_model())
    client = MockClient(build_kontent_app(RULES, [Environment("975bf280-fd91-488c-994c-2f04416e5ee3", store)]))
    try:
        request = Request.post_json({"query": "{ article_All(limit: 2) { totalCount } }"})
        assert client.send(request).headers[CDN.header] == CDN.miss
        hit = client.send(request)
        assert hit.headers[CDN.header] == CDN.hit and hit.headers[CHARGE.header] == "0"
        store.replace(sample_model())
        assert client.send(request).headers[CDN.header] == CDN.miss
        preview = Request(
            path="/preview/975bf280-fd91-488c-994c-2f04416e5ee3",
            headers=(*request.headers, ("Authorization", "Bearer kontent-mock-preview-key")),
            body=request.body,
        )
        assert [client.send(preview).headers[CDN.header] for _ in range(2)] == [CDN.miss, CDN.miss]
    finally:
        client.close()


def test_each_environment_has_its_own_budget() -> None:
    first, second = "975bf280-fd91-488c-994c-2f04416e5ee3", "11111111-2222-3333-4444-555555555555"
    rules = RULES.with_overrides(limit_settings(RULES, "5/s", None))
    environments = [Environment(first, ModelStore(sample_model())), Environment(second, ModelStore(sample_model()))]
    client = MockClient(build_kontent_app(rules, environments))
    try:

        def ask(environment: str, nonce: int) -> int:
            query = f"# {nonce}\n{{ article_All(limit: 5) {{ items {{ title }} }} }}"
            return client.send(Request(path=f"/{environment}", **_json({"query": query}))).status

        assert [ask(first, 1), ask(first, 2), ask(second, 3)] == [200, 429, 200]
    finally:
        client.close()


def test_secure_access_per_environment() -> None:
    first, second = "975bf280-fd91-488c-994c-2f04416e5ee3", "11111111-2222-3333-4444-555555555555"
    keys = AccessKeys.resolve(secure=["s-key"], environ={}, secure_environments=[second])
    environments = [Environment(first, ModelStore(sample_model())), Environment(second, ModelStore(sample_model()))]
    client = MockClient(build_kontent_app(RULES, environments, keys))
    try:
        probe = _json({"query": "{ __typename }"})
        assert client.send(Request(path=f"/{first}", **probe)).status == 200
        assert client.send(Request(path=f"/{second}", **probe)).status == 401
        keyed = {**probe, "headers": (*probe["headers"], ("Authorization", "Bearer s-key"))}
        assert client.send(Request(path=f"/{second}", **keyed)).status == 200
    finally:
        client.close()


# ---- rate limiter and cache with a fake clock ---------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


WINDOWS = (RateWindow(1, 10), RateWindow(60, 25))


def test_the_budget_is_exact_and_retry_after_is_right() -> None:
    clock = Clock()
    limiter = RateLimiter(WINDOWS, RetryAfter("up"), clock)
    assert limiter.admit("k", 6) is None and limiter.admit("k", 4) is None
    clock.now += 0.3
    assert limiter.admit("k", 1) == 1  # the first 6 units leave the second window 0.7 s later
    assert limiter.admit("other", 10) is None  # another bucket, another budget
    clock.now += 0.7
    assert limiter.admit("k", 1) is None
    clock.now += 1
    assert limiter.admit("k", 10) is None
    clock.now += 1
    assert limiter.admit("k", 5) == 57  # the minute window: 21 + 5 > 25 until the first 6 units leave


def test_a_request_dearer_than_a_window_is_served_alone() -> None:
    clock = Clock()
    limiter = RateLimiter(WINDOWS, RetryAfter("up"), clock)
    assert limiter.admit("k", 30) is None
    assert limiter.admit("k", 1) == 60  # both windows hold it; the minute window empties last
    clock.now += 60
    assert limiter.admit("k", 1) is None


def test_rounding_down_is_the_fault() -> None:
    clock = Clock()
    limiter = RateLimiter(WINDOWS, RetryAfter("down"), clock)
    limiter.admit("k", 10)
    clock.now += 0.5
    assert limiter.admit("k", 1) == 0


def test_cache_entries_expire() -> None:
    clock = Clock()
    cache = CdnCache(5, clock)
    cache.put("q", Outcome(200, b"{}"), 3)
    assert cache.get("q") is not None
    clock.now += 5
    assert cache.get("q") is None


@pytest.mark.parametrize(
    ("text", "parsed"),
    [("200/s,4000/min", {1: 200, 60: 4000}), ("4000/min", {60: 4000}), (" 7 / second ", {1: 7})],
)
def test_rate_limit_syntax(text: str, parsed: dict[int, int]) -> None:
    assert parse_rate_limit(text) == parsed


@pytest.mark.parametrize("text", ["", "200", "200/h", "-1/s", "1/s,2/s", "a/s"])
def test_bad_rate_limits(text: str) -> None:
    with pytest.raises(RateLimitSyntaxError):
        parse_rate_limit(text)


def test_latency_syntax() -> None:
    assert parse_latency("80")() == pytest.approx(0.08)
    assert 0.02 <= parse_latency("20-30ms")() <= 0.03
    for bad in ("30-20", "fast", "999999"):
        with pytest.raises(LatencySyntaxError):
            parse_latency(bad)


def test_rate_limit_option_overrides_the_documented_units(mock: Mock) -> None:
    client = mock("kontent", rate_limit="3/s")
    query = "# {}\n{ article_All(limit: 3) { items { title } } }"
    assert client.send(Request.post_json({"query": query.replace("{}", "1")})).status == 200
    refused = client.send(Request.post_json({"query": query.replace("{}", "2")}))
    assert refused.status == 429 and refused.headers["Retry-After"] == "1"
    assert json.loads(refused.body)["errors"][0]["message"]
