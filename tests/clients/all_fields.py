"""Documents that select every field of a type, recursively, with arguments from seeded data.

A client library typically selects every field of the types it models; any field the mock
leaves null against a non-null type then fails the whole object. Recursion stops at a type
already on the path (a field that would loop is left out), so documents stay finite.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLField,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    get_named_type,
    is_leaf_type,
    is_required_argument,
)

SEEDED: Mapping[str, Any] = {
    "id": 1,
    "pageId": 1,
    "versionId": 1,
    "path": "home",
    "locale": "en",
    "query": "guide",
    "checkoutDate": "2024-01-15T10:00:00.000Z",
}
"""Argument values by name that name something the mock seeds (the sample page ``home``, id 1,
its draft version 1, locale ``en``); any other argument gets a value of its type."""

SCALAR_VALUES: Mapping[str, Any] = {"Int": 1, "String": "x", "Boolean": True, "Date": "2024-01-15T10:00:00.000Z"}


def selection(output: GraphQLOutputType, path: frozenset[str], visited: set[str]) -> str:
    """`` { every field }`` of an object type ("" for a leaf); ``visited`` collects the types."""
    named = get_named_type(output)
    if is_leaf_type(named):
        return ""
    assert isinstance(named, GraphQLObjectType), f"{named} is neither an object type nor a leaf"
    visited.add(named.name)
    parts = []
    for name, field in named.fields.items():
        inner = get_named_type(field.type)
        if is_leaf_type(inner):
            parts.append(name + arguments(field))
        elif inner.name not in path:
            parts.append(name + arguments(field) + selection(field.type, path | {inner.name}, visited))
    return " { " + " ".join(parts) + " }"


def arguments(field: GraphQLField) -> str:
    required = {name: arg for name, arg in field.args.items() if is_required_argument(arg)}
    return "(" + ", ".join(f"{name}: {literal(name, arg)}" for name, arg in required.items()) + ")" if required else ""


def literal(name: str, argument: GraphQLArgument) -> str:
    named = get_named_type(argument.type)
    if isinstance(named, GraphQLEnumType):
        return str(next(iter(named.values)))
    value = SEEDED.get(name, SCALAR_VALUES.get(named.name))
    if value is None:
        raise ValueError(f"no value for required argument {name}: {argument.type}")
    return json.dumps(value)


def root_documents(schema: GraphQLSchema, visited: set[str]) -> dict[str, str]:
    """``namespace.field`` -> a query selecting all of that field, for every field of ``Query``."""
    assert schema.query_type is not None
    documents = {}
    for namespace_name, namespace_field in schema.query_type.fields.items():
        namespace = get_named_type(namespace_field.type)
        assert isinstance(namespace, GraphQLObjectType)
        visited.update((schema.query_type.name, namespace.name))
        for name, field in namespace.fields.items():
            inner = selection(field.type, frozenset({namespace.name, get_named_type(field.type).name}), visited)
            documents[f"{namespace_name}.{name}"] = f"{{ {namespace_name} {{ {name}{arguments(field)}{inner} }} }}"
    return documents


def reachable(root: GraphQLObjectType) -> set[str]:
    """Names of the object types reachable from ``root``."""
    found: set[str] = set()
    pending = [root]
    while pending:
        current = pending.pop()
        if current.name in found:
            continue
        found.add(current.name)
        pending.extend(
            inner for f in current.fields.values() if isinstance(inner := get_named_type(f.type), GraphQLObjectType)
        )
    return found
