"""The introspection types of graphql-js 15.3, which the real 2.5.314 server runs, in place of
graphql-core 3.3's.

graphql-core 3.3 introspects with newer types: ``__Type.isOneOf``, ``specifiedByURL`` (15.3:
``specifiedByUrl``), ``includeDeprecated`` on arguments and input fields, deprecated input
values, two more directive locations. A client asking 15.3's introspection query gets 15.3's
answer only if the schema's ``__schema``/``__type`` resolve to 15.3's types. Those are built
here from the real server's own introspection of them (``graphql-js-15.3-introspection.json``),
each field answered by graphql-core's resolver of the same meaning.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any, cast

from graphql import (
    GraphQLArgument,
    GraphQLCompositeType,
    GraphQLEnumType,
    GraphQLEnumValue,
    GraphQLField,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLType,
    SchemaMetaFieldDef,
    TypeMetaFieldDef,
    introspection_types,
    parse_value,
    specified_scalar_types,
    validate_schema,
    value_from_ast,
)

DATA = Path(__file__).resolve().parent / "graphql-js-15.3-introspection.json"
RENAMED = {"specifiedByUrl": "specifiedByURL"}
"""15.3 field name -> graphql-core's field of the same meaning."""


class _IntrospectionObject(GraphQLObjectType):
    """graphql-core refuses to define its reserved type names a second time; these types are
    those names in another library's version, served by one schema only."""

    reserved_types: Mapping[str, GraphQLNamedType] = {}


class _IntrospectionEnum(GraphQLEnumType):
    reserved_types: Mapping[str, GraphQLNamedType] = {}


class LibrarySchema(GraphQLSchema):
    """A schema whose ``__schema`` and ``__type`` answer with other introspection types."""

    meta_fields: Mapping[str, GraphQLField]

    def get_field(self, parent_type: GraphQLCompositeType, field_name: str) -> GraphQLField | None:
        if field_name in self.meta_fields:
            return self.meta_fields[field_name] if parent_type is self.query_type else None
        return super().get_field(parent_type, field_name)


def with_graphql_js_introspection(schema: GraphQLSchema) -> GraphQLSchema:
    served = LibrarySchema(**schema.to_kwargs())
    validate_schema(served)  # with graphql-core's types, before the swap; the result is kept
    types = _types()
    for name, named in types.items():
        served.type_map[name] = named
    schema_type, type_type = cast(GraphQLObjectType, types["__Schema"]), cast(GraphQLObjectType, types["__Type"])
    served.meta_fields = {
        "__schema": GraphQLField(
            GraphQLNonNull(schema_type), description=SchemaMetaFieldDef.description, resolve=SchemaMetaFieldDef.resolve
        ),
        "__type": GraphQLField(
            type_type,
            args=TypeMetaFieldDef.args,
            description=TypeMetaFieldDef.description,
            resolve=TypeMetaFieldDef.resolve,
        ),
    }
    return served


def _thunk(
    build: Callable[[Mapping[str, Any]], dict[str, GraphQLField]], entry: Mapping[str, Any]
) -> Callable[[], dict[str, GraphQLField]]:
    """Fields are built on first use: the introspection types refer to each other."""
    return lambda: build(entry)


@cache
def _types() -> dict[str, GraphQLNamedType]:
    data: list[dict[str, Any]] = json.loads(DATA.read_text(encoding="utf-8"))["types"]
    built: dict[str, GraphQLNamedType] = {}

    def ref(type_ref: Mapping[str, Any]) -> GraphQLType:
        if type_ref["kind"] == "NON_NULL":
            return GraphQLNonNull(cast(Any, ref(type_ref["ofType"])))
        if type_ref["kind"] == "LIST":
            return GraphQLList(ref(type_ref["ofType"]))
        name = type_ref["name"]
        return built[name] if name in built else specified_scalar_types[name]

    def fields(entry: Mapping[str, Any]) -> dict[str, GraphQLField]:
        original = cast(GraphQLObjectType, introspection_types[entry["name"]])
        return {
            f["name"]: GraphQLField(
                cast(Any, ref(f["type"])),
                args={a["name"]: argument(a) for a in f["args"]},
                resolve=original.fields[RENAMED.get(f["name"], f["name"])].resolve,
                description=f["description"],
                deprecation_reason=f["deprecationReason"],
            )
            for f in entry["fields"]
        }

    def argument(entry: Mapping[str, Any]) -> GraphQLArgument:
        arg_type = cast(Any, ref(entry["type"]))
        default = entry["defaultValue"]
        value = value_from_ast(parse_value(default), arg_type) if default is not None else None
        if default is None:
            return GraphQLArgument(arg_type, description=entry["description"])
        return GraphQLArgument(arg_type, default_value=value, description=entry["description"])

    for entry in data:
        name = entry["name"]
        if entry["kind"] == "ENUM":
            original_enum = cast(GraphQLEnumType, introspection_types[name])
            values = {
                v["name"]: GraphQLEnumValue(original_enum.values[v["name"]].value, description=v["description"])
                for v in entry["enumValues"]
            }
            built[name] = _IntrospectionEnum(name, values, description=entry["description"])
        else:
            built[name] = _IntrospectionObject(name, _thunk(fields, entry), description=entry["description"])
    return built
