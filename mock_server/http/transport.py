"""The transport rules of one API, gathered once per application.

Handlers read typed fields (``transport.body_limit.max``) instead of searching the rule set
per request; building this object also fails loudly when an API lacks a rule the
GraphQL-over-HTTP layer cannot work without.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from types import MappingProxyType
from typing import TypeVar

from mock_server.http.errors import HttpError
from specs import RuleSet
from specs.model import (
    BadRequest,
    Cors,
    GetMutation,
    GetRequest,
    HttpMethods,
    IdePage,
    PostBody,
    QueryErrors,
    RequestLimit,
)

BAD_REQUEST_CASES = (
    "malformed_json",
    "missing_query",
    "empty_body",
    "non_utf8",
    "wrong_content_type",
    "json_not_object",
    "bad_variables",
)
"""Every way a request can be unusable before execution; each API must have a rule per case."""

T = TypeVar("T")


class TransportRuleError(ValueError):
    """The rule files of an API do not describe a complete HTTP transport."""


@dataclass(frozen=True)
class TransportRules:
    api: str
    methods: HttpMethods
    get: GetRequest
    posts: Mapping[str, PostBody]
    body_limit: RequestLimit | None
    url_limit: RequestLimit | None
    query_errors: QueryErrors
    bad_requests: Mapping[str, BadRequest]
    cors: Cors
    ide: IdePage | None
    get_mutation: GetMutation | None

    def reject(self, case: str, detail: str, variant: str | None = None) -> HttpError:
        """The error for a ``bad_request`` case (and kind of request, ``variant``): the rule's status,
        media type and message."""
        rule = self.bad_requests[case].answer_for(variant)
        return HttpError(rule.status, detail if rule.message is None else rule.message, content_type=rule.content_type)

    def executes(self, case: str, variant: str) -> bool:
        """Whether the rule says requests of this kind are executed rather than refused."""
        return self.bad_requests[case].answer_for(variant).status < HTTPStatus.BAD_REQUEST

    @property
    def allow_header(self) -> dict[str, str]:
        allow = self.methods.allow_header
        return {"Allow": allow} if allow else {}


def _all(rules: RuleSet, kind: str, cls: type[T]) -> list[T]:
    return [rule.data_as(cls) for rule in rules.of_kind(kind)]


def _optional(rules: RuleSet, kind: str, cls: type[T]) -> T | None:
    found = _all(rules, kind, cls)
    if len(found) > 1:
        raise TransportRuleError(f"more than one {kind} rule; the mock needs exactly one")
    return found[0] if found else None


def _required(rules: RuleSet, api: str, kind: str, cls: type[T]) -> T:
    found = _optional(rules, kind, cls)
    if found is None:
        raise TransportRuleError(f"api {api} has no {kind} rule in specs/{api}/")
    return found


def load_transport(rules: RuleSet, api: str) -> TransportRules:
    """Collect the transport rules of ``api`` (which may already carry deviations or faults)."""
    own = rules.for_api(api)
    limits = {limit.target: limit for limit in _all(own, "request_limit", RequestLimit)}
    bad_requests = {rule.case: rule for rule in _all(own, "bad_request", BadRequest)}
    missing = [case for case in BAD_REQUEST_CASES if case not in bad_requests]
    if missing:
        raise TransportRuleError(f"api {api} has no bad_request rule for: {', '.join(missing)}")
    posts = {post.content_type.lower(): post for post in _all(own, "post_body", PostBody)}
    if not posts:
        raise TransportRuleError(f"api {api} has no post_body rule")
    return TransportRules(
        api=api,
        methods=_required(own, api, "http_methods", HttpMethods),
        get=_required(own, api, "get_request", GetRequest),
        posts=MappingProxyType(posts),
        body_limit=limits.get("body"),
        url_limit=limits.get("url"),
        query_errors=_required(own, api, "query_errors", QueryErrors),
        bad_requests=MappingProxyType(bad_requests),
        cors=_required(own, api, "cors", Cors),
        ide=_optional(own, "ide_page", IdePage),
        get_mutation=_optional(own, "get_mutation", GetMutation),
    )
