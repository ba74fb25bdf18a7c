"""What a Kontent.ai environment holds, found over HTTP only: introspection and queries.

Content types are recognised by shape, never by name: a root field whose type has ``items``
and ``totalCount`` is a collection query, and the root field returning its item type is the
single-item query. So the naming suite can check names that discovery did not assume, and
every suite works on a live environment with unknown content.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from harness.targets import Target
from specs.model import Paging

ROOT = """{ __schema { queryType { fields { name type { name kind ofType { name kind ofType { name } } } } } } }"""
TYPE = """query($n: String!) { __type(name: $n) { name kind
  fields { name type { name kind ofType { name kind ofType { name kind ofType { name } } } } }
  inputFields { name type { name kind ofType { name } } } } }"""
PAGING_RULE = "kontent.content.paging"
SYSTEM = "_system_ { id codename name lastModified type { _system_ { codename } } language { _system_ { codename } } }"


def named_type(reference: dict[str, Any] | None) -> str | None:
    """The named type under NON_NULL/LIST wrappers."""
    while reference is not None and reference.get("name") is None:
        reference = reference.get("ofType")
    return None if reference is None else str(reference["name"])


@dataclass(frozen=True)
class ContentTypeInfo:
    type_name: str
    collection_query: str
    single_query: str | None
    collection_type: str
    codename: str | None
    """The codename items report in ``_system_.type`` (None when the type has no items)."""


def type_info(target: Target, name: str) -> dict[str, Any]:
    return dict(target.client.graphql_data(TYPE, {"n": name})["__type"] or {})


def content_types(target: Target) -> list[ContentTypeInfo]:
    fields = target.client.graphql_data(ROOT)["__schema"]["queryType"]["fields"]
    by_type = {named_type(f["type"]): f["name"] for f in fields}
    found = []
    for field in fields:
        collection = named_type(field["type"])
        if collection is None:
            continue
        members = {f["name"]: f for f in type_info(target, collection).get("fields") or ()}
        if not {"items", "totalCount"} <= set(members):
            continue
        item_type = named_type(members["items"]["type"])
        assert item_type is not None
        first = target.client.graphql_data(f"{{ {field['name']}(limit: 1) {{ items {{ {SYSTEM} }} }} }}")
        items = first[field["name"]]["items"]
        codename = items[0]["_system_"]["type"]["_system_"]["codename"] if items else None
        found.append(ContentTypeInfo(item_type, field["name"], by_type.get(item_type), collection, codename))
    return found


def by_size(target: Target, types: list[ContentTypeInfo]) -> list[tuple[int, ContentTypeInfo]]:
    """Content types that have items, with their item count, biggest collections first."""
    sized = [(total(target, info), info) for info in types if info.codename is not None]
    return sorted(sized, key=lambda pair: -pair[0])


def total(target: Target, info: ContentTypeInfo, arguments: str = "") -> int:
    query = f"{{ {info.collection_query}{arguments} {{ totalCount }} }}"
    return int(target.client.graphql_data(query)[info.collection_query]["totalCount"])


def every_item(target: Target, info: ContentTypeInfo, arguments: str = "", selection: str = SYSTEM) -> list[Any]:
    """The whole collection, fetched in pages of the documented maximum size."""
    paging = target.rules[PAGING_RULE].data_as(Paging)
    items: list[Any] = []
    while True:
        query = (
            f"{{ {info.collection_query}(limit: {paging.max_limit}, offset: {len(items)}{arguments}) "
            f"{{ totalCount items {{ {selection} }} }} }}"
        )
        page = target.client.graphql_data(query)[info.collection_query]
        items += page["items"]
        if len(items) >= page["totalCount"] or not page["items"]:
            return items
