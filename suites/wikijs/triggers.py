"""What the error-code scenario modules share: which rules a module acts out, and the check of the
answer (a mutation's ResponseStatus, or a query's thrown error) against the error table."""

from __future__ import annotations

from collections.abc import Callable, Collection

from harness.client import Exchange
from harness.targets import Target
from specs import Rule
from specs.model import ErrorCode, Trigger
from suites.wikijs.status import check_query_error, check_status, is_mutation


def trigger_of(rule: Rule) -> Trigger:
    trigger = rule.data_as(ErrorCode).trigger
    assert trigger is not None, f"{rule.id} has no trigger"
    return trigger


def acted_out_by(scenarios: Collection[str]) -> Callable[[Rule], bool]:
    """The ``rule_kind`` filter of a module: error codes whose trigger names one of its scenarios."""

    def handled(rule: Rule) -> bool:
        trigger = rule.data_as(ErrorCode).trigger
        return trigger is not None and trigger.scenario in scenarios

    return handled


def check_code(target: Target, rule: Rule, exchange: Exchange) -> None:
    """The rule's code, slug and message, in a ResponseStatus (mutations) or a thrown error (queries)."""
    code = rule.data_as(ErrorCode).code
    if is_mutation(exchange):
        check_status(target, exchange, trigger_of(rule).operation, code)
    else:
        check_query_error(target, exchange, code)
