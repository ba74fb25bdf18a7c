"""The mock's Wiki.js schema against the real 2.5.314 server's, as recorded in the repository.

graphql-core's change detection in both directions finds type, field, argument, enum and
default differences; the set comparisons add what it tolerates (a new optional argument or
field is not "breaking"), and applied ``@auth``/``@rateLimit`` are compared as text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from graphql import (
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    build_client_schema,
    find_breaking_changes,
    find_dangerous_changes,
    get_introspection_query,
    graphql_sync,
    print_ast,
)

from mock_server.wikijs.schema import NOT_IMPLEMENTED_CODE, wikijs_schema

DATA = Path(__file__).resolve().parents[2] / "clients" / "data" / "wikijs-2.5.314-introspection.json"
"""The introspection answer of a real Wiki.js 2.5.314 (recorded by tests/clients)."""
FIELD_DIRECTIVES = Path(__file__).resolve().parent / "data" / "wikijs-2.5.314-field-directives.json"
"""The ``@auth`` and ``@rateLimit`` each field of the 2.5.314 release's SDL carries (introspection
does not show applied directives), recorded from the release's schema files."""


@pytest.fixture(scope="module")
def reference() -> GraphQLSchema:
    return build_client_schema(json.loads(DATA.read_text(encoding="utf-8"))["data"])


def members(schema: GraphQLSchema) -> set[str]:
    """Every type, field, argument, enum value and directive, as dotted names."""
    names = {f"@{d.name}({','.join(sorted(d.args))})" for d in schema.directives}
    for type_name, named in schema.type_map.items():
        names.add(type_name)
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in named.fields.items():
                names.add(f"{type_name}.{field_name}")
                names.update(f"{type_name}.{field_name}({arg})" for arg in field.args)
        elif isinstance(named, GraphQLInputObjectType):
            names.update(f"{type_name}.{field_name}" for field_name in named.fields)
        elif hasattr(named, "values"):
            names.update(f"{type_name}.{value}" for value in named.values)
    return names


def applied_directives(schema: GraphQLSchema) -> dict[str, list[str]]:
    applied = {}
    for type_name, named in schema.type_map.items():
        if isinstance(named, GraphQLObjectType):
            for field_name, field in named.fields.items():
                node = field.ast_node
                if node is not None and node.directives:
                    applied[f"{type_name}.{field_name}"] = [print_ast(d) for d in node.directives]
    return applied


def _own(changes: list[Any]) -> list[str]:
    """Changes outside the introspection types, which each GraphQL library defines for itself."""
    return [str(c) for c in changes if not re.search(r"(^|\s)__[A-Z]", c.description)]


def test_no_breaking_or_dangerous_change_in_either_direction(reference: GraphQLSchema) -> None:
    mock = wikijs_schema()
    for old, new in ((reference, mock), (mock, reference)):
        assert _own(find_breaking_changes(old, new)) == []
        assert _own(find_dangerous_changes(old, new)) == []


def test_same_types_fields_arguments_values_and_directives(reference: GraphQLSchema) -> None:
    ours, theirs = (
        {name for name in members(schema) if not name.startswith("__")} for schema in (wikijs_schema(), reference)
    )
    assert (sorted(ours - theirs), sorted(theirs - ours)) == ([], [])
    assert len(wikijs_schema().type_map) == len(reference.type_map)


def test_same_auth_and_rate_limit_on_every_field() -> None:
    recorded = json.loads(FIELD_DIRECTIVES.read_text(encoding="utf-8"))
    assert applied_directives(wikijs_schema()) == recorded


def test_full_introspection_works() -> None:
    result = graphql_sync(wikijs_schema(), get_introspection_query(descriptions=True, directive_is_repeatable=True))
    assert result.errors is None and result.data is not None
    assert len(result.data["__schema"]["types"]) > 100


def test_a_field_no_module_binds_says_it_is_not_implemented() -> None:
    """The bare schema, before the app binds its modules (the app binds every field)."""
    result = graphql_sync(wikijs_schema(), 'mutation { system { export(entities: [], path: "/x") { __typename } } }')
    assert result.data == {"system": {"export": None}}
    (error,) = result.errors or []
    assert "does not implement Mutation.system.export yet (issue #7)" in error.message
    assert (error.extensions or {})["code"] == NOT_IMPLEMENTED_CODE
