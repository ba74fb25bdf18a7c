"""graphql-js 15's wording of request errors, for servers whose ``query_errors`` rule says
``messages: graphql-js-15`` (Wiki.js 2.x runs graphql-js 15 under Apollo Server 2).

graphql-core words the same checks its own way: names in single quotes, Python's ``repr`` of
values, a required argument named ``'Type.field(arg:)'``, variable errors as "has invalid value:".
Clients match the texts a real server sends, so the mock rewrites graphql-core's messages into
graphql-js's (quotes, value printing and the few sentences that differ), and says which kind of
request error it was: Apollo gives a variable value that fails coercion ``BAD_USER_INPUT``,
while a missing or null required variable gets no code of its own.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from graphql.pyutils import inspect as core_inspect

JS_INSPECT_DEPTH = 2
"""graphql-js's inspect prints nested lists and objects this deep, then ``[Array]``/``[Object]``."""
JS_INSPECT_ITEMS = 10
"""... and this many list items, then ``... N more items``."""

QUOTED = re.compile(r"'([^'\n]*)'")
REQUIRED_ARGUMENT = re.compile(
    r"^Argument '(?:(@\w+)|(\w+)\.(\w+))\((\w+):\)' of type '([^']+)' is required, but it was not provided\.$"
)
VARIABLE = re.compile(r"^Variable '\$(\w+)' has invalid value(?: at ((?:\.\w+|\[\d+\])+))?: (.*)$", re.DOTALL)
MISSING = re.compile(r"^Expected a value of non-null type '([^']+)' to be provided\.$")
NULL = re.compile(r"^Expected value of non-null type '([^']+)' not to be None\.$")
NOT_OBJECT = re.compile(r"^Expected value of type '([^']+)' to be an object, found: .*\.$", re.DOTALL)
PATH_PART = re.compile(r"\.(\w+)|\[(\d+)\]")


class Kind(StrEnum):
    """Which ``extension_codes`` entry of the ``query_errors`` rule a variable error takes."""

    VARIABLE_VALUE = "variable_value"
    """A value that fails coercion (Apollo: ``BAD_USER_INPUT``)."""
    VARIABLE_REQUIRED = "variable_required"
    """A required variable left out or null."""


def js_inspect(value: Any, depth: int = 0) -> str:
    """graphql-js 15's ``inspect`` of a JSON value."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and math.isfinite(value) else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        if not value:
            return "[]"
        if depth >= JS_INSPECT_DEPTH:
            return "[Array]"
        shown = [js_inspect(item, depth + 1) for item in value[:JS_INSPECT_ITEMS]]
        if len(value) > JS_INSPECT_ITEMS:
            more = len(value) - JS_INSPECT_ITEMS
            shown.append(f"... {more} more item{'s' if more > 1 else ''}")
        return "[" + ", ".join(shown) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        if depth >= JS_INSPECT_DEPTH:
            return "[Object]"
        return "{ " + ", ".join(f"{key}: {js_inspect(item, depth + 1)}" for key, item in value.items()) + " }"
    return str(value)


def _quoted(message: str) -> str:
    return QUOTED.sub(r'"\1"', message)


def validation_message(message: str) -> str:
    """A validation or syntax error as graphql-js 15 words it."""
    required = REQUIRED_ARGUMENT.match(message)
    if required:
        directive, _, field, argument, type_ = required.groups()
        owner = f'Directive "{directive}"' if directive else f'Field "{field}"'
        return f'{owner} argument "{argument}" of type "{type_}" is required, but it was not provided.'
    if null := NULL.match(message):
        return f'Expected value of type "{null.group(1)}", found null.'
    return _quoted(message)


def _at(value: Any, path: str) -> Any:
    for name, index in PATH_PART.findall(path):
        if name and isinstance(value, dict):
            value = value.get(name)
        elif index and isinstance(value, list) and int(index) < len(value):
            value = value[int(index)]
    return value


def _js_path(variable: str, path: str) -> str:
    return variable + "".join(f".{name}" if name else f"[{index}]" for name, index in PATH_PART.findall(path))


def variable_message(message: str, variables: Mapping[str, Any]) -> tuple[str, Kind] | None:
    """A variable coercion error as graphql-js 15 words it, and its kind; None for other errors."""
    matched = VARIABLE.match(message)
    if matched is None:
        return None
    name, path, inner = matched.group(1), matched.group(2) or "", matched.group(3)
    if not path and (missing := MISSING.match(inner)):
        return f'Variable "${name}" of required type "{missing.group(1)}" was not provided.', Kind.VARIABLE_REQUIRED
    if not path and (null := NULL.match(inner)):
        return f'Variable "${name}" of non-null type "{null.group(1)}" must not be null.', Kind.VARIABLE_REQUIRED
    value = _at(variables.get(name), path)
    if null := NULL.match(inner):
        inner = f'Expected non-nullable type "{null.group(1)}" not to be null.'
    elif not_object := NOT_OBJECT.match(inner):
        inner = f'Expected type "{not_object.group(1)}" to be an object.'
    else:
        inner = _quoted(inner.replace(core_inspect(value), js_inspect(value)))
    where = f' at "{_js_path(name, path)}"' if path else ""
    return f'Variable "${name}" got invalid value {js_inspect(value)}{where}; {inner}', Kind.VARIABLE_VALUE
