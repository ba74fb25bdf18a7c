"""The GraphQL SDL of one content model, with names from the naming rule.

The system types follow the shapes observed in real environments (kontent-facts.md § 2-3);
every content type adds ``<Type>``, ``<Type>_All``, ``<Type>_Order`` and two root queries.
Two codenames that map to one GraphQL name are refused with both codenames in the message.
"""

from __future__ import annotations

from mock_server.kontent.model import ContentType, Element, Model, ModelError
from specs.model import Order
from specs.naming import Namer

SYSTEM_SDL = """
schema { query: _RootQuery }
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

PAGED = "(limit: Int, offset: Int)"
FIELD_TYPES = {
    "text": "String",
    "url_slug": "String",
    "number": "Float",
    "custom": "_CustomElement",
    "rich_text": "_RichText",
    "date_time": "_DateAndTime",
    "asset": f"{PAGED}: _AssetCollection!",
    "modular_content": f"{PAGED}: _ItemCollection!",
    "taxonomy": f"{PAGED}: _TaxonomyTermCollection!",
    "multiple_choice": f"{PAGED}: _MultipleChoiceOptionCollection!",
}


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


def _fields(namer: Namer, elements: tuple[Element, ...], owner: str, snippet: str | None = None) -> list[str]:
    names = Names()
    lines = []
    for element in elements:
        name = names.claim(element_field(namer, element, snippet), f"element {element.codename!r} of {owner}")
        declared = FIELD_TYPES[element.type]
        lines.append(f"  {name}{declared}" if declared.startswith("(") else f"  {name}: {declared}")
    return lines


def _order_input(namer: Namer, model: Model, content_type: ContentType, order: Order) -> str:
    lines = ["  _system_: _SystemOrder"]
    for element in model.elements_of(content_type):
        if element.type in order.element_types and element in content_type.elements:
            field = element_field(namer, element)
            lines.append(f"  {field}: {'_DateAndTimeElementOrder' if element.type == 'date_time' else '_OrderEnum'}")
    return f"input {namer.type_name(content_type.codename)}_Order {{\n" + "\n".join(lines) + "\n}"


def model_sdl(model: Model, namer: Namer, order: Order) -> str:
    types = Names()
    roots = Names()
    parts = [
        SYSTEM_SDL
        % {
            "asc": order.ascending,
            "desc": order.descending,
            "system_order": " ".join(f"{f}: _OrderEnum" for f in order.system_fields),
        }
    ]
    for snippet in model.snippets.values():
        name = types.claim(namer.snippet_type(snippet.codename), f"snippet {snippet.codename!r}")
        body = _fields(namer, snippet.elements, f"snippet {snippet.codename!r}", snippet.codename) or ["  _: String"]
        parts.append(f"type {name} {{\n" + "\n".join(body) + "\n}")
    root = []
    for content_type in model.types.values():
        owner = f"content type {content_type.codename!r}"
        name = types.claim(namer.type_name(content_type.codename), owner)
        types.claim(namer.collection_type(content_type.codename), owner)
        types.claim(f"{name}_Order", owner)
        body = ["  _system_: _Sys!", *_fields(namer, content_type.elements, owner)]
        body += [f"  {namer.snippet_field(s)}: {namer.snippet_type(s)}" for s in content_type.snippets]
        parts.append(f"type {name} implements _Item {{\n" + "\n".join(body) + "\n}")
        parts.append(f"type {name}_All {{ items: [{name}!]! limit: Int! offset: Int! totalCount: Int! }}")
        parts.append(_order_input(namer, model, content_type, order))
        single = roots.claim(namer.query(content_type.codename), owner)
        every = roots.claim(namer.collection_query(content_type.codename), owner)
        root.append(f"  {single}(codename: String, id: Guid, languageFilter: _LanguageFilter): {name}")
        root.append(
            f"  {every}(limit: Int, offset: Int, order: {name}_Order, languageFilter: _LanguageFilter): {name}_All!"
        )
    parts.append("type _RootQuery {\n" + ("\n".join(root) or "  _empty: String") + "\n}")
    return "\n".join(parts)
