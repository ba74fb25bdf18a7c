"""Kontent.ai: reading items (paging, order, languages, versions) and who may read them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from specs.model.envelope import RuleData
from specs.model.registry import kind


@kind("paging")
@dataclass(frozen=True)
class Paging(RuleData):
    default_limit: int
    max_limit: int
    default_offset: int


@kind("order")
@dataclass(frozen=True)
class Order(RuleData):
    default_field: str
    ascending: str
    descending: str
    system_fields: tuple[str, ...]
    element_types: tuple[str, ...]
    tie_break: str


@kind("order_keys")
@dataclass(frozen=True)
class OrderKeys(RuleData):
    """Several keys in one `order`: which one sorts first."""

    precedence: Literal["as_written", "reversed"]


@kind("single_item")
@dataclass(frozen=True)
class SingleItem(RuleData):
    identifiers: tuple[str, ...]


@kind("language_fallback")
@dataclass(frozen=True)
class LanguageFallback(RuleData):
    argument: str
    follows_fallbacks: bool


@kind("api_key")
@dataclass(frozen=True)
class ApiKey(RuleData):
    status: int
    message: str


@kind("key_scope")
@dataclass(frozen=True)
class KeyScope(RuleData):
    """Delivery API keys are scoped to environments: a key of one is refused by another."""

    per_environment: bool


@kind("versions")
@dataclass(frozen=True)
class Versions(RuleData):
    """Which versions of items each endpoint serves: ``published`` or ``latest``."""

    published: Literal["published", "latest"]
    preview: Literal["published", "latest"]


@kind("plan_forbidden")
@dataclass(frozen=True)
class PlanForbidden(RuleData):
    status: int
    message: str
