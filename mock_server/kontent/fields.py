"""Resolvers of ``_system_`` and of every element field, per element type.

Values are stored in the Delivery REST form (see :mod:`mock_server.kontent.model`); these
resolvers turn them into the GraphQL shapes, resolving linked items in the language of the
item that links them (with its fallbacks) and paging every collection by the paging rule.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from graphql import GraphQLObjectType, GraphQLResolveInfo, GraphQLSchema

from mock_server.http.resolvers import guarded
from mock_server.kontent.content import Content, View, collection
from mock_server.kontent.model import ContentType, Element, Item, Variant
from mock_server.kontent.sdl import element_field

Resolver = Callable[..., Any]


def _sys(system: Mapping[str, str]) -> dict[str, Any]:
    return {"_system_": system}


def _system_resolvers(content: Content) -> dict[str, Resolver]:
    model = content.model
    language_names = {lang.codename: lang.name for lang in model.languages}

    def type_of(view: View) -> dict[str, Any]:
        content_type = model.types.get(view.item.type)
        return _sys({"codename": view.item.type, "name": content_type.name if content_type else view.item.type})

    getters: dict[str, Callable[[View], Any]] = {
        "id": lambda v: v.item.id,
        "name": lambda v: v.variant.name,
        "codename": lambda v: v.item.codename,
        "language": lambda v: _sys({"codename": v.language, "name": language_names.get(v.language, v.language)}),
        "type": type_of,
        "lastModified": lambda v: v.variant.last_modified,
        "collection": lambda v: _sys({"codename": v.item.collection}),
        "workflow": lambda v: _sys({"codename": v.item.workflow}),
        "workflowStep": lambda v: _sys({"codename": v.variant.workflow_step}),
    }
    return {name: (lambda view, _info, get=get: get(view)) for name, get in getters.items()}


def _component(raw: Mapping[str, Any], language: str) -> View:
    """A rich-text component: an item that exists only inside its rich text."""
    item = Item(
        raw["id"],
        raw.get("codename", raw["id"]),
        raw["type"],
        "default",
        "default",
        MappingProxyType({}),
        MappingProxyType({}),
    )
    variant = Variant(
        raw.get("name", item.codename),
        raw.get("last_modified", ""),
        "published",
        MappingProxyType(dict(raw.get("elements", {}))),
    )
    return View(item, variant, language)


def _named(codenames: list[str], names: Mapping[str, str]) -> list[dict[str, Any]]:
    return [_sys({"codename": c, "name": names.get(c, c)}) for c in codenames]


def _element_resolver(content: Content, element: Element) -> Resolver:
    codename = element.codename
    kind = element.type
    taxonomy = content.model.taxonomies.get(element.taxonomy_group or "", {})
    shapes = content.rules.shapes
    non_null = shapes.non_null(element)
    single = shapes.is_single(element)

    def resolve(view: View, _: GraphQLResolveInfo[Any], **args: Any) -> Any:
        value = view.variant.values.get(codename)
        if kind in ("text", "url_slug", "number", "date_time"):
            return "" if value is None and non_null else value
        if kind == "custom":
            return None if value is None else {"value": value}
        if kind == "rich_text":
            empty = value is None and not non_null
            return None if empty else RichTextSource(view, value or {}, element.allowed_types)
        entries: list[Any]
        if kind == "modular_content":
            entries = _allowed(content.linked(value or [], view.language), element.allowed_types)
        elif kind == "taxonomy":
            entries = _named(value or [], {**content.model.names, **taxonomy})
        elif kind == "multiple_choice":
            entries = _named(value or [], content.model.names)
        else:
            entries = list(value or [])
        if single:
            return entries[0] if entries else None
        limit, offset = content.page(args)
        return collection(entries, limit, offset)

    return resolve


def _plain_date(codename: str) -> Resolver:
    """The deprecated plain date & time field: the instant without its display time zone."""
    return lambda view, _info: (view.variant.values.get(codename) or {}).get("value")


class RichTextSource(NamedTuple):
    """What a rich-text field resolves to: the item's view, the stored value and the content
    types its linked items and components may have (empty: any)."""

    view: View
    value: Mapping[str, Any]
    allowed: tuple[str, ...]


def _allowed(views: list[View], allowed: tuple[str, ...]) -> list[View]:
    """Only items of the allowed types: a restricted field's items are typed by them."""
    return [v for v in views if v.item.type in allowed] if allowed else views


def _rich_text_resolvers(content: Content) -> dict[str, Resolver]:
    def paged(get: Callable[[RichTextSource], list[Any]]) -> Resolver:
        def resolve(source: RichTextSource, _: GraphQLResolveInfo[Any], **args: Any) -> Any:
            limit, offset = content.page(args)
            return collection(get(source), limit, offset)

        return resolve

    def images(source: RichTextSource) -> list[Any]:
        return [
            {**image, "imageId": image_id, "url": image.get("url", "")}
            for image_id, image in source.value.get("images", {}).items()
        ]

    def linked(source: RichTextSource) -> list[View]:
        return _allowed(content.linked(source.value.get("modular_content", []), source.view.language), source.allowed)

    def components(source: RichTextSource) -> list[View]:
        found = [_component(c, source.view.language) for c in source.value.get("components", [])]
        return _allowed(found, source.allowed)

    return {
        "html": lambda source, _info: source.value.get("value", ""),
        "linkedItems": paged(linked),
        "itemHyperlinks": paged(lambda source: content.linked(source.value.get("links", []), source.view.language)),
        "components": paged(components),
        "assets": paged(images),
    }


def _renditions(content: Content) -> Resolver:
    def resolve(asset: Mapping[str, Any], _: GraphQLResolveInfo[Any], **args: Any) -> Any:
        limit, offset = content.page(args)
        entries = [{"preset": preset, **rendition} for preset, rendition in (asset.get("renditions") or {}).items()]
        return collection(entries, limit, offset)

    return resolve


def _bind(schema: GraphQLSchema, type_name: str, resolvers: Mapping[str, Resolver]) -> None:
    """Binds the resolvers of ``type_name``, if the model uses the type (unused types are not served)."""
    owner = schema.get_type(type_name)
    if owner is None:
        return
    assert isinstance(owner, GraphQLObjectType), type_name
    for name, resolver in resolvers.items():
        owner.fields[name].resolve = guarded(resolver)


def _type_resolvers(content: Content, content_type: ContentType, snippet: str | None) -> dict[str, Resolver]:
    namer = content.rules.namer
    resolvers = {}
    for element in content_type.elements:
        name = element_field(namer, element, snippet)
        resolvers[name] = _element_resolver(content, element)
        plain = content.rules.shapes.plain_date_field(element, name)
        if plain is not None:
            resolvers[plain] = _plain_date(element.codename)
    if snippet is None:
        resolvers["_system_"] = lambda view, _info: view
        for used in content_type.snippets:
            resolvers[namer.snippet_field(used)] = lambda view, _info: view
    return resolvers


def _owners(content: Content) -> list[tuple[str, ContentType]]:
    """Content types and snippets with the GraphQL names of their object types."""
    namer = content.rules.namer
    return [
        *((namer.type_name(t.codename), t) for t in content.model.types.values()),
        *((namer.snippet_type(s.codename), s) for s in content.model.snippets.values()),
    ]


def bind_fields(schema: GraphQLSchema, content: Content) -> None:
    namer = content.rules.namer
    _bind(schema, "_Sys", _system_resolvers(content))
    rich_text = _rich_text_resolvers(content)
    _bind(schema, "_RichText", rich_text)
    for owner_type, owner in _owners(content):
        for element in owner.elements:
            if element.type == "rich_text" and element.allowed_types:
                codename = element.codename.removeprefix(f"{owner.codename}__")
                _bind(schema, content.rules.restricted.element_type(owner_type, codename), rich_text)
    _bind(schema, "_Asset", {"renditions": _renditions(content)})
    for content_type in content.model.types.values():
        _bind(schema, namer.type_name(content_type.codename), _type_resolvers(content, content_type, None))
    for snippet in content.model.snippets.values():
        _bind(schema, namer.snippet_type(snippet.codename), _type_resolvers(content, snippet, snippet.codename))
