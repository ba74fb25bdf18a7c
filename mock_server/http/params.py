"""Turning a GET query string or a POST body into GraphQL request parameters.

Every way the input can be unusable maps to one ``bad_request`` case of the transport
rules, so the status, media type and message of the answer come from the rule files.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from mock_server.http.cache import LruCache
from mock_server.http.errors import HttpError, RequestError
from mock_server.http.transport import TransportRules
from mock_server.http.v8_json import refusal, worded
from specs.model import PostBody

GRAPHQL_TYPE = "application/graphql"
"""The media type whose body is the bare document rather than a JSON object."""

QUERY_KEY = "query"
VARIABLES_KEY = "variables"
OPERATION_NAME_KEY = "operationName"
KEPT_BODIES = 256
KEPT_BODY_BYTES = 4096
"""Bodies up to this size are kept once parsed: with their queries, at most about 2 MB in all."""


@dataclass(frozen=True)
class GraphQLParams:
    query: str
    variables: dict[str, Any] | None = None
    operation_name: str | None = None


Batch = list["BatchElement"]
"""A JSON array body: each element is parsed (and later answered) on its own."""


_JSON_KINDS = (
    (bool, "a boolean"),
    (dict, "an object"),
    (list, "an array"),
    (str, "a string"),
    (int, "a number"),
    (float, "a number"),
)


def _kind(value: object) -> str:
    """The JSON name of a decoded value's type, for messages a client can act on."""
    return next((name for cls, name in _JSON_KINDS if isinstance(value, cls)), "null")


def _valid_utf8(text: str) -> bool:
    """Python strings may hold lone surrogates (from ``\\ud800`` escapes), which UTF-8 cannot."""
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _query(value: object, transport: TransportRules, where: str, *, in_url: bool = False) -> str:
    if not isinstance(value, str) or not value.strip():
        found = "missing" if value is None else "empty" if isinstance(value, str) else _kind(value)
        variant = "url" if in_url else "not_string" if found not in ("missing", "empty") else None
        detail = f"Must provide a GraphQL document in `{where}`; it is {found}."
        raise transport.reject("missing_query", detail, variant)
    if not _valid_utf8(value):
        raise transport.reject("non_utf8", f"The GraphQL document in `{where}` is not valid UTF-8.")
    return value


def _variables_from_json(text: str, transport: TransportRules, where: str) -> dict[str, Any] | None:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise transport.reject("bad_variables", f"`{where}` is not valid JSON.", "unparsable_string") from None
    return _variables(value, transport, where, from_string=False)


def _variables(value: object, transport: TransportRules, where: str, *, from_string: bool) -> dict[str, Any] | None:
    if value is None or isinstance(value, dict):
        return value
    if isinstance(value, str) and from_string:
        return _variables_from_json(value, transport, where)
    raise transport.reject("bad_variables", f"`{where}` must be a JSON object, got {_kind(value)}.")


def _operation_name(value: object, where: str) -> str | None:
    if value is None or isinstance(value, str):
        return value or None
    raise RequestError(f"`{where}` must be a string, got {_kind(value)}.")


def query_fields(raw_query_string: str, transport: TransportRules) -> dict[str, str]:
    """The URL parameters, decoded strictly: invalid UTF-8 is the ``non_utf8`` case."""
    try:
        pairs = parse_qsl(raw_query_string, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise transport.reject("non_utf8", "The URL query string is not valid UTF-8.") from None
    fields: dict[str, str] = {}
    for key, value in pairs:
        fields.setdefault(key, value)
    return fields


def params_from_fields(fields: Mapping[str, str], transport: TransportRules) -> GraphQLParams:
    """GET parameters named by the ``get_request`` rule; ``variables`` travels as JSON."""
    names = transport.get
    variables_text = fields.get(names.variables_param)
    return GraphQLParams(
        query=_query(fields.get(names.query_param), transport, names.query_param, in_url=True),
        variables=_variables_from_json(variables_text, transport, names.variables_param) if variables_text else None,
        operation_name=_operation_name(fields.get(names.operation_name_param), names.operation_name_param),
    )


def _params_from_object(obj: Mapping[str, Any], rule: PostBody, transport: TransportRules) -> GraphQLParams:
    return GraphQLParams(
        query=_query(obj.get(QUERY_KEY), transport, QUERY_KEY),
        variables=_variables(obj.get(VARIABLES_KEY), transport, VARIABLES_KEY, from_string=rule.variables_as_string),
        operation_name=_operation_name(obj.get(OPERATION_NAME_KEY), OPERATION_NAME_KEY),
    )


BatchElement = GraphQLParams | HttpError | RequestError


def _batch_element(value: object, rule: PostBody, transport: TransportRules) -> BatchElement:
    if not isinstance(value, dict):
        return transport.reject("json_not_object", f"A batch element must be a JSON object, got {_kind(value)}.")
    try:
        return _params_from_object(value, rule, transport)
    except (HttpError, RequestError) as error:
        return error


def params_from_body(raw: bytes, rule: PostBody, transport: TransportRules) -> GraphQLParams | Batch:
    """Parse a POST body of the media type ``rule`` describes."""
    if not raw.strip():
        raise transport.reject("empty_body", "The request body is empty; send a GraphQL request.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        if not transport.executes("non_utf8", "in_json_string"):
            raise transport.reject("non_utf8", "The request body is not valid UTF-8.") from None
        text = raw.decode("utf-8", errors="replace")  # as Node's Buffer.toString does
    if rule.content_type.lower() == GRAPHQL_TYPE:
        return GraphQLParams(query=_query(text, transport, "request body"))
    if (refused := refusal(transport.bad_requests["malformed_json"], text)) is not None:
        raise transport.reject("malformed_json", refused)
    try:
        body = json.loads(text)
    except json.JSONDecodeError as error:
        detail = f"{error.msg} at line {error.lineno} column {error.colno}"
        own = f"The request body is not valid JSON: {detail}."
        raise transport.reject("malformed_json", worded(transport.bad_requests["malformed_json"], text, own)) from None
    except (ValueError, RecursionError):  # e.g. a number too long to convert, or deep nesting
        raise transport.reject("malformed_json", "The request body is not JSON this server can parse.") from None
    if isinstance(body, list) and rule.batching:
        if not body:
            raise transport.reject("empty_body", "The batch is empty; send at least one GraphQL request.")
        return [_batch_element(element, rule, transport) for element in body]
    if not isinstance(body, dict):
        allowed = "a JSON object or an array of them" if rule.batching else "a JSON object (batching is not supported)"
        own = f"The request body must be {allowed}, got {_kind(body)}."
        raise transport.reject("json_not_object", worded(transport.bad_requests["json_not_object"], text, own))
    if not body:
        raise transport.reject("empty_body", "The request body is an empty object; send a `query`.")
    return _params_from_object(body, rule, transport)


class BodyParser:
    """:func:`params_from_body` for one API, remembering recent bodies by their bytes.

    Clients repeat the same requests (a page list, a health query): such a body is decoded
    and checked once. Only answers that hold no mutable value are kept, a request without
    variables: a resolver may change what it is given, and the next request must not see it.
    """

    def __init__(self, transport: TransportRules) -> None:
        self._transport = transport
        self._kept: LruCache[tuple[bytes, str], GraphQLParams] = LruCache(KEPT_BODIES)

    def parse(self, raw: bytes, rule: PostBody) -> GraphQLParams | Batch:
        key = (raw, rule.content_type)
        kept = self._kept.get(key)
        if kept is not None:
            return kept
        parsed = params_from_body(raw, rule, self._transport)
        if isinstance(parsed, GraphQLParams) and parsed.variables is None and len(raw) <= KEPT_BODY_BYTES:
            self._kept.put(key, parsed)
        return parsed
