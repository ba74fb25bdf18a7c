"""Query complexity and total depth: computed before execution, reported, and limited exactly.

The expected numbers come from the shape of the query the test builds (see
:mod:`suites.kontent.shapes`), never from the server: acceptance exactly at the maximum,
rejection with the documented error one over, and ``X-Complexity`` equal to the rule's count.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harness.client import Exchange
from harness.targets import Target
from specs import Rule
from specs.model import Paging, QueryComplexity, QueryDepth
from suites.kontent.rule_ids import PAGING
from suites.kontent.shapes import (
    Nest,
    chain_complexity,
    collection_chain,
    depth_complexity,
    document,
    exact_complexity,
    of_depth,
    single,
)
from suites.oracles import explain, json_document

COMPLEXITY = "kontent.query.complexity"
DEPTH = "kontent.query.depth"
MAX_DRAWN_DEPTH = 40
"""Deepest root field hypothesis draws: a few of them cross the maximum total depth."""


def _complexity_rule(target: Target) -> tuple[Rule, QueryComplexity]:
    rule = target.rules[COMPLEXITY]
    return rule, rule.data_as(QueryComplexity)


def _max_limit(target: Target) -> int:
    return target.rules[PAGING].data_as(Paging).max_limit


def _error_codes(document: Any) -> list[Any]:
    return [(e.get("extensions") or {}).get("code") for e in document.get("errors") or () if isinstance(e, dict)]


def check_accepted(rule: Rule, exchange: Exchange, code: str, what: str) -> None:
    assert exchange.response.status == 200, explain(rule, exchange, f"{what} is within the limit: expected 200")
    answer = json_document(rule, exchange)
    assert code not in _error_codes(answer) and isinstance(answer.get("data"), dict), explain(
        rule, exchange, f"{what} is within the limit and must be executed, not rejected with {code}"
    )


def check_rejected(rule: Rule, exchange: Exchange, status: int, code: str, what: str) -> None:
    assert exchange.response.status == status, explain(rule, exchange, f"{what} is over the limit: expected {status}")
    answer = json_document(rule, exchange)
    assert code in _error_codes(answer), explain(rule, exchange, f"{what} must be rejected with the code {code}")
    assert answer.get("data") is None, explain(rule, exchange, "a rejected query is not executed: `data` is null")


def check_complexity(target: Target, exchange: Exchange, expected: int) -> None:
    rule, limits = _complexity_rule(target)
    reported = exchange.response.header(limits.header)
    assert reported == str(expected), explain(
        rule, exchange, f"{limits.header} must be the query's complexity {expected}, got {reported!r}"
    )
    what = f"complexity {expected} (maximum {limits.max})"
    if expected <= limits.max:
        check_accepted(rule, exchange, limits.error_code, what)
    else:
        check_rejected(rule, exchange, limits.status, limits.error_code, what)


def _send_chain(target: Target, nest: Nest, chain: list[int], singles: int) -> Exchange:
    fields = [collection_chain(nest, chain, "chain"), *(single(nest, f"one{n}") for n in range(singles))]
    return target.client.graphql(document(*fields))


@pytest.mark.rule(COMPLEXITY)
@pytest.mark.parametrize("offset", [0, 1], ids=["at-max", "one-over"])
def test_complexity_boundary(kontent: Target, nest: Nest, offset: int) -> None:
    _, limits = _complexity_rule(kontent)
    chain, singles = exact_complexity(limits.max + offset, _max_limit(kontent))
    check_complexity(kontent, _send_chain(kontent, nest, chain, singles), limits.max + offset)


@pytest.mark.rule(COMPLEXITY)
def test_complexity_docs_examples(kontent: Target, nest: Nest) -> None:
    rule, limits = _complexity_rule(kontent)
    for vector in limits.vectors:
        assert chain_complexity(vector.limits) == vector.complexity, f"{rule.id}: vector {vector} contradicts the rule"
        check_complexity(kontent, _send_chain(kontent, nest, list(vector.limits), 0), vector.complexity)


@pytest.mark.rule(COMPLEXITY)
@given(data=st.data())
def test_complexity_of_nested_queries(kontent: Target, nest: Nest, data: st.DataObject) -> None:
    """Random chains of collections with random limits, beside single items, inline or as variables."""
    max_limit = _max_limit(kontent)
    chain = data.draw(st.lists(st.integers(1, max_limit), min_size=1, max_size=4), label="limits")
    singles = data.draw(st.integers(0, 3), label="single items")
    as_variable = data.draw(st.booleans(), label="root limit as a variable")
    expected = chain_complexity(chain) + singles
    fields = [collection_chain(nest, chain, "chain"), *(single(nest, f"one{n}") for n in range(singles))]
    query = document(*fields)
    if as_variable:
        query = query.replace(f"(limit: {chain[0]})", "(limit: $root)", 1).replace("{", "query($root: Int) {", 1)
        exchange = kontent.client.graphql(query, {"root": chain[0]})
    else:
        exchange = kontent.client.graphql(query)
    check_complexity(kontent, exchange, expected)


def _check_depth(target: Target, depths: list[int], nest: Nest) -> None:
    rule = target.rules[DEPTH]
    limits = rule.data_as(QueryDepth)
    total = sum(depths)
    exchange = target.client.graphql(document(*(of_depth(nest, d, f"r{n}") for n, d in enumerate(depths))))
    what = f"total depth {total} (maximum {limits.max})"
    if total <= limits.max:
        check_accepted(rule, exchange, limits.error_code, what)
    else:
        check_rejected(rule, exchange, limits.status, limits.error_code, what)
    if total <= limits.max:
        check_complexity(target, exchange, sum(depth_complexity(d) for d in depths))


def _split(total: int, part: int) -> list[int]:
    """``total`` as root fields of depth ``part`` and one remainder."""
    return [part] * (total // part) + ([total % part] if total % part else [])


@pytest.mark.rule(DEPTH)
@pytest.mark.parametrize("offset", [0, 1], ids=["at-max", "one-over"])
@pytest.mark.parametrize("part", [1, 31], ids=["shallow-roots", "deep-roots"])
def test_depth_boundary(kontent: Target, nest: Nest, offset: int, part: int) -> None:
    limits = kontent.rules[DEPTH].data_as(QueryDepth)
    _check_depth(kontent, _split(limits.max + offset, part), nest)


@pytest.mark.rule(DEPTH)
def test_depth_docs_examples(kontent: Target, nest: Nest) -> None:
    rule = kontent.rules[DEPTH]
    for vector in rule.data_as(QueryDepth).vectors:
        assert sum(vector.depths) == vector.total, f"{rule.id}: vector {vector} contradicts the rule"
        _check_depth(kontent, list(vector.depths), nest)


@pytest.mark.rule(DEPTH)
@given(depths=st.lists(st.integers(1, MAX_DRAWN_DEPTH), min_size=1, max_size=6))
def test_depth_of_random_root_fields(kontent: Target, nest: Nest, depths: list[int]) -> None:
    _check_depth(kontent, depths, nest)
