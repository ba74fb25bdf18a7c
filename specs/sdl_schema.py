"""A schema from an API's SDL with exactly the directives that SDL declares.

graphql-core adds the built-in directives its own version defines (3.3: ``@oneOf``, and
``@deprecated`` on arguments and input fields) to every schema it builds, unless the SDL
declares one of that name. A server's introspection lists the built-ins of the GraphQL library
*it* runs, so the API's SDL declares those, and whatever graphql-core adds beyond them is
dropped here; the mock, the suites and the tests build the API's schema with this one function.
"""

from __future__ import annotations

from graphql import DirectiveDefinitionNode, GraphQLSchema, build_ast_schema, parse


def build_sdl_schema(sdl: str) -> GraphQLSchema:
    document = parse(sdl)
    declared = {node.name.value for node in document.definitions if isinstance(node, DirectiveDefinitionNode)}
    schema = build_ast_schema(document)
    kwargs = schema.to_kwargs()
    kwargs["directives"] = tuple(d for d in schema.directives if d.name in declared)
    return GraphQLSchema(**kwargs)
