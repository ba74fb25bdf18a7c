"""Faults of the Kontent.ai query limits and rate limits: an off-by-one limit, a missing or short
Retry-After, a wrong charge, one budget for every key, CDN hits that are charged and limited.
"""

from __future__ import annotations

from mock_server.faults.base import Overrides, breaks
from specs import Rule, RuleSet
from specs.model import CdnCache, QueryComplexity, QueryDepth, RateRejection, RateScope, RateWindow, RequestCharge


@breaks("query_complexity", "kontent.query.complexity")
def _query_complexity(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(QueryComplexity)
    return f"off by one: accepts complexity {d.max + 1}", {rule.id: {"max": d.max + 1}}


@breaks("query_depth", "kontent.query.depth")
def _query_depth(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(QueryDepth)
    return f"off by one: accepts total depth {d.max + 1}", {rule.id: {"max": d.max + 1}}


@breaks("rate_window", "kontent.rate.per_second", "kontent.rate.per_minute")
def _rate_window(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(RateWindow)
    return f"off by one: admits {d.units + 1} units per {d.seconds} s", {rule.id: {"units": d.units + 1}}


@breaks("rate_rejection", "kontent.rate.rejection")
def _rate_rejection(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(RateRejection)
    return f"{d.status} answers lack the {d.retry_after_header} header", {rule.id: {"retry_after_header": None}}


@breaks("retry_after", "kontent.rate.retry_after")
def _retry_after(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    return "Retry-After is rounded down: a retry after that many seconds is refused again", {
        rule.id: {"rounding": "down"}
    }


@breaks("request_charge", "kontent.rate.charge")
def _request_charge(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(RequestCharge)
    wrong = d.per_complexity + 1
    return f"charges {wrong} units per unit of complexity", {rule.id: {"per_complexity": wrong}}


@breaks("rate_scope", "kontent.rate.scope")
def _rate_scope(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(RateScope)
    if "api_key" in d.per:
        return "one budget for every API key of an environment", {rule.id: {"per": ["environment"]}}
    return "a separate budget per API key", {rule.id: {"per": [*d.per, "api_key"]}}


@breaks("cdn_cache", "kontent.rate.cdn_cache")
def _cdn_cache(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(CdnCache)
    return "CDN hits are charged and rate limited", {rule.id: {"charge_hits": not d.charge_hits}}
