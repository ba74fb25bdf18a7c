"""The executable schema of one model: generated SDL plus the resolvers that read it.

Built once per model version and endpoint kind (see :mod:`mock_server.kontent.store`), so a
changed model is served from the next request on.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLInterfaceType, GraphQLObjectType, GraphQLResolveInfo, GraphQLSchema

from mock_server.http.resolvers import guarded
from mock_server.kontent.content import Content, ContentRules, View
from mock_server.kontent.fields import bind_fields
from mock_server.kontent.model import ContentType, Model
from mock_server.kontent.ordering import written_paths
from mock_server.kontent.sdl import model_schema
from specs.naming import Namer


def build(model: Model, rules: ContentRules, *, preview: bool) -> GraphQLSchema:
    schema = model_schema(model, rules.restricted, rules.order, rules.filters, rules.shapes)
    content = Content(model, rules, preview=preview)
    root = schema.get_type("_RootQuery")
    assert isinstance(root, GraphQLObjectType)
    for content_type in model.types.values():
        _bind_root(root, rules.namer, content, content_type)
    item = schema.get_type("_Item")
    if isinstance(item, GraphQLInterfaceType):  # absent from a model without content types
        item.resolve_type = lambda view, *_: rules.namer.type_name(view.item.type)
    bind_fields(schema, content)
    return schema


def _bind_root(root: GraphQLObjectType, namer: Namer, content: Content, content_type: ContentType) -> None:
    codename = content_type.codename

    def single(_: object, __: GraphQLResolveInfo[Any], **args: Any) -> View | None:
        return content.find(codename, args)

    def every(_: object, info: GraphQLResolveInfo[Any], **args: Any) -> dict[str, Any]:
        return content.all(codename, args, written_paths(info))

    root.fields[namer.query(codename)].resolve = guarded(single)
    root.fields[namer.collection_query(codename)].resolve = guarded(every)
