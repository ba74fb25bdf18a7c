"""The document the GraphiQL page opens on: the first content type's items, as an app lists them.

Derived from the served schema, so it runs on whatever model the environment has.
"""

from __future__ import annotations

from graphql import GraphQLField, GraphQLOutputType, GraphQLSchema, get_named_type

FALLBACK = "query Example {\n  __typename\n}\n"


def _fields(output: GraphQLOutputType) -> dict[str, GraphQLField]:
    fields: dict[str, GraphQLField] = getattr(get_named_type(output), "fields", {})
    return fields


def example_query(schema: GraphQLSchema) -> str:
    assert schema.query_type is not None
    for name, field in schema.query_type.fields.items():
        items = getattr(get_named_type(field.type), "fields", {}).get("items")
        if (
            items is not None
            and "limit" in field.args
            and "_system_" in getattr(get_named_type(items.type), "fields", {})
        ):
            return (
                f"query Example {{\n  {name}(limit: 3) {{\n    items {{\n"
                "      _system_ {\n        codename\n        name\n        lastModified\n      }\n"
                "    }\n  }\n}\n"
            )
    return FALLBACK
