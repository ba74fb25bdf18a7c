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
class TransportBinding:
    """Which of an API's rules each part of the GraphQL-over-HTTP layer serves, by id. Written where
    the API's mock is wired, so ``grep <rule id>`` finds the place that serves the rule; the rules
    of several ids (bodies, limits, bad requests) are told apart by their data (content type,
    target, case)."""

    api: str
    methods: str
    get: str
    posts: tuple[str, ...]
    query_errors: str
    bad_requests: tuple[str, ...]
    cors: str
    limits: tuple[str, ...] = ()
    ide: str | None = None
    get_mutation: str | None = None
    status_codes: str | None = None
    """The table of documented statuses: no handler reads it, the answers of the other rules keep
    to it (its fault moves the bad-request statuses out of it)."""

    def ids(self) -> tuple[str, ...]:
        singles = (self.methods, self.get, self.query_errors, self.cors, self.ide, self.get_mutation, self.status_codes)
        return (*(i for i in singles if i is not None), *self.posts, *self.bad_requests, *self.limits)


TRANSPORT_KINDS = frozenset(
    {
        "http_methods",
        "get_request",
        "post_body",
        "request_limit",
        "query_errors",
        "bad_request",
        "cors",
        "ide_page",
        "get_mutation",
        "status_codes",
    }
)
"""The kinds this layer serves: every rule of these kinds must be bound, or it would be ignored unseen."""


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


def _check_binding(own: RuleSet, binding: TransportBinding) -> None:
    """A rule of the layer's kinds without a binding, or a binding naming no such rule, fails the
    start: neither may fall through silently."""
    bound = binding.ids()
    unbound = [r.id for r in own if r.kind in TRANSPORT_KINDS and r.id not in bound]
    if unbound:
        raise TransportRuleError(f"api {binding.api} has HTTP rules the mock does not bind: {', '.join(unbound)}")
    unknown = [i for i in bound if i not in own or own[i].kind not in TRANSPORT_KINDS]
    if unknown:
        raise TransportRuleError(f"api {binding.api} binds ids that are not its HTTP rules: {', '.join(unknown)}")


def _optional(rules: RuleSet, rule_id: str | None, cls: type[T]) -> T | None:
    return None if rule_id is None else rules[rule_id].data_as(cls)


def load_transport(rules: RuleSet, binding: TransportBinding) -> TransportRules:
    """Collect the transport rules ``binding`` names (the rules may already carry deviations or faults)."""
    api, own = binding.api, rules.for_api(binding.api)
    _check_binding(own, binding)
    limits = {limit.target: limit for limit in (own[i].data_as(RequestLimit) for i in binding.limits)}
    bad_requests = {rule.case: rule for rule in (own[i].data_as(BadRequest) for i in binding.bad_requests)}
    missing = [case for case in BAD_REQUEST_CASES if case not in bad_requests]
    if missing:
        raise TransportRuleError(f"api {api} has no bad_request rule for: {', '.join(missing)}")
    posts = {post.content_type.lower(): post for post in (own[i].data_as(PostBody) for i in binding.posts)}
    if not posts:
        raise TransportRuleError(f"api {api} has no post_body rule")
    return TransportRules(
        api=api,
        methods=own[binding.methods].data_as(HttpMethods),
        get=own[binding.get].data_as(GetRequest),
        posts=MappingProxyType(posts),
        body_limit=limits.get("body"),
        url_limit=limits.get("url"),
        query_errors=own[binding.query_errors].data_as(QueryErrors),
        bad_requests=MappingProxyType(bad_requests),
        cors=own[binding.cors].data_as(Cors),
        ide=_optional(own, binding.ide, IdePage),
        get_mutation=_optional(own, binding.get_mutation, GetMutation),
    )
