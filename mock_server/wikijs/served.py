"""The ``wikijs.schema.served`` rule applied to the mock's schema: fields an implementation
(or a fault) does not serve are removed, so introspection and validation both lose them; fields an
operation's resolver never reads (``unselected_fields``) are left out of what it returns; String
fields the implementation hands over parsed (``unserialised_fields``) fail as graphql-js fails them."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from graphql import GraphQLError, GraphQLField, GraphQLObjectType, GraphQLSchema, GraphQLString, get_named_type

from mock_server.http.graphql_js import js_inspect
from specs import RuleSet
from specs.model import ServedSchema

SERVED_RULE = "wikijs.schema.served"


def remove_absent_fields(schema: GraphQLSchema, rules: RuleSet) -> None:
    for entry in rules[SERVED_RULE].data_as(ServedSchema).absent_fields:
        type_name, field_name = entry.split(".")
        named = schema.get_type(type_name)
        if not isinstance(named, GraphQLObjectType) or field_name not in named.fields:
            raise ValueError(f"{SERVED_RULE}: absent field {entry} is not in the schema")
        del named.fields[field_name]


def leave_out_unselected(schema: GraphQLSchema, rules: RuleSet) -> None:
    """Wrap each listed operation's resolver so the objects it returns lack those fields."""
    for operation, fields in rules[SERVED_RULE].data_as(ServedSchema).unselected_fields.items():
        target = _operation_field(schema, operation)
        if target.resolve is not None:
            target.resolve = _without(target.resolve, frozenset(fields))


def _operation_field(schema: GraphQLSchema, operation: str) -> GraphQLField:
    root, name = operation.split(".")
    for operation_type in (schema.query_type, schema.mutation_type):
        namespace = operation_type.fields.get(root) if operation_type else None
        named = get_named_type(namespace.type) if namespace else None
        if isinstance(named, GraphQLObjectType) and name in named.fields:
            found: GraphQLField = named.fields[name]
            return found
    raise ValueError(f"{SERVED_RULE}: unselected_fields names {operation}, which is not in the schema")


def _without(resolve: Callable[..., Any], fields: frozenset[str]) -> Callable[..., Any]:
    """A list of objects loses the fields from each; a mutation's payload from its objects (the
    ``page`` beside ``responseResult``)."""

    def stripped(item: Any) -> Any:
        return {k: v for k, v in item.items() if k not in fields} if isinstance(item, dict) else item

    def resolved(*args: Any, **kwargs: Any) -> Any:
        result = resolve(*args, **kwargs)
        if isinstance(result, list):
            return [stripped(item) for item in result]
        if isinstance(result, dict):
            return {key: stripped(value) for key, value in result.items()}
        return result

    return resolved


def hand_over_parsed(schema: GraphQLSchema, rules: RuleSet) -> None:
    """Each ``unserialised_fields`` entry's JSON text is parsed before graphql-js serialises it,
    which refuses anything but a string with its own message (graphql-js 15's value printing)."""
    for entry in rules[SERVED_RULE].data_as(ServedSchema).unserialised_fields:
        type_name, field_name = entry.split(".")
        named = schema.get_type(type_name)
        target = named.fields.get(field_name) if isinstance(named, GraphQLObjectType) else None
        if target is None or target.type is not GraphQLString or target.resolve is None:
            raise ValueError(f"{SERVED_RULE}: unserialised field {entry} is not a resolved String of the schema")
        target.resolve = _parsed(target.resolve)


def _parsed(resolve: Callable[..., Any]) -> Callable[..., Any]:
    def resolved(*args: Any, **kwargs: Any) -> Any:
        text = resolve(*args, **kwargs)
        value = json.loads(text) if isinstance(text, str) else text
        if value is None or isinstance(value, str):
            return value
        raise GraphQLError(f"String cannot represent value: {js_inspect(value)}")

    return resolved
