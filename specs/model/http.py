"""Kinds of GraphQL over HTTP both APIs share: methods, GET/POST shapes, limits, request errors, CORS."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from specs.model.envelope import RuleData
from specs.model.registry import kind


@kind("http_methods")
@dataclass(frozen=True)
class HttpMethods(RuleData):
    allowed: tuple[str, ...]
    other_status: int
    allow_header: str | None


@kind("get_request")
@dataclass(frozen=True)
class GetRequest(RuleData):
    query_param: str
    variables_param: str
    operation_name_param: str


@kind("post_body")
@dataclass(frozen=True)
class PostBody(RuleData):
    content_type: str
    batching: bool
    variables_as_string: bool


@kind("request_limit")
@dataclass(frozen=True)
class RequestLimit(RuleData):
    target: Literal["body", "url"]
    max: int
    unit: Literal["bytes", "chars"]
    status: int


@kind("query_errors")
@dataclass(frozen=True)
class QueryErrors(RuleData):
    syntax_status: int
    validation_status: int
    data_key: Literal["absent", "null"]
    extension_codes: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """By stage (``syntax``, ``validation``), by kind of variable error (``variable_value``,
    ``variable_required``: see :mod:`mock_server.http.graphql_js`), for other request errors
    (``request``: an unknown operation name) and for errors of fields that ran without a code of
    their own (``execution``)."""
    messages: Literal["graphql-core", "graphql-js-15"] = "graphql-core"
    """Whose wording request errors take: the server's GraphQL library."""
    debug: bool = False
    """Every error carries ``extensions.exception.stacktrace`` (a server in development mode)."""


@kind("bad_request")
@dataclass(frozen=True)
class BadRequest(RuleData):
    case: str
    status: int
    content_type: str
    message: str | None = None
    """``""``: the error carries no message at all."""
    wording: Literal["v8"] | None = None
    """Whose words a message the rule leaves open takes: ``v8``, the JSON.parse message of the V8 in
    Node.js 20 behind body-parser (:mod:`mock_server.http.v8_json`); None: the mock's own."""
    variants: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: MappingProxyType({}))
    """A kind of request of this case (e.g. ``multipart``) -> the status, content_type and message an
    implementation answers it with instead; a request of no listed variant gets the case's answer."""

    def answer_for(self, variant: str | None) -> BadRequest:
        """The answer expected for a request of ``variant`` (``None``: the case's own)."""
        changes = self.variants.get(variant or "", {})
        return dataclasses.replace(self, **dict(changes), variants=MappingProxyType({}))


@kind("not_found")
@dataclass(frozen=True)
class NotFound(RuleData):
    what: str
    status: int


@dataclass(frozen=True)
class StatusCode:
    status: int | str
    meaning: str

    def covers(self, status: int) -> bool:
        """A table entry is either one code or a class such as ``5xx``."""
        if isinstance(self.status, int):
            return self.status == status
        return str(status)[0] == self.status[0]


@kind("status_codes")
@dataclass(frozen=True)
class StatusCodes(RuleData):
    codes: tuple[StatusCode, ...]

    def documents(self, status: int) -> bool:
        return any(code.covers(status) for code in self.codes)


@kind("cors")
@dataclass(frozen=True)
class Cors(RuleData):
    enabled: bool
    allow_origin: str | None
    allow_methods: tuple[str, ...]
    allow_headers: tuple[str, ...]
    disabled_preflight_status: int
    expose_headers: tuple[str, ...] = ()


@kind("ide_page")
@dataclass(frozen=True)
class IdePage(RuleData):
    accept: str
    status: int
    content_type: str


@kind("get_mutation")
@dataclass(frozen=True)
class GetMutation(RuleData):
    status: int
    allow_header: str | None
