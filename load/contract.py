"""The rules a Kontent.ai load run is judged by, read from the rule files: the limits in force
(documented, a named variant, or a run's ``--rate-limit``), the header names, the cost model."""

from __future__ import annotations

from dataclasses import dataclass

from load.verdict import Contract, Window
from mock_server.kontent.settings import limit_settings
from specs import RuleSet, default_rules
from specs.model import CdnCache, QueryComplexity, RateRejection, RateWindow, RequestCharge

API_KEY_VARIABLE = "KONTENT_API_KEY"
"""The Delivery API key a live run sends (secure access or preview); never printed."""
SCOPE_KEY_VARIABLE = "KONTENT_SECOND_API_KEY"
"""A second key: the probe checks that it has a budget of its own."""
WINDOW_RULES = ("kontent.rate.per_second", "kontent.rate.per_minute")
REJECTION_RULE, RETRY_RULE, CACHE_RULE = "kontent.rate.rejection", "kontent.rate.retry_after", "kontent.rate.cdn_cache"
CHARGE_RULE, SCOPE_RULE, COMPLEXITY_RULE = "kontent.rate.charge", "kontent.rate.scope", "kontent.query.complexity"
"""The rules a load run is judged by, named so that ``grep <rule id>`` finds the verdict's reader."""


@dataclass(frozen=True)
class Headers:
    """Where each answer states what the verdict needs."""

    charge: str
    complexity: str
    retry_after: str
    cache: str
    hit: str


def kontent_rules(rate_limit: str | None, cache_ttl: int | None, implementation: str | None) -> RuleSet:
    """The Kontent.ai rules as a run expects them, with the run's limit overrides applied the
    same way the mock applies its options."""
    rules = default_rules().for_api("kontent")
    if implementation:
        rules = rules.as_implemented_by(implementation)
    return rules.with_overrides(limit_settings(rules, rate_limit, cache_ttl))


def headers(rules: RuleSet) -> Headers:
    rejection = rules[REJECTION_RULE].data_as(RateRejection)
    cache = rules[CACHE_RULE].data_as(CdnCache)
    return Headers(
        charge=rules[CHARGE_RULE].data_as(RequestCharge).header,
        complexity=rules[COMPLEXITY_RULE].data_as(QueryComplexity).header,
        retry_after=_required(rejection.retry_after_header, "the rate_rejection rule names no Retry-After header"),
        cache=cache.header,
        hit=cache.hit,
    )


def _required(value: str | None, problem: str) -> str:
    if not value:
        raise ValueError(problem)
    return value


def contract(rules: RuleSet, tolerance: float, checks: frozenset[str]) -> Contract:
    limits = {rule_id: rules[rule_id].data_as(RateWindow) for rule_id in WINDOW_RULES}
    windows = tuple(
        sorted(
            (Window(rule_id, float(w.seconds), float(w.units)) for rule_id, w in limits.items()),
            key=lambda w: w.seconds,
        )
    )
    model = rules[CHARGE_RULE].data_as(RequestCharge)
    return Contract(
        windows=windows,
        rejection_rule=REJECTION_RULE,
        retry_rule=RETRY_RULE,
        cache_rule=CACHE_RULE,
        charge_rule=CHARGE_RULE,
        scope_rule=SCOPE_RULE,
        cache_ttl=float(rules[CACHE_RULE].data_as(CdnCache).ttl_seconds),
        tolerance=tolerance,
        expected_charge=model.of,
        checks=checks,
        levels={rule.id: rule.level for rule in rules},
    )
