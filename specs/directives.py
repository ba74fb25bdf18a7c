"""Arguments of a directive applied to schema fields, e.g. ``@rateLimit(limit: 5, duration: 60)``.

Some documented numbers live in the API's SDL, not in the rule files; the mock and the suites
both read them from there with this one function, so the SDL stays their single source.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from graphql import DirectiveDefinitionNode, GraphQLObjectType, GraphQLSchema, build_schema, parse, specified_directives
from graphql.execution.values import get_directive_values

PROJECT_ROOT = Path(__file__).resolve().parent.parent
"""Where a rule's relative ``sdl_dir`` starts."""

FieldName = tuple[str, str]
"""(type name, field name)."""


def field_directive_arguments(schema: GraphQLSchema, directive_name: str) -> dict[FieldName, dict[str, Any]]:
    """Every field carrying the directive, with its arguments (defaults from the directive's
    definition filled in); empty when the schema has no such directive."""
    directive = schema.get_directive(directive_name)
    if directive is None:
        return {}
    found = {}
    for named in schema.type_map.values():
        if not isinstance(named, GraphQLObjectType) or named.name.startswith("__"):
            continue
        for name, field in named.fields.items():
            values = get_directive_values(directive, field.ast_node) if field.ast_node else None
            if values is not None:
                found[(named.name, name)] = values
    return found


@cache
def read_sdl(directory: str | Path) -> str:
    """Every ``.graphql`` file of a directory (relative to the project root), in name order, as one
    SDL document: the order does not change the schema."""
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted((PROJECT_ROOT / directory).glob("*.graphql")))


def build_served_schema(sdl: str, builtins: str) -> GraphQLSchema:
    """The schema as a server on another GraphQL stack serves it: ``builtins`` (SDL) is what that
    stack adds (e.g. graphql-js 15's directives, Apollo Server's ``@cacheControl``), and the installed
    graphql-core's own built-in directives (``@oneOf``, more ``@deprecated`` locations) are left out
    unless ``builtins`` defines them."""
    schema = build_schema(builtins + "\n" + sdl)
    declared = {d.name.value for d in parse(builtins).definitions if isinstance(d, DirectiveDefinitionNode)}
    library_only = {d.name for d in specified_directives} - declared
    schema.directives = tuple(d for d in schema.directives if d.name not in library_only)
    return schema
