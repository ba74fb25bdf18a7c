"""Items of a model as one endpoint sees them: versions, languages, paging and order.

Items reach resolvers as :class:`View` (item, chosen variant, its language); ``preview``
selects the latest versions instead of the published ones. Paging, order, single-item
lookup and language fallback read their rules, so a fault in a rule changes the answers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mock_server.http.cache import LruCache
from mock_server.http.graphql_errors import PublicError
from mock_server.kontent.element_shapes import ElementShapes
from mock_server.kontent.filter_rules import FilterRules
from mock_server.kontent.filters import FilterEngine
from mock_server.kontent.model import Element, Item, Model, Variant
from mock_server.kontent.ordering import SortKey, sort_keys, sorted_by
from mock_server.kontent.sdl import element_field
from specs.model import LanguageFallback, Order, OrderKeys, Paging, SingleItem, Versions
from specs.naming import Namer, RestrictedNamer

SYSTEM_FIELD = "_system_"
ORDERED_CACHE_SIZE = 64
"""Ordered collections kept per model version and endpoint (a list of views each)."""


@dataclass(frozen=True)
class ContentRules:
    namer: Namer
    restricted: RestrictedNamer
    paging: Paging
    order: Order
    order_keys: OrderKeys
    single: SingleItem
    languages: LanguageFallback
    versions: Versions
    filters: FilterRules
    shapes: ElementShapes


@dataclass(frozen=True, slots=True)
class View:
    item: Item
    variant: Variant
    language: str


def collection(entries: Sequence[Any], limit: int, offset: int) -> dict[str, Any]:
    return {"items": entries[offset : offset + limit], "limit": limit, "offset": offset, "totalCount": len(entries)}


class Content:
    """Items of one model as one endpoint sees them (published or latest versions)."""

    def __init__(self, model: Model, rules: ContentRules, *, preview: bool) -> None:
        self.model = model
        self.rules = rules
        self.latest = (rules.versions.preview if preview else rules.versions.published) == "latest"
        self.by_codename = model.index.by_codename
        self.by_id = model.index.by_id
        self.by_type = model.index.by_type
        self._ordered: LruCache[tuple[str, str | None, tuple[SortKey, ...]], list[View]] = LruCache(ORDERED_CACHE_SIZE)
        self.filters = FilterEngine(self, rules.filters)

    def page(self, args: Mapping[str, Any]) -> tuple[int, int]:
        paging = self.rules.paging
        limit = args.get("limit")
        limit = paging.default_limit if limit is None else limit
        offset = args.get("offset")
        offset = paging.default_offset if offset is None else offset
        if limit < 0 or offset < 0:
            raise PublicError("`limit` and `offset` must not be negative.")
        if limit > paging.max_limit:
            raise PublicError(f"`limit` must not exceed {paging.max_limit}.")
        return limit, offset

    def view(self, item: Item, language: str | None) -> View | None:
        versions = item.latest if self.latest else item.published
        wanted = language or self.model.default_language
        chain = self.model.fallback_chain(wanted) if self.rules.languages.follows_fallbacks else (wanted,)
        for candidate in chain:
            variant = versions.get(candidate)
            if variant is not None:
                return View(item, variant, candidate)
        return None

    def linked(self, codenames: Sequence[str], language: str) -> list[View]:
        items = (self.by_codename.get(c) for c in codenames)
        return [v for v in (self.view(i, language) for i in items if i is not None) if v is not None]

    def find(self, type_codename: str, args: Mapping[str, Any]) -> View | None:
        """The item of this type all given identifiers (codename and/or id) point to, else None."""
        indexes = {"codename": self.by_codename, "id": self.by_id}
        keys = [key for key in self.rules.single.identifiers if args.get(key) is not None]
        found = [indexes[key].get(str(args[key])) for key in keys]
        item = found[0] if found else None
        if item is None or item.type != type_codename or any(other is not item for other in found):
            return None
        return self.view(item, _language(args, self.rules.languages))

    def all(self, type_codename: str, args: Mapping[str, Any], written: Sequence[str] = ()) -> dict[str, Any]:
        """``written``: the `order` paths as the document wrote them (their priority)."""
        limit, offset = self.page(args)
        views = self.ordered(type_codename, args, written)
        where = args.get(self.rules.filters.where.argument)
        if not where:
            return collection(views, limit, offset)
        language = _language(args, self.rules.languages)
        selected = self.filters.select(type_codename, language, views, where, limit, offset)
        return {"items": selected.page, "limit": limit, "offset": offset, "totalCount": selected.total}

    def ordered(self, type_codename: str, args: Mapping[str, Any], written: Sequence[str] = ()) -> list[View]:
        """The whole collection in the requested language and order, computed once per
        (type, language, sort keys): the model of this object never changes, so deep pages of
        a big collection cost a slice, not a sort."""
        language = _language(args, self.rules.languages)
        keys = tuple(sort_keys(args.get("order"), written, self.rules.order, self.rules.order_keys))
        cache_key = (type_codename, language, keys)
        views = self._ordered.get(cache_key)
        if views is None:
            views = [v for v in (self.view(i, language) for i in self.by_type[type_codename]) if v is not None]
            if keys:
                views = sorted_by(views, [self._getter(type_codename, key) for key in keys])
            self._ordered.put(cache_key, views)
        return views

    def _getter(self, type_codename: str, key: SortKey) -> tuple[Callable[[View], Any], bool]:
        if key.field == SYSTEM_FIELD:
            return _system_value(str(key.subfield)), key.descending
        elements = {}
        for element in self.model.types[type_codename].elements:
            name = element_field(self.rules.namer, element)
            elements[name] = element
            elements[self.rules.shapes.plain_date_field(element, name) or name] = element
        return _element_value(elements[key.field]), key.descending


def _system_value(field: str) -> Callable[[View], Any]:
    getters: dict[str, Callable[[View], Any]] = {
        "codename": lambda v: v.item.codename,
        "name": lambda v: v.variant.name,
        "lastModified": lambda v: v.variant.last_modified,
    }
    return getters[field]


def _element_value(element: Element) -> Callable[[View], Any]:
    if element.type == "date_time":
        return lambda v: (v.variant.values.get(element.codename) or {}).get("value")
    return lambda v: v.variant.values.get(element.codename)


def _language(args: Mapping[str, Any], rule: LanguageFallback) -> str | None:
    chosen = args.get(rule.argument)
    return None if chosen is None else str(chosen["languageCodename"])
