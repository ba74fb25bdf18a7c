"""One deliberate fault per active rule, for the meta-tests that measure the suites' power.

A fault is a function from rules to rules: it overrides the data of the rule it breaks
with a value computed from that data (``max + 1``, another status, a flipped switch...).
The mock obeys whatever rules it is given, so no handler knows about faults. Every fault
changes what a black-box HTTP test of its rule observes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from types import MappingProxyType
from typing import Any

from mock_server.content_faults import CONTENT_BREAKERS
from mock_server.filter_faults import FILTER_BREAKERS
from mock_server.limit_faults import LIMIT_BREAKERS
from mock_server.page_faults import PAGE_BREAKERS
from mock_server.wikijs_faults import WIKIJS_BREAKERS
from specs import Rule, RuleSet, default_rules
from specs.model import (
    AccessDenial,
    BadRequest,
    Cors,
    ErrorCode,
    GetMutation,
    GetRequest,
    HttpMethods,
    IdePage,
    NotFound,
    PostBody,
    QueryErrors,
    RequestLimit,
    ResponseStatus,
    StatusCodes,
    TokenRejection,
    thaw,
)

Overrides = Mapping[str, Mapping[str, Any]]
"""Rule id -> data keys to replace."""

Breaker = Callable[[Rule, RuleSet], tuple[str, Overrides]]
"""Given the rule and all rules: a description and the overrides that break it."""


class UnknownFaultError(ValueError):
    """A fault id that names no active rule."""


@dataclass(frozen=True)
class Fault:
    rule_id: str
    api: str
    description: str
    breaker: Breaker

    def apply(self, rules: RuleSet) -> RuleSet:
        """``rules`` with this fault's rule broken (computed from the rule as given)."""
        _, overrides = self.breaker(rules[self.rule_id], rules)
        return rules.with_overrides(overrides)


def _wrong(status: int) -> int:
    """A neighbouring status: same class, different code."""
    return status + 1


def _other_class(status: int) -> int:
    """Success becomes a client error and any error becomes success."""
    return HTTPStatus.BAD_REQUEST if status < HTTPStatus.BAD_REQUEST else HTTPStatus.OK


def _unsupported(content_type: str) -> str:
    kind, _, subtype = content_type.partition("/")
    return f"{kind}/x-{subtype}"


def _request_limit(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(RequestLimit)
    return f"off by one: accepts a {d.target} of {d.max + 1} {d.unit}", {rule.id: {"max": d.max + 1}}


def _http_methods(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(HttpMethods)
    return f"other methods get {_wrong(d.other_status)}", {rule.id: {"other_status": _wrong(d.other_status)}}


def _get_request(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(GetRequest)
    renamed = d.query_param + "_"
    return f"GET reads the document from `{renamed}`", {rule.id: {"query_param": renamed}}


def _post_body(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(PostBody)
    other = _unsupported(d.content_type)
    return f"POST accepts {other} instead of {d.content_type}", {rule.id: {"content_type": other}}


def _query_errors(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(QueryErrors)
    overrides = {
        "syntax_status": _other_class(d.syntax_status),
        "validation_status": _other_class(d.validation_status),
        "data_key": "absent" if d.data_key == "null" else "null",
        "extension_codes": {stage: code + "_" for stage, code in d.extension_codes.items()},
    }
    return "syntax/validation errors get the other status class, data key and codes", {rule.id: overrides}


def _bad_request(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(BadRequest)
    return f"{d.case} is answered {_wrong(d.status)}", {rule.id: {"status": _wrong(d.status)}}


def _not_found(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(NotFound)
    return f"an unknown {d.what} is answered {_wrong(d.status)}", {rule.id: {"status": _wrong(d.status)}}


def _status_codes(rule: Rule, rules: RuleSet) -> tuple[str, Overrides]:
    table = rule.data_as(StatusCodes)
    client_errors = [s for s in HTTPStatus if HTTPStatus.BAD_REQUEST <= s < HTTPStatus.INTERNAL_SERVER_ERROR]
    preferred = [HTTPStatus.UNPROCESSABLE_ENTITY, *client_errors]
    undocumented = next(s for s in preferred if not table.documents(s))
    cases = [r.id for r in rules.for_api(rule.api).of_kind("bad_request")]
    return (
        f"bad requests are answered {int(undocumented)}, a status the table does not list",
        {rule_id: {"status": int(undocumented)} for rule_id in cases},
    )


def _cors(rule: Rule, rules: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(Cors)
    if d.enabled:
        return "CORS is switched off", {rule.id: {"enabled": False}}
    methods = rules.for_api(rule.api).only("http_methods").data_as(HttpMethods)
    return "CORS is switched on for any origin", {
        rule.id: {"enabled": True, "allow_origin": "*", "allow_methods": list(methods.allowed)}
    }


def _ide_page(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(IdePage)
    return f"the IDE is served only for Accept {d.accept}+ide", {rule.id: {"accept": d.accept + "+ide"}}


def _get_mutation(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(GetMutation)
    return f"a GET mutation gets {_wrong(d.status)} without Allow", {
        rule.id: {"status": _wrong(d.status), "allow_header": None}
    }


def _response_status(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(ResponseStatus)
    wrong = d.success.slug.upper()
    return f"success reads slug {wrong!r}", {rule.id: {"success": {**thaw(d.success), "slug": wrong}}}


def _token_rejection(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(TokenRejection)
    return f"a {d.case.replace('_', ' ')} is answered {_wrong(d.status)}", {rule.id: {"status": _wrong(d.status)}}


def _access_denial(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(AccessDenial)
    other = "graphql_error" if d.mutation_failures == "response_status" else "response_status"
    return f"refusals read {d.forbidden.upper()!r} and mutations answer as {other}", {
        rule.id: {"forbidden": d.forbidden.upper(), "mutation_failures": other}
    }


def _error_code(rule: Rule, rules: RuleSet) -> tuple[str, Overrides]:
    """The slug and message of the next documented code: a mixed-up error table."""
    d = rule.data_as(ErrorCode)
    entries = [r.data for r in rules.for_api(rule.api).of_kind("error_code") if isinstance(r.data, ErrorCode)]
    codes = sorted(entries, key=lambda entry: entry.code)
    other = codes[(codes.index(d) + 1) % len(codes)]
    return f"reports slug {other.slug!r} and that code's message", {
        rule.id: {"slug": other.slug, "message": other.message}
    }


BREAKERS: Mapping[str, Breaker] = MappingProxyType(
    {
        "request_limit": _request_limit,
        "http_methods": _http_methods,
        "get_request": _get_request,
        "post_body": _post_body,
        "query_errors": _query_errors,
        "bad_request": _bad_request,
        "not_found": _not_found,
        "status_codes": _status_codes,
        "cors": _cors,
        "ide_page": _ide_page,
        "get_mutation": _get_mutation,
        "response_status": _response_status,
        "error_code": _error_code,
        "token_rejection": _token_rejection,
        "access_denial": _access_denial,
        **CONTENT_BREAKERS,
        **LIMIT_BREAKERS,
        **FILTER_BREAKERS,
        **WIKIJS_BREAKERS,
        **PAGE_BREAKERS,
    }
)
"""How a rule of each kind is broken."""


def untriggerable(rule: Rule) -> bool:
    """An error code no request can provoke: a fault of it could never be observed."""
    return isinstance(rule.data, ErrorCode) and rule.data.untriggerable is not None


def build_faults(rules: RuleSet) -> dict[str, Fault]:
    """A fault for every rule without ``pending`` whose kind has a breaker."""
    faults = {}
    for rule in rules:
        breaker = BREAKERS.get(rule.kind)
        if rule.pending is None and breaker is not None and not untriggerable(rule):
            description, _ = breaker(rule, rules)
            faults[rule.id] = Fault(rule.id, rule.api, description, breaker)
    return faults


FAULTS: Mapping[str, Fault] = MappingProxyType(build_faults(default_rules()))


def apply_faults(rules: RuleSet, fault_ids: Iterable[str]) -> RuleSet:
    for fault_id in fault_ids:
        fault = FAULTS.get(fault_id)
        if fault is None:
            raise UnknownFaultError(f"unknown fault {fault_id!r}; known faults: {', '.join(sorted(FAULTS))}")
        rules = fault.apply(rules)
    return rules
