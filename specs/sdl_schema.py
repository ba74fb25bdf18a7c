"""A schema from an API's SDL with exactly the directives that SDL declares.

graphql-core adds the built-in directives its own version defines (3.3: ``@oneOf``, and
``@deprecated`` on arguments and input fields) to every schema it builds, unless the SDL
declares one of that name. A server's introspection lists the built-ins of the GraphQL library
*it* runs, so the API's SDL declares those, and whatever graphql-core adds beyond them is
dropped here; the mock, the suites and the tests build the API's schema with this one function.
"""

from __future__ import annotations

from functools import lru_cache

from graphql import DirectiveDefinitionNode, DocumentNode, GraphQLSchema, build_ast_schema, parse
from graphql.validation.validate import assert_valid_sdl

SDL_CACHE_SIZE = 4
"""Distinct SDL texts kept parsed: one per API and emulation, a handful in any process."""


@lru_cache(maxsize=SDL_CACHE_SIZE)
def checked_document(sdl: str) -> DocumentNode:
    """Parsed and validated once per process: both took three quarters of building the Wiki.js
    mock's app (0.28 of 0.46 s), which a test process does hundreds of times, each app binding
    its resolvers to a schema of its own. Nothing changes an AST once parsed, so apps share it."""
    document = parse(sdl)
    assert_valid_sdl(document)
    return document


def build_sdl_schema(sdl: str) -> GraphQLSchema:
    document = checked_document(sdl)
    declared = {node.name.value for node in document.definitions if isinstance(node, DirectiveDefinitionNode)}
    schema = build_ast_schema(document, assume_valid_sdl=True)
    kwargs = schema.to_kwargs()
    kwargs["directives"] = tuple(d for d in schema.directives if d.name in declared)
    return GraphQLSchema(**kwargs)
