"""The content model of one Kontent.ai environment, as the mock serves it.

Loaders (the project's YAML, Delivery REST JSON) and the embedded sample all produce this one
shape; the schema generator and the resolvers only read it. Element values are kept in the
Delivery REST form (codenames for options, terms and linked items) so an export loads as is.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any

ELEMENT_TYPES = (
    "text",
    "rich_text",
    "number",
    "multiple_choice",
    "date_time",
    "asset",
    "modular_content",
    "taxonomy",
    "url_slug",
    "custom",
)
"""Element types as the Delivery REST API names them (``modular_content`` = linked items)."""


_ID_NAMESPACE = uuid.UUID("5f0c6a8e-2d0b-4b55-8b7e-3c1f0a9d6e21")


def stable_id(*parts: str) -> str:
    """Ids a model does not give are derived from codenames, so they never change."""
    return str(uuid.uuid5(_ID_NAMESPACE, "/".join(parts)))


class ModelError(ValueError):
    """A content model that cannot be served; the message names the file and the problem."""


@dataclass(frozen=True)
class CountLimit:
    """How many items or assets an element takes, as the Management API states it."""

    condition: str
    """``exactly``, ``at_least`` or ``at_most``."""
    value: int


@dataclass(frozen=True)
class Element:
    codename: str
    type: str
    name: str
    taxonomy_group: str | None = None
    options: tuple[str, ...] = ()
    allowed_types: tuple[str, ...] = ()
    """Linked items and rich text: the content types its items may have (empty: any)."""
    count_limit: CountLimit | None = None
    """Linked items and assets: the limit on their number (None: any number)."""


@dataclass(frozen=True)
class ContentType:
    """A content type or a snippet (snippets have no items of their own)."""

    id: str
    codename: str
    name: str
    elements: tuple[Element, ...]
    snippets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Language:
    codename: str
    name: str
    fallback: str | None


@dataclass(frozen=True)
class Variant:
    """One language version of an item, published or latest."""

    name: str
    last_modified: str
    workflow_step: str
    values: Mapping[str, Any]


@dataclass(frozen=True)
class Item:
    id: str
    codename: str
    type: str
    collection: str
    workflow: str
    published: Mapping[str, Variant]
    latest: Mapping[str, Variant]


@dataclass(frozen=True)
class Index:
    """Items by codename, by id and by type (in codename order)."""

    by_codename: Mapping[str, Item]
    by_id: Mapping[str, Item]
    by_type: Mapping[str, list[Item]]


@dataclass(frozen=True)
class Model:
    types: Mapping[str, ContentType]
    snippets: Mapping[str, ContentType]
    taxonomies: Mapping[str, Mapping[str, str]]
    languages: tuple[Language, ...]
    collections: tuple[str, ...]
    workflows: Mapping[str, tuple[str, ...]]
    items: tuple[Item, ...]
    names: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Display names of multiple-choice options by codename."""

    @cached_property
    def index(self) -> Index:
        """Built once per model and shared by its published and preview schemas."""
        by_type: dict[str, list[Item]] = {codename: [] for codename in self.types}
        for item in self.items:  # sorted by codename
            by_type.setdefault(item.type, []).append(item)
        return Index({i.codename: i for i in self.items}, {i.id: i for i in self.items}, by_type)

    @property
    def default_language(self) -> str:
        return self.languages[0].codename

    def fallback_chain(self, language: str) -> tuple[str, ...]:
        """``language`` then its fallbacks, ending in the default language (cycles stop)."""
        by_codename = {lang.codename: lang for lang in self.languages}
        chain: list[str] = []
        current: str | None = language if language in by_codename else None
        while current is not None and current not in chain:
            chain.append(current)
            current = by_codename[current].fallback
        if self.default_language not in chain:
            chain.append(self.default_language)
        return tuple(chain)

    def elements_of(self, content_type: ContentType) -> tuple[Element, ...]:
        """Own elements plus those of the type's snippets (their values live on the item)."""
        own = list(content_type.elements)
        for snippet in content_type.snippets:
            own.extend(self.snippets[snippet].elements)
        return tuple(own)
