"""Kontent.ai: how content types and elements become GraphQL types and fields."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from specs.model.envelope import RuleData
from specs.model.registry import kind


@dataclass(frozen=True)
class NamingVector:
    """One row of the docs' conversion table: a codename and the GraphQL names it becomes."""

    of: Literal["content_type", "snippet", "date_time", "element"]
    codename: str
    type: str | None
    field: str


@kind("naming")
@dataclass(frozen=True)
class Naming(RuleData):
    separator: str
    collection_suffix: str
    snippet_prefix: str
    snippet_type_prefix: str
    date_time_suffix: str
    vectors: tuple[NamingVector, ...]


@kind("restricted_naming")
@dataclass(frozen=True)
class RestrictedNaming(RuleData):
    """Names of the types a linked-items or rich-text element restricted to content types gets."""

    joiner: str
    collection_suffix: str
    rich_text_parts: Mapping[str, str]
    """Field of the rich-text type -> the part's name in its collection type (``components`` -> ``Components``)."""


@kind("element_fields")
@dataclass(frozen=True)
class ElementFields(RuleData):
    """Nullability of element fields and the deprecated plain date & time field."""

    non_null: tuple[str, ...]
    """Element types (``text``, ``rich_text``...) whose field is non-null."""
    deprecated_date_field: bool
    deprecation_reason: str
    """``{field}`` is the ``_with_timezone`` field that replaces the plain one."""


@kind("single_valued")
@dataclass(frozen=True)
class SingleValued(RuleData):
    """Which count limit makes an asset or linked-items element a single object."""

    condition: Literal["exactly", "at_least", "at_most"]
    count: int
    element_types: tuple[str, ...]
