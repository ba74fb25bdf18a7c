"""Derive Apollo's SDL and data from the running mock, so all servers serve the same schema and items.

The SDL is the mock's introspection printed back (`build_client_schema` + `print_schema`); the data are
the mock's own items, read through its `NAME_All(limit, offset)` root fields. Nothing of the Kontent schema
or its sample items is copied into the benchmark, so the comparison follows the mock as it changes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import http_check
from graphql import (
    GraphQLField,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    build_client_schema,
    get_introspection_query,
    get_named_type,
    is_leaf_type,
    is_object_type,
    print_schema,
)
from graphql.pyutils import Undefined

PAGE = 100
MAX_DEPTH = 4
WIKIJS_PAGES = 10
"""Pages stored before the Wiki.js list query (a new mock holds one: its home page)."""
CREATE_PAGE = (
    'mutation($p: String!, $t: String!) { pages { create(content: "bench", description: "", editor: "markdown",'
    ' isPublished: true, isPrivate: false, locale: "en", path: $p, tags: [], title: $t)'
    " { responseResult { succeeded message } } } }"
)
COUNT_PAGES = "{ pages { list(limit: 1000) { id } } }"


def seed_wikijs_pages(url: str, headers: Mapping[str, str]) -> None:
    """Create pages until the Wiki.js mock holds ``WIKIJS_PAGES``."""
    stored = len(http_check.query(url, COUNT_PAGES, headers)["pages"]["list"])
    for number in range(stored, WIKIJS_PAGES):
        variables = {"p": f"bench/page-{number}", "t": f"Bench page {number}"}
        body = json.dumps({"query": CREATE_PAGE, "variables": variables}).encode()
        answer = http_check.post(url, body, headers=headers)
        if not answer.has_data or not answer.body["data"]["pages"]["create"]["responseResult"]["succeeded"]:
            raise RuntimeError(f"page {number} was not created: {str(answer.body)[:300]}")


def export_root_value_spec(url: str, text: str, headers: Mapping[str, str]) -> dict[str, Any]:
    """The JSON for bench/apollo/server.mjs when Apollo serves fixed data: the SDL and, as its root
    value, the data the mock answers to `text` (Apollo's default resolvers then give the same)."""
    introspection = http_check.query(url, get_introspection_query(descriptions=True), headers)
    schema = build_client_schema(introspection)  # type: ignore[arg-type]
    assert schema.query_type is not None, "the mock's schema has no query type"
    root = http_check.query(url, text, headers)
    return {"sdl": print_schema(schema), "rootType": schema.query_type.name, "rootValue": root, "collections": {}}


def export_apollo_spec(url: str) -> dict[str, Any]:
    """The JSON that bench/apollo/server.mjs reads: SDL, root type name and items per collection."""
    schema = build_client_schema(http_check.query(url, get_introspection_query(descriptions=True)))  # type: ignore[arg-type]
    root = schema.query_type
    assert root is not None, "the mock's schema has no query type"
    collections = {name: fetch_items(url, name, item_type) for name, item_type in collection_fields(schema).items()}
    if not collections:
        raise RuntimeError("the mock's root type has no NAME_All(limit, offset) { items } field to read")
    return {"sdl": print_schema(schema), "rootType": root.name, "collections": collections}


def collection_fields(schema: GraphQLSchema) -> dict[str, GraphQLObjectType]:
    """Root fields `NAME_All(limit, offset)` whose type has `items: [T]`: {NAME: T}."""
    assert schema.query_type is not None
    found: dict[str, GraphQLObjectType] = {}
    for field_name, field in schema.query_type.fields.items():
        if not field_name.endswith("_All") or not {"limit", "offset"} <= field.args.keys():
            continue
        wrapper = get_named_type(field.type)
        if not is_object_type(wrapper) or "items" not in wrapper.fields:
            continue
        item_type = get_named_type(wrapper.fields["items"].type)
        if is_object_type(item_type):
            found[field_name.removesuffix("_All")] = item_type
    return found


def fetch_items(url: str, name: str, item_type: GraphQLObjectType) -> list[dict[str, Any]]:
    """All items of one collection, page by page, with every field a plain selection can reach."""
    selection = selection_set(item_type, depth=0, path=frozenset())
    items: list[dict[str, Any]] = []
    while True:
        page_args = f"limit: {PAGE}, offset: {len(items)}"
        text = f"{{ page: {name}_All({page_args}) {{ totalCount items {selection} }} }}"
        page = http_check.query(url, text)["page"]
        items.extend(page["items"])
        if not page["items"] or len(items) >= page["totalCount"]:
            return items


def selection_set(object_type: GraphQLObjectType, depth: int, path: frozenset[str]) -> str:
    """Every leaf field, and object fields down to MAX_DEPTH without cycles.

    Fields with required arguments and abstract (interface/union) fields are left out: Apollo's default
    resolvers could not serve them from plain objects anyway, and the benchmark queries don't use them.
    """
    parts: list[str] = []
    inner = path | {object_type.name}
    for name, field in object_type.fields.items():
        if _has_required_args(field):
            continue
        named = get_named_type(field.type)
        if is_leaf_type(named):
            parts.append(name)
        elif is_object_type(named) and depth < MAX_DEPTH and named.name not in inner:
            sub = selection_set(named, depth + 1, inner)
            if sub:
                parts.append(f"{name} {sub}")
    return "{ " + " ".join(parts) + " }" if parts else ""


def _has_required_args(field: GraphQLField) -> bool:
    return any(isinstance(arg.type, GraphQLNonNull) and arg.default_value is Undefined for arg in field.args.values())
