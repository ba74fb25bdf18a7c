"""Faults of the Wiki.js error rules: the ResponseStatus envelope, the error table, tokens,
access denials, permissions and missing ids.
"""

from __future__ import annotations

from mock_server.faults.base import Overrides, breaks, breaks_trigger, wrong_status
from specs import Rule, RuleSet
from specs.model import (
    AccessDenial,
    ErrorCode,
    MissingTarget,
    PermissionModel,
    ResponseStatus,
    TokenRejection,
    thaw,
)


@breaks("response_status", "wikijs.response_status.shape")
def _response_status(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(ResponseStatus)
    wrong = d.success.slug.upper()
    return f"success reads slug {wrong!r}", {rule.id: {"success": {**thaw(d.success), "slug": wrong}}}


@breaks("error_code")
def _error_code(rule: Rule, rules: RuleSet) -> tuple[str, Overrides]:
    """The slug and message of the next documented code: a mixed-up error table."""
    d = rule.data_as(ErrorCode)
    entries = [r.data for r in rules.for_api(rule.api).of_kind("error_code") if isinstance(r.data, ErrorCode)]
    codes = sorted(entries, key=lambda entry: entry.code)
    other = codes[(codes.index(d) + 1) % len(codes)]
    return f"reports slug {other.slug!r} and that code's message", {
        rule.id: {"slug": other.slug, "message": other.message}
    }


@breaks_trigger("wikijs.errors.1012", "wikijs.errors.3004", "wikijs.errors.6005", "wikijs.errors.8003")
def _error_trigger(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    """The condition the mock refuses moves: every limit shifts up by one; a trigger without limits
    loses the first value of each input set instead (an illegal path fragment becomes legal)."""
    trigger = rule.data_as(ErrorCode).trigger
    if trigger is None:
        raise TypeError(f"rule {rule.id} has no trigger to break")
    if trigger.limits:
        limits = {name: limit + 1 for name, limit in trigger.limits.items()}
        moved = ", ".join(f"{name} {limit}" for name, limit in limits.items())
        return f"trigger limits shifted by one ({moved})", {rule.id: {"trigger": {**thaw(trigger), "limits": limits}}}
    values = {name: list(given[1:]) for name, given in trigger.values.items()}
    dropped = ", ".join(f"{given[0]!r} from {name}" for name, given in trigger.values.items())
    return f"trigger values dropped ({dropped})", {rule.id: {"trigger": {**thaw(trigger), "values": values}}}


@breaks("token_rejection", "wikijs.auth.revoked_key", "wikijs.auth.api_disabled")
def _token_rejection(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(TokenRejection)
    return f"a {d.case.replace('_', ' ')} is answered {wrong_status(d.status)}", {
        rule.id: {"status": wrong_status(d.status)}
    }


@breaks("access_denial", "wikijs.auth.denied")
def _access_denial(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(AccessDenial)
    other = "graphql_error" if d.mutation_failures == "response_status" else "response_status"
    return f"refusals read {d.forbidden.upper()!r} and mutations answer as {other}", {
        rule.id: {"forbidden": d.forbidden.upper(), "mutation_failures": other}
    }


@breaks("permission_model", "wikijs.permissions.model")
def _permission_model(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    """Wrong page-rule precedence: at equal path length the weakest match type wins."""
    d = rule.data_as(PermissionModel)
    reversed_priority = list(reversed(d.match_priority))
    return f"page-rule precedence reversed ({' > '.join(reversed_priority)})", {
        rule.id: {"match_priority": reversed_priority}
    }


@breaks(
    "missing_target",
    "wikijs.pages.update_missing_page",
    "wikijs.pages.history_missing_page",
    "wikijs.users.single_missing_user",
)
def _missing_target(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(MissingTarget)
    other = "plain_error" if d.answer == "error_code" else "error_code"
    return f"{', '.join(d.operations)} of a missing id answer as {other}", {rule.id: {"answer": other}}
