"""The complete Wiki.js 2.5 schema, from the SDL files in ``specs/wikijs/sdl/`` (one per module).

Every namespace field starts out answering "not implemented by the mock yet"; the modules
the mock implements bind their resolvers over it (:mod:`mock_server.wikijs.resolvers`).
So a real client's query always validates, and a field without behaviour says so clearly
instead of returning invented data.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLObjectType, GraphQLResolveInfo, GraphQLSchema

from mock_server.http.graphql_errors import PublicError
from mock_server.http.resolvers import bind
from mock_server.wikijs.introspection import with_graphql_js_introspection
from mock_server.wikijs.served import SERVED_RULE
from specs import default_rules
from specs.directives import read_sdl
from specs.model import ServedSchema
from specs.sdl_schema import build_sdl_schema

ROOT_TYPES = ("Query", "Mutation")
NOT_IMPLEMENTED = "The Wiki.js mock does not implement {field} yet (issue #{issue})."
NOT_IMPLEMENTED_CODE = "NOT_IMPLEMENTED"
LATER_ISSUE = 7
"""The issue that brings the modules (and the two-factor fields of ``users``) this mock does not serve yet."""


NAMESPACE: dict[str, Any] = {}
"""What every root field resolves to: namespace fields ignore their source."""


def sdl() -> str:
    """All SDL files of the served-schema rule, in name order (the order does not change the schema)."""
    return read_sdl(default_rules()[SERVED_RULE].data_as(ServedSchema).sdl_dir)


class NotImplementedField(PublicError):
    """A schema field whose behaviour belongs to a later issue."""

    def __init__(self, field: str, issue: int) -> None:
        super().__init__(NOT_IMPLEMENTED.format(field=field, issue=issue), extensions={"code": NOT_IMPLEMENTED_CODE})


def _not_implemented(field: str, issue: int) -> Any:
    def resolve(_: object, __: GraphQLResolveInfo[Any], **___: Any) -> Any:
        raise NotImplementedField(field, issue)

    return resolve


def _namespace(_: object, __: GraphQLResolveInfo[Any]) -> dict[str, Any]:
    return NAMESPACE


def wikijs_schema() -> GraphQLSchema:
    """The schema with namespaces resolved and every namespace field not implemented, introspected
    as graphql-js 15.3 (the real server's library) introspects."""
    schema = with_graphql_js_introspection(build_sdl_schema(sdl()))
    for root_name in ROOT_TYPES:
        root = schema.get_type(root_name)
        assert isinstance(root, GraphQLObjectType)
        for name, field in root.fields.items():
            bind(schema, root_name, name, _namespace)
            namespace = field.type
            assert isinstance(namespace, GraphQLObjectType)
            for field_name in namespace.fields:
                resolver = _not_implemented(f"{root_name}.{name}.{field_name}", LATER_ISSUE)
                bind(schema, namespace.name, field_name, resolver)
    return schema
