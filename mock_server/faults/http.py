"""Faults of the GraphQL-over-HTTP rules both APIs share: limits, methods, GET and POST shapes,
request errors, status codes, CORS and the IDE page.
"""

from __future__ import annotations

from http import HTTPStatus

from mock_server.faults.base import Overrides, breaks, other_class, wrong_status
from specs import Rule, RuleSet
from specs.model import (
    BadRequest,
    Cors,
    GetMutation,
    GetRequest,
    HttpMethods,
    IdePage,
    NotFound,
    PostBody,
    QueryErrors,
    RequestLimit,
    StatusCodes,
)


def _unsupported(content_type: str) -> str:
    kind, _, subtype = content_type.partition("/")
    return f"{kind}/x-{subtype}"


@breaks("request_limit", "kontent.http.max_body", "kontent.http.max_url", "wikijs.http.max_body")
def _request_limit(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(RequestLimit)
    return f"off by one: accepts a {d.target} of {d.max + 1} {d.unit}", {rule.id: {"max": d.max + 1}}


@breaks("http_methods", "kontent.http.methods", "wikijs.http.methods")
def _http_methods(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(HttpMethods)
    return f"other methods get {wrong_status(d.other_status)}", {
        rule.id: {"other_status": wrong_status(d.other_status)}
    }


@breaks("get_request", "kontent.http.get_query", "wikijs.http.get_query")
def _get_request(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(GetRequest)
    renamed = d.query_param + "_"
    return f"GET reads the document from `{renamed}`", {rule.id: {"query_param": renamed}}


@breaks("post_body", "kontent.http.post_json", "kontent.http.post_graphql", "wikijs.http.post_json")
def _post_body(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(PostBody)
    other = _unsupported(d.content_type)
    return f"POST accepts {other} instead of {d.content_type}", {rule.id: {"content_type": other}}


@breaks("query_errors", "kontent.http.query_errors", "wikijs.http.query_errors")
def _query_errors(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(QueryErrors)
    overrides = {
        "syntax_status": other_class(d.syntax_status),
        "validation_status": other_class(d.validation_status),
        "data_key": "absent" if d.data_key == "null" else "null",
        "extension_codes": {stage: code + "_" for stage, code in d.extension_codes.items()},
    }
    return "syntax/validation errors get the other status class, data key and codes", {rule.id: overrides}


@breaks(
    "bad_request",
    "kontent.http.errors.bad_variables",
    "kontent.http.errors.empty_body",
    "kontent.http.errors.json_not_object",
    "kontent.http.errors.malformed_json",
    "kontent.http.errors.missing_query",
    "kontent.http.errors.non_utf8",
    "kontent.http.errors.wrong_content_type",
    "wikijs.http.errors.bad_variables",
    "wikijs.http.errors.empty_body",
    "wikijs.http.errors.json_not_object",
    "wikijs.http.errors.malformed_json",
    "wikijs.http.errors.missing_query",
    "wikijs.http.errors.non_utf8",
    "wikijs.http.errors.wrong_content_type",
)
def _bad_request(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(BadRequest)
    return f"{d.case} is answered {wrong_status(d.status)}", {rule.id: {"status": wrong_status(d.status)}}


@breaks("not_found", "kontent.http.unknown_environment")
def _not_found(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(NotFound)
    return f"an unknown {d.what} is answered {wrong_status(d.status)}", {rule.id: {"status": wrong_status(d.status)}}


@breaks("status_codes", "kontent.http.status_codes")
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


@breaks("cors", "kontent.http.cors", "wikijs.http.cors")
def _cors(rule: Rule, rules: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(Cors)
    if d.enabled:
        return "CORS is switched off", {rule.id: {"enabled": False}}
    methods = rules.for_api(rule.api).only("http_methods").data_as(HttpMethods)
    return "CORS is switched on for any origin", {
        rule.id: {"enabled": True, "allow_origin": "*", "allow_methods": list(methods.allowed)}
    }


@breaks("ide_page", "wikijs.http.ide")
def _ide_page(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(IdePage)
    return f"the IDE is served only for Accept {d.accept}+ide", {rule.id: {"accept": d.accept + "+ide"}}


@breaks("get_mutation", "wikijs.http.get_mutation")
def _get_mutation(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(GetMutation)
    return f"a GET mutation gets {wrong_status(d.status)} without Allow", {
        rule.id: {"status": wrong_status(d.status), "allow_header": None}
    }
