"""Faults of the Kontent.ai query limits and rate limits (complexity, depth, windows, Retry-After,
charge, scope, CDN).

Kept apart from :mod:`mock_server.faults`, which merges them into its table. Each changes what
a suite observes over HTTP: an off-by-one limit, a missing or short Retry-After, a wrong
charge, one budget for every key, CDN hits that are charged and limited.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from specs import Rule, RuleSet
from specs.model import CdnCache, QueryComplexity, QueryDepth, RateRejection, RateScope, RateWindow, RequestCharge

Overrides = Mapping[str, Mapping[str, Any]]


def _query_complexity(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(QueryComplexity)
    return f"off by one: accepts complexity {d.max + 1}", {rule.id: {"max": d.max + 1}}


def _query_depth(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(QueryDepth)
    return f"off by one: accepts total depth {d.max + 1}", {rule.id: {"max": d.max + 1}}


def _rate_window(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(RateWindow)
    return f"off by one: admits {d.units + 1} units per {d.seconds} s", {rule.id: {"units": d.units + 1}}


def _rate_rejection(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(RateRejection)
    return f"{d.status} answers lack the {d.retry_after_header} header", {rule.id: {"retry_after_header": None}}


def _retry_after(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    return "Retry-After is rounded down: a retry after that many seconds is refused again", {
        rule.id: {"rounding": "down"}
    }


def _request_charge(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(RequestCharge)
    wrong = d.per_complexity + 1
    return f"charges {wrong} units per unit of complexity", {rule.id: {"per_complexity": wrong}}


def _rate_scope(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(RateScope)
    if "api_key" in d.per:
        return "one budget for every API key of an environment", {rule.id: {"per": ["environment"]}}
    return "a separate budget per API key", {rule.id: {"per": [*d.per, "api_key"]}}


def _cdn_cache(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(CdnCache)
    return "CDN hits are charged and rate limited", {rule.id: {"charge_hits": not d.charge_hits}}


LIMIT_BREAKERS: Mapping[str, Callable[[Rule, RuleSet], tuple[str, Overrides]]] = MappingProxyType(
    {
        "query_complexity": _query_complexity,
        "query_depth": _query_depth,
        "rate_window": _rate_window,
        "rate_rejection": _rate_rejection,
        "retry_after": _retry_after,
        "request_charge": _request_charge,
        "rate_scope": _rate_scope,
        "cdn_cache": _cdn_cache,
    }
)
