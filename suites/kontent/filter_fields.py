"""The filterable fields of a content type, found by introspecting its `<Type>_Where` input,
and the data of a collection, learned by paging through it.

A live environment's fields and items are unknown, so both are discovered: each `_Where`
field is classified by its filter input (and, for arrays, by the type of the object field it
filters) against the documented filter rules; the items' values are then read with queries
whose shapes follow the same classification. Everything is bounded by an item budget.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from harness.kontent_discovery import ContentTypeInfo, type_info
from harness.targets import Target
from specs import Rule, RuleSet
from specs.model import FilterElement, FilterSnippet, FilterSystem, FilterWhere, Paging, ValueKind
from suites.kontent.rule_ids import PAGING, SNIPPET_FIELDS, SYSTEM_FIELDS, WHERE

LEARN_PAGE = 100
"""Items per learning query: small enough that with ARRAY_LIMIT the item collections of a page
stay far below the documented complexity limit (`kontent.query.complexity`)."""
ARRAY_LIMIT = 10
"""Entries of an array field read per item on a page; fuller arrays are read item by item."""


@dataclass(frozen=True)
class FilterField:
    """One filterable field: where its operators sit in `where`, where its value sits in an item."""

    where_path: tuple[str, ...]
    read_path: tuple[str, ...]
    kind: ValueKind
    case_sensitive: bool
    operators: tuple[str, ...]
    rules: tuple[str, ...]
    """The field rules it exercises (text and URL slug share `_TextFilter`: both)."""
    array: bool = False
    snippet: str | None = None
    single: bool = False
    """An array field whose element is one item (limited to exactly one): its codename, or none."""

    def __repr__(self) -> str:
        return ".".join(self.where_path)

    def read(self, item: Mapping[str, Any]) -> Any:
        value: Any = item
        for key in self.read_path:
            value = value.get(key) if isinstance(value, Mapping) else None
        if self.array and self.single:
            return [value["_system_"]["codename"]] if value else []
        if self.array:
            return [entry["_system_"]["codename"] for entry in (value or {}).get("items", [])]
        return value


@dataclass(frozen=True)
class FilterCatalogue:
    """The documented filter rules of a target, by kind (the suites never use a faulted copy)."""

    where: FilterWhere
    system: tuple[Rule, FilterSystem]
    elements: tuple[tuple[Rule, FilterElement], ...]
    snippet: tuple[Rule, FilterSnippet]

    @classmethod
    def of(cls, rules: RuleSet) -> FilterCatalogue:
        system = rules[SYSTEM_FIELDS]
        snippet = rules[SNIPPET_FIELDS]
        elements = tuple((r, r.data_as(FilterElement)) for r in rules.of_kind("filter_element"))
        return cls(
            rules[WHERE].data_as(FilterWhere),
            (system, system.data_as(FilterSystem)),
            elements,
            (snippet, snippet.data_as(FilterSnippet)),
        )

    def operators(self, input_name: str) -> tuple[str, ...]:
        return tuple(self.where.input(input_name).operators)


def _named(reference: Mapping[str, Any] | None) -> str | None:
    while reference is not None and reference.get("name") is None:
        reference = reference.get("ofType")
    return None if reference is None else str(reference["name"])


def _system_fields(target: Target, catalogue: FilterCatalogue) -> list[FilterField]:
    """``_system_`` conditions; an object-typed system field (collection...) is read as its codename."""
    rule, system = catalogue.system
    output = {f["name"]: f for f in type_info(target, "_Sys").get("fields") or ()}
    found = []
    for field in system.fields:
        kind = ((output.get(field.name) or {}).get("type") or {}).get("kind")
        named_object = kind == "OBJECT" or (kind == "NON_NULL" and _is_object(output[field.name]["type"]))
        read = (system.field, field.name, *(("_system_", "codename") if named_object else ()))
        found.append(
            FilterField(
                (system.field, field.name, *field.path),
                read,
                field.value,
                system.case_sensitive,
                catalogue.operators(field.input),
                (rule.id,),
            )
        )
    return found


ITEM = "_Item"


def _is_object(reference: Mapping[str, Any]) -> bool:
    while reference.get("kind") in ("NON_NULL", "LIST"):
        reference = reference.get("ofType") or {}
    return reference.get("kind") == "OBJECT"


def _element_fields(
    target: Target, catalogue: FilterCatalogue, inputs: list[Mapping[str, Any]], outputs: Mapping[str, str | None],
    prefix: tuple[str, ...] = (), snippet: str | None = None,
) -> list[FilterField]:  # fmt: skip
    found: list[FilterField] = []
    for field in inputs:
        name = field["name"]
        input_name = _named(field["type"])
        matching = [(r, e) for r, e in catalogue.elements if input_name in (e.wrapper or e.input,)]
        if matching and matching[0][1].value == "Array":
            typed = [(r, e) for r, e in matching if e.field_type == outputs.get(name)]
            matching = typed or [(r, e) for r, e in matching if e.field_type is None]
        if not matching:
            continue
        element = matching[0][1]
        path = (*prefix, name, *((element.subfield,) if element.subfield else ()))
        array = element.value == "Array"
        single = array and "items" not in {
            f["name"] for f in type_info(target, outputs.get(name) or "").get("fields") or ()
        }
        found.append(
            FilterField(
                path,
                path,
                element.value,
                element.case_sensitive,
                catalogue.operators(element.input),
                tuple(r.id for r, _ in matching) + ((catalogue.snippet[0].id,) if snippet else ()),
                array=array,
                snippet=snippet,
                single=single,
            )
        )
    return found


def filter_fields(target: Target, info: ContentTypeInfo, catalogue: FilterCatalogue) -> list[FilterField]:
    """Every field the type's ``_Where`` input filters, classified by the documented rules."""
    where = type_info(target, f"{info.type_name}_Where").get("inputFields") or []
    outputs = {f["name"]: _named(f["type"]) for f in type_info(target, info.type_name).get("fields") or ()}
    found: list[FilterField] = []
    suffix = catalogue.snippet[1].input_suffix
    for field in where:
        name = field["name"]
        input_name = _named(field["type"]) or ""
        if name == catalogue.system[1].field:
            found += _system_fields(target, catalogue)
        elif input_name.endswith(suffix):
            inner = type_info(target, input_name).get("inputFields") or []
            inner_outputs = {
                f["name"]: _named(f["type"]) for f in type_info(target, outputs.get(name) or "").get("fields") or ()
            }
            found += _element_fields(target, catalogue, inner, inner_outputs, (name,), name)
        else:
            found += _element_fields(target, catalogue, [field], outputs)
    return found


def _selection(paths: list[tuple[str, ...]], arrays: Mapping[tuple[str, ...], str]) -> str:
    """A GraphQL selection reading every path; array paths get their collection selection."""
    tree: dict[str, Any] = {}
    for path in paths:
        node = tree
        for key in path:
            node = node.setdefault(key, {})
    return _render(tree, (), arrays)


def _render(tree: Mapping[str, Any], prefix: tuple[str, ...], arrays: Mapping[tuple[str, ...], str]) -> str:
    parts = []
    for key, sub in tree.items():
        path = (*prefix, key)
        if path in arrays:
            parts.append(f"{key}{arrays[path]}")
        elif sub:
            parts.append(f"{key} {{ {_render(sub, path, arrays)} }}")
        else:
            parts.append(key)
    return " ".join(parts)


@dataclass
class Learned:
    """A collection's items (JSON as the target answered) in the default order, and how they were read."""

    info: ContentTypeInfo
    fields: list[FilterField]
    items: list[dict[str, Any]]


def learn(
    target: Target, info: ContentTypeInfo, fields: list[FilterField], arguments: str, budget: int
) -> Learned | None:
    """All items of the collection with every filterable value, or None when it has more than ``budget``."""
    codename = ("_system_", "codename")
    scalar_paths = [codename] + [f.read_path for f in fields if not f.array]
    first = target.client.graphql_data(f"{{ {info.collection_query}(limit: 0{arguments}) {{ totalCount }} }}")
    total = int(first[info.collection_query]["totalCount"])
    if total > budget:
        return None
    items: list[dict[str, Any]] = []
    while len(items) < total:
        page = _page(target, info, _selection(scalar_paths, {}), len(items), arguments)
        if not page:
            break
        items += page
    by_codename = {item["_system_"]["codename"]: item for item in items}
    for field in (f for f in fields if f.array):
        _learn_array(target, info, field, by_codename, arguments)
    return Learned(info, fields, items)


def _page(target: Target, info: ContentTypeInfo, selection: str, offset: int, arguments: str) -> list[dict[str, Any]]:
    query = (
        f"{{ {info.collection_query}(limit: {LEARN_PAGE}, offset: {offset}{arguments}) {{ items {{ {selection} }} }} }}"
    )
    return list(target.client.graphql_data(query)[info.collection_query]["items"])


def _array_selection(field: FilterField, limit: int) -> str:
    """A collection's page of codenames; a single item's codename (an object, union or `_Item`)."""
    if field.single:
        return f" {{ ... on {ITEM} {{ _system_ {{ codename }} }} }}"
    return f"(limit: {limit}) {{ totalCount items {{ _system_ {{ codename }} }} }}"


def _learn_array(
    target: Target, info: ContentTypeInfo, field: FilterField, items: dict[str, dict[str, Any]], arguments: str
) -> None:
    """One array field for every item: pages of ARRAY_LIMIT entries, fuller arrays item by item."""
    codename = ("_system_", "codename")
    selection = _selection([codename, field.read_path], {field.read_path: _array_selection(field, ARRAY_LIMIT)})
    offset = 0
    while offset < len(items):
        page = _page(target, info, selection, offset, arguments)
        if not page:
            break
        offset += len(page)
        for entry in page:
            value = _at(entry, field.read_path)
            if value is not None and not field.single and value["totalCount"] > len(value["items"]):
                value = _whole_array(target, info, field, entry["_system_"]["codename"], arguments)
            _put(items[entry["_system_"]["codename"]], field.read_path, value)


def _whole_array(
    target: Target, info: ContentTypeInfo, field: FilterField, codename: str, arguments: str
) -> dict[str, Any]:
    maximum = target.rules[PAGING].data_as(Paging).max_limit
    selection = _selection([field.read_path], {field.read_path: _array_selection(field, maximum)})
    query = f"query($c: String) {{ {info.single_query}(codename: $c{arguments}) {{ {selection} }} }}"
    found = target.client.graphql_data(query, {"c": codename})[str(info.single_query)]
    return dict(_at(found, field.read_path) or {})


def _at(value: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        value = value.get(key) if isinstance(value, Mapping) else None
    return value


def _put(item: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    node = item
    for key in path[:-1]:
        node = node.setdefault(key, {})
    node[path[-1]] = value
