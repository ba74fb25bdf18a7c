"""Builders of GraphQL-over-HTTP requests that work on any GraphQL server.

Every probe asks the schema about itself (``__type``), which any spec-compliant server can
answer, so the transport suites run unchanged against Wiki.js, Kontent or a mock. Each probe
exists in two forms, inline literals and ``variables`` + ``operationName``, because clients
send both and coercion bugs hide in variables.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlencode

from specs.model import GetRequest

Style = Literal["inline", "variables"]
STYLES: tuple[Style, ...] = ("inline", "variables")
# Types every GraphQL schema has: the two scalars introspection itself uses, and its own types.
# (Int, Float and ID exist only where a schema uses them.)
ALWAYS_PRESENT_TYPES = (
    "String",
    "Boolean",
    "__Schema",
    "__Type",
    "__Field",
    "__InputValue",
    "__EnumValue",
    "__Directive",
)
PADDING = "x"  # one byte in UTF-8 and one character after percent-encoding


@dataclass(frozen=True)
class Operation:
    query: str
    variables: dict[str, Any] | None = None
    operation_name: str | None = None

    def payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {"query": self.query}
        if self.variables is not None:
            payload["variables"] = self.variables
        if self.operation_name is not None:
            payload["operationName"] = self.operation_name
        return payload

    def params(self, names: GetRequest) -> dict[str, str]:
        params = {names.query_param: self.query}
        if self.variables is not None:
            params[names.variables_param] = json.dumps(self.variables, separators=(",", ":"))
        if self.operation_name is not None:
            params[names.operation_name_param] = self.operation_name
        return params


def type_probe(type_name: str, style: Style) -> Operation:
    """Ask for one type by name; the answer names it back, which the oracle checks."""
    if style == "inline":
        return Operation(f'{{ __type(name: "{type_name}") {{ name kind }} }}')
    return Operation("query Probe($name: String!) { __type(name: $name) { name kind } }", {"name": type_name}, "Probe")


def two_operations(first: str, second: str) -> str:
    """A document with two named operations; operationName picks which one runs."""
    return (
        f'query First {{ first: __type(name: "{first}") {{ name }} }}\n'
        f'query Second {{ second: __type(name: "{second}") {{ name }} }}'
    )


def padded(operation: Operation, padding: int) -> Operation:
    """The same operation made longer by ``padding`` characters without changing its meaning.

    Inline documents grow by a trailing comment; variable operations by the variable value,
    which only makes ``__type`` look up a name that does not exist (null, still a 200).
    """
    if operation.variables is None:
        return Operation(f"{operation.query}\n#{PADDING * padding}", None, operation.operation_name)
    variables = {key: f"{value}{PADDING * padding}" for key, value in operation.variables.items()}
    return Operation(operation.query, variables, operation.operation_name)


def json_body(operation: Operation) -> bytes:
    return json.dumps(operation.payload(), separators=(",", ":")).encode("utf-8")


def body_of_size(style: Style, size: int) -> bytes:
    """A JSON POST body of exactly ``size`` bytes."""
    base = type_probe("String", style)
    shortfall = size - len(json_body(padded(base, 0)))
    if shortfall < 0:
        raise ValueError(f"cannot build a body of {size} bytes: the smallest is {size - shortfall}")
    body = json_body(padded(base, shortfall))
    assert len(body) == size
    return body


def url_with(base_url: str, params: dict[str, str]) -> str:
    return f"{base_url}{'&' if '?' in base_url else '?'}{urlencode(params)}"


def url_of_length(base_url: str, names: GetRequest, style: Style, length: int) -> str:
    """A GET URL of exactly ``length`` characters carrying a valid operation."""
    base = type_probe("String", style)
    shortfall = length - len(url_with(base_url, padded(base, 0).params(names)))
    if shortfall < 0:
        raise ValueError(f"cannot build a URL of {length} characters: the smallest is {length - shortfall}")
    url = url_with(base_url, padded(base, shortfall).params(names))
    assert len(url) == length
    return url
