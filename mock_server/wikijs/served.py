"""The ``wikijs.schema.served`` rule applied to the mock's schema: fields an implementation
(or a fault) does not serve are removed, so introspection and validation both lose them; fields an
operation's resolver never reads (``unselected_fields``) are left out of what it returns; String
fields the implementation hands over parsed (``unserialised_fields``) and list fields it fills with
a module definition's props object (``definition_props``) fail as graphql-js fails them."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from graphql import (
    GraphQLError,
    GraphQLField,
    GraphQLList,
    GraphQLObjectType,
    GraphQLResolveInfo,
    GraphQLSchema,
    GraphQLString,
    default_field_resolver,
    get_named_type,
    get_nullable_type,
)

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


def serve_as_implemented(schema: GraphQLSchema, rules: RuleSet) -> None:
    """Values the implementation hands graphql-js in a shape their declared type refuses."""
    served = rules[SERVED_RULE].data_as(ServedSchema)
    for entry in served.unserialised_fields:
        target = _type_field(schema, entry)
        if target.type is not GraphQLString or target.resolve is None:
            raise ValueError(f"{SERVED_RULE}: unserialised field {entry} is not a resolved String of the schema")
        target.resolve = _parsed(target.resolve)
    for entry, operations in served.definition_props.items():
        target = _type_field(schema, entry)
        if not isinstance(get_nullable_type(target.type), GraphQLList):
            raise ValueError(f"{SERVED_RULE}: definition_props names {entry}, which is not a list")
        roots = frozenset(tuple(operation.split(".")) for operation in operations)
        target.resolve = _not_iterable(target.resolve or default_field_resolver, entry, roots)
    for entry in served.remote_fields:
        _type_field(schema, entry).resolve = lambda *_: None


def _type_field(schema: GraphQLSchema, entry: str) -> GraphQLField:
    type_name, field_name = entry.split(".")
    named = schema.get_type(type_name)
    if not isinstance(named, GraphQLObjectType) or field_name not in named.fields:
        raise ValueError(f"{SERVED_RULE}: {entry} is not a field of the schema")
    target: GraphQLField = named.fields[field_name]
    return target


def _not_iterable(resolve: Callable[..., Any], entry: str, roots: frozenset[tuple[str, ...]]) -> Callable[..., Any]:
    """Under the listed operations the field gets a module definition's props object, which
    graphql-js refuses for a list type with its own message."""
    message = f'Expected Iterable, but did not find one for field "{entry}".'

    def resolved(source: Any, info: GraphQLResolveInfo[Any], **kwargs: Any) -> Any:
        if tuple(info.path.as_list()[:2]) in roots:
            raise GraphQLError(message)
        return resolve(source, info, **kwargs)

    return resolved


def _parsed(resolve: Callable[..., Any]) -> Callable[..., Any]:
    def resolved(*args: Any, **kwargs: Any) -> Any:
        text = resolve(*args, **kwargs)
        value = json.loads(text) if isinstance(text, str) else text
        if value is None or isinstance(value, str):
            return value
        raise GraphQLError(f"String cannot represent value: {js_inspect(value)}")

    return resolved
