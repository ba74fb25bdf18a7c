"""A schema as comparable facts: one line per type, field, argument list, union and enum.

Real schemas are recorded from codegen output, which keeps no descriptions and no field order,
so neither is a fact here; everything a client can depend on is: kinds, interfaces, field and
argument types with their nullability, deprecation reasons, union members and enum values.
"""

from __future__ import annotations

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
)


def _field(field: GraphQLField) -> str:
    args = ", ".join(f"{name}: {arg.type}" for name, arg in sorted(field.args.items()))
    text = f"({args}): {field.type}" if args else f": {field.type}"
    return text + (f" @deprecated({field.deprecation_reason!r})" if field.deprecation_reason else "")


def _type_facts(kind: GraphQLNamedType) -> dict[str, str]:
    name = kind.name
    if isinstance(kind, GraphQLObjectType | GraphQLInterfaceType):
        interfaces = " & ".join(sorted(i.name for i in kind.interfaces))
        label = "interface" if isinstance(kind, GraphQLInterfaceType) else "type"
        facts = {name: f"{label} {interfaces}".strip()}
        facts.update({f"{name}.{f}": _field(field) for f, field in kind.fields.items()})
        return facts
    if isinstance(kind, GraphQLInputObjectType):
        return {name: "input", **{f"{name}.{f}": f": {field.type}" for f, field in kind.fields.items()}}
    if isinstance(kind, GraphQLUnionType):
        return {name: "union " + " | ".join(sorted(t.name for t in kind.types))}
    if isinstance(kind, GraphQLEnumType):
        return {name: "enum " + " ".join(sorted(kind.values))}
    assert isinstance(kind, GraphQLScalarType)
    return {name: "scalar"}


def schema_facts(schema: GraphQLSchema) -> dict[str, str]:
    """Every named type but the introspection types, keyed ``Type`` and ``Type.field``."""
    facts: dict[str, str] = {"schema": f"query: {schema.query_type}"}
    for name, kind in schema.type_map.items():
        if not name.startswith("__"):
            facts.update(_type_facts(kind))
    return facts


def differences(expected: dict[str, str], actual: dict[str, str]) -> dict[str, tuple[str | None, str | None]]:
    """Key -> (expected, actual) wherever they differ, a missing side as None."""
    return {
        key: (expected.get(key), actual.get(key))
        for key in sorted(expected.keys() | actual.keys())
        if expected.get(key) != actual.get(key)
    }
