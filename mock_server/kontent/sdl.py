"""The GraphQL schema of one content model, with names from the naming rule.

The system types follow the shapes observed in real environments (kontent-facts.md § 2-3);
every content type adds (built as objects, not SDL) ``<Type>``, ``<Type>_All``, ``<Type>_Order`` and two root queries.
The schema holds the types its root reaches and no others, as generated schemas of real
environments do (``tests/mock_server/models/real-schemas``).
Two codenames that map to one GraphQL name are refused with both codenames in the message.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from graphql import (
    GraphQLArgument,
    GraphQLField,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    GraphQLString,
    GraphQLUnionType,
    build_ast_schema,
    specified_scalar_types,
)

from mock_server.kontent.element_shapes import ElementShapes
from mock_server.kontent.filter_inputs import WhereInputs
from mock_server.kontent.filter_rules import FilterRules
from mock_server.kontent.model import ContentType, Element, Model, ModelError
from specs.model import Order
from specs.naming import Namer, RestrictedNamer
from specs.sdl_schema import checked_document

SYSTEM_SDL = """
scalar DateTime
scalar Guid
enum _OrderEnum { %(asc)s %(desc)s }
input _LanguageFilter { languageCodename: String! }
input _SystemOrder { %(system_order)s }
input _DateAndTimeElementOrder { value: _OrderEnum }
type _LanguageSys { codename: String! name: String! }
type _Language { _system_: _LanguageSys! }
type _ContentTypeSys { codename: String! name: String! }
type _ContentType { _system_: _ContentTypeSys! }
type _CollectionSys { codename: String! }
type _Collection { _system_: _CollectionSys! }
type _WorkflowSys { codename: String! }
type _Workflow { _system_: _WorkflowSys! }
type _WorkflowStepSys { codename: String! }
type _WorkflowStep { _system_: _WorkflowStepSys! }
type _Sys {
  id: Guid! name: String! codename: String! language: _Language! type: _ContentType!
  lastModified: DateTime! collection: _Collection! workflow: _Workflow! workflowStep: _WorkflowStep!
}
interface _Item { _system_: _Sys! }
type _ItemCollection { items: [_Item!]! limit: Int! offset: Int! totalCount: Int! }
type _DateAndTime { value: DateTime display_timezone: String }
type _Rendition { rendition_id: String! preset_id: String! preset: String! query: String! width: Int! height: Int! }
type _AssetRenditionCollection { items: [_Rendition!]! limit: Int! offset: Int! totalCount: Int! }
interface _AssetInterface {
  url: String! name: String description: String type: String size: Int width: Int height: Int
}
type _Asset implements _AssetInterface {
  url: String! name: String description: String type: String size: Int width: Int height: Int
  renditions(limit: Int, offset: Int): _AssetRenditionCollection
}
type _RichTextAsset implements _AssetInterface {
  url: String! name: String description: String type: String size: Int width: Int height: Int imageId: String!
}
type _AssetCollection { items: [_Asset!]! limit: Int! offset: Int! totalCount: Int! }
type _RichTextAssetCollection { items: [_RichTextAsset!]! limit: Int! offset: Int! totalCount: Int! }
type _TaxonomyTermSys { codename: String! name: String! }
type _TaxonomyTerm { _system_: _TaxonomyTermSys! }
type _TaxonomyTermCollection { items: [_TaxonomyTerm!]! limit: Int! offset: Int! totalCount: Int! }
type _MultipleChoiceOptionSys { codename: String! name: String! }
type _MultipleChoiceOption { _system_: _MultipleChoiceOptionSys! }
type _MultipleChoiceOptionCollection { items: [_MultipleChoiceOption!]! limit: Int! offset: Int! totalCount: Int! }
type _CustomElement { value: String }
type _RichText {
  html: String!
  linkedItems(limit: Int, offset: Int): _ItemCollection!
  itemHyperlinks(limit: Int, offset: Int): _ItemCollection!
  components(limit: Int, offset: Int): _ItemCollection!
  assets(limit: Int, offset: Int): _RichTextAssetCollection!
}
"""

PAGED_ARGS = {"limit": "Int", "offset": "Int"}
FIELD_TYPES = {
    "text": "String",
    "url_slug": "String",
    "number": "Float",
    "custom": "_CustomElement",
    "rich_text": "_RichText",
    "date_time": "_DateAndTime",
    "asset": "_AssetCollection!",
    "modular_content": "_ItemCollection!",
    "taxonomy": "_TaxonomyTermCollection!",
    "multiple_choice": "_MultipleChoiceOptionCollection!",
}
"""GraphQL type of each element type's field; collections (ending in ``!``) take limit/offset.
Other non-null fields and single objects follow :class:`ElementShapes`."""
Thunk = Callable[[], GraphQLField]
"""An element field built once every content type exists (a single linked item names one)."""


class Names:
    """Registers every generated name once, so a collision names both codenames."""

    def __init__(self) -> None:
        self._owners: dict[str, str] = {}

    def claim(self, name: str, owner: str) -> str:
        first = self._owners.setdefault(name, owner)
        if first != owner:
            raise ModelError(f"{first} and {owner} both become the GraphQL name {name!r}; rename one codename")
        return name


def element_field(namer: Namer, element: Element, snippet: str | None = None) -> str:
    codename = element.codename.removeprefix(f"{snippet}__") if snippet else element.codename
    return namer.element_field(codename, date_time=element.type == "date_time")


class _Builder:
    """Builds the per-type part of the schema as objects: parsing SDL for hundreds of types
    takes seconds, constructing the same types directly a fraction of that. Types of restricted
    elements name content types that may come later, so their fields are thunks."""

    def __init__(self, system: GraphQLSchema, restricted: RestrictedNamer, order: Order, shapes: ElementShapes) -> None:
        self.types: dict[str, Any] = dict(system.type_map)
        self.restricted = restricted
        self.shapes = shapes
        self.namer = restricted.namer
        self.order = order
        self.names = Names()

    def ref(self, name: str) -> Any:
        """A type by SDL-like name (``Float``, ``_AssetCollection!``)."""
        base = name.removesuffix("!")
        named = self.types.get(base) or specified_scalar_types[base]
        return GraphQLNonNull(named) if name.endswith("!") else named

    def fields(
        self, elements: tuple[Element, ...], owner: str, owner_type: str, snippet: str | None = None
    ) -> dict[str, Thunk]:
        names = Names()
        fields: dict[str, Thunk] = {}
        for element in elements:
            who = f"element {element.codename!r} of {owner}"
            name = names.claim(element_field(self.namer, element, snippet), who)
            fields[name] = self._field(element, owner, owner_type, snippet)
            plain = self.shapes.plain_date_field(element, name)
            if plain is not None:
                reason = self.shapes.deprecation_reason(name)
                field = GraphQLField(self.types["DateTime"], deprecation_reason=reason)
                fields[names.claim(plain, who)] = partial(lambda f: f, field)
        return fields

    def _field(self, element: Element, owner: str, owner_type: str, snippet: str | None) -> Thunk:
        codename = element.codename.removeprefix(f"{snippet}__") if snippet else element.codename
        if self.shapes.is_single(element):
            return self._single(element, codename, owner, owner_type)
        declared = FIELD_TYPES[element.type]
        args = {a: GraphQLArgument(self.ref(t)) for a, t in PAGED_ARGS.items()} if declared.endswith("!") else None
        output = self._field_type(element, declared, owner, owner_type, snippet)
        if self.shapes.non_null(element) and not isinstance(output, GraphQLNonNull):
            output = GraphQLNonNull(output)
        return partial(lambda f: f, GraphQLField(output, args))

    def _single(self, element: Element, codename: str, owner: str, owner_type: str) -> Thunk:
        """A nullable single object: `_Asset`, the one allowed type, their union or `_Item`."""
        if element.type == "asset":
            name = "_Asset"
        elif not element.allowed_types:
            name = "_Item"
        elif len(element.allowed_types) == 1:
            name = self.namer.type_name(element.allowed_types[0])
        else:
            name = self._union(element, codename, owner, owner_type).name
        return lambda: GraphQLField(self.types[name])

    def _union(self, element: Element, codename: str, owner: str, owner_type: str, part: str | None = None) -> Any:
        allowed = [self.namer.type_name(c) for c in element.allowed_types]
        union_name = self.names.claim(self.restricted.element_type(owner_type, codename, part), owner)
        union = GraphQLUnionType(
            union_name,
            lambda: [self.types[name] for name in allowed],
            resolve_type=lambda view, *_: self.namer.type_name(view.item.type),
        )
        self.types[union_name] = union
        return union

    def _field_type(self, element: Element, declared: str, owner: str, owner_type: str, snippet: str | None) -> Any:
        if not element.allowed_types:
            return self.ref(declared)
        codename = element.codename.removeprefix(f"{snippet}__") if snippet else element.codename
        if element.type == "rich_text":
            return self._rich_text(element, codename, owner, owner_type)
        return GraphQLNonNull(self._collection(element, codename, owner, owner_type))

    def _collection(self, element: Element, codename: str, owner: str, owner_type: str, part: str | None = None) -> Any:
        """``<Owner>_<Element>[_<Part>]_Collection`` of the allowed type, or of their union."""
        allowed = [self.namer.type_name(c) for c in element.allowed_types]
        item: Callable[[], GraphQLOutputType]
        if len(allowed) == 1:
            item = partial(self.types.__getitem__, allowed[0])
        else:
            item = partial(lambda u: u, self._union(element, codename, owner, owner_type, part))
        name = self.names.claim(self.restricted.collection_type(owner_type, codename, part), owner)

        def collection_fields() -> dict[str, GraphQLField]:
            counts = {f: GraphQLField(GraphQLNonNull(GraphQLInt)) for f in ("limit", "offset", "totalCount")}
            return {"items": GraphQLField(GraphQLNonNull(GraphQLList(GraphQLNonNull(item())))), **counts}

        collection = GraphQLObjectType(name, collection_fields)
        self.types[name] = collection
        return collection

    def _rich_text(self, element: Element, codename: str, owner: str, owner_type: str) -> GraphQLObjectType:
        """``<Owner>_<Element>``: `_RichText` with its restricted parts' collections."""
        name = self.names.claim(self.restricted.element_type(owner_type, codename), owner)
        fields = {n: GraphQLField(f.type, f.args) for n, f in self.types["_RichText"].fields.items()}
        for part in self.restricted.rule.rich_text_parts:
            collection = self._collection(element, codename, owner, owner_type, part)
            fields[part] = GraphQLField(GraphQLNonNull(collection), fields[part].args)
        rich_text = GraphQLObjectType(name, fields)
        self.types[name] = rich_text
        return rich_text

    def order_input(self, model: Model, content_type: ContentType, name: str) -> GraphQLInputObjectType:
        fields = {"_system_": GraphQLInputField(self.types["_SystemOrder"])}
        for element in content_type.elements:
            if element.type in self.order.element_types:
                kind = "_DateAndTimeElementOrder" if element.type == "date_time" else "_OrderEnum"
                field = element_field(self.namer, element)
                fields[field] = GraphQLInputField(self.types[kind])
                plain = self.shapes.plain_date_field(element, field)
                if plain is not None:
                    fields[plain] = GraphQLInputField(self.types["_OrderEnum"])
        return GraphQLInputObjectType(f"{name}_Order", fields)


def _system_schema(order: Order) -> GraphQLSchema:
    values = {"asc": order.ascending, "desc": order.descending}
    values["system_order"] = " ".join(f"{f}: _OrderEnum" for f in order.system_fields)
    return build_ast_schema(
        checked_document(SYSTEM_SDL % values + "type _RootQuery { _: String }"), assume_valid_sdl=True
    )


def _snippet_field(namer: Namer, snippet: str, element: Element) -> str:
    return element_field(namer, element, snippet)


def _resolved(thunks: dict[str, Thunk], extra: dict[str, GraphQLField]) -> dict[str, GraphQLField]:
    return {**extra, **{name: thunk() for name, thunk in thunks.items()}}


def model_schema(
    model: Model, restricted: RestrictedNamer, order: Order, filters: FilterRules, shapes: ElementShapes
) -> GraphQLSchema:
    """The schema of ``model``; a :class:`ModelError` names two codenames that collide."""
    namer = restricted.namer
    builder = _Builder(_system_schema(order), restricted, order, shapes)
    wheres = WhereInputs(builder.types, filters, namer, shapes)
    field_of: dict[str, Callable[[Element], str]] = {"": lambda e: element_field(namer, e)}
    field_of.update({s: partial(_snippet_field, namer, s) for s in model.snippets})
    types = builder.names
    for snippet in model.snippets.values():
        owner = f"snippet {snippet.codename!r}"
        name = types.claim(namer.snippet_type(snippet.codename), owner)
        thunks = builder.fields(snippet.elements, owner, name, snippet.codename)
        empty = {} if thunks else {"_": GraphQLField(GraphQLString)}
        builder.types[name] = GraphQLObjectType(name, partial(_resolved, thunks, empty))
    item = builder.types["_Item"]
    page_args = {a: GraphQLArgument(builder.ref(t)) for a, t in PAGED_ARGS.items()}
    root: dict[str, GraphQLField] = {}
    roots = Names()
    for content_type in model.types.values():
        owner = f"content type {content_type.codename!r}"
        name = types.claim(namer.type_name(content_type.codename), owner)
        types.claim(namer.collection_type(content_type.codename), owner)
        types.claim(f"{name}_Order", owner)
        types.claim(f"{name}_Where", owner)
        fields = {"_system_": GraphQLField(builder.ref("_Sys!"))}
        for used in content_type.snippets:
            fields[namer.snippet_field(used)] = GraphQLField(builder.types[namer.snippet_type(used)])
        thunks = builder.fields(content_type.elements, owner, name)
        object_type = GraphQLObjectType(name, partial(_resolved, thunks, fields), interfaces=[item])
        counts = {f: GraphQLField(GraphQLNonNull(GraphQLInt)) for f in ("limit", "offset", "totalCount")}
        items = GraphQLField(GraphQLNonNull(GraphQLList(GraphQLNonNull(object_type))))
        collection = GraphQLObjectType(namer.collection_type(content_type.codename), {"items": items, **counts})
        order_input = builder.order_input(model, content_type, name)
        builder.types.update({name: object_type, collection.name: collection, order_input.name: order_input})
        single = roots.claim(namer.query(content_type.codename), owner)
        every = roots.claim(namer.collection_query(content_type.codename), owner)
        language = GraphQLArgument(builder.types["_LanguageFilter"])
        identifiers = {"codename": GraphQLArgument(GraphQLString), "id": GraphQLArgument(builder.types["Guid"])}
        root[single] = GraphQLField(object_type, {**identifiers, "languageFilter": language})
        where = wheres.where_input(model, content_type, name, field_of)
        paged = {**page_args, "order": GraphQLArgument(order_input), "languageFilter": language}
        paged[filters.where.argument] = GraphQLArgument(where)
        root[every] = GraphQLField(GraphQLNonNull(collection), paged)
    query = GraphQLObjectType("_RootQuery", root or {"_empty": GraphQLField(GraphQLString)})
    return GraphQLSchema(query=query)  # the types the root reaches: real schemas hold no unused one
