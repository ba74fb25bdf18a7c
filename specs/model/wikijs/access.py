"""Wiki.js: API keys, permissions and access denials."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from specs.model.envelope import RuleData
from specs.model.registry import kind


@kind("permission_model")
@dataclass(frozen=True)
class PermissionModel(RuleData):
    """Scopes, page-rule roles and precedence, and the groups a wiki starts with.

    Groups and page rules stay read-only mappings with the field names of the GraphQL
    ``Group``/``PageRule`` types, because the mock stores and returns them as they are.
    """

    scopes: tuple[str, ...]
    page_rule_roles: tuple[str, ...]
    system_scope: str
    match_priority: tuple[str, ...]
    system_groups: tuple[Mapping[str, Any], ...]
    new_group: Mapping[str, Any]
    page_operations: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: MappingProxyType({}))
    """Operation -> {auth: @auth scopes, roles: page-check roles, destination_roles (move), ignores_locale}."""
    refusals: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """The plain errors (no documented code) group and user management throw, by case; observed
    on the real release. ``{}`` in a message stands for the offending values."""


@kind("token_rejection")
@dataclass(frozen=True)
class TokenRejection(RuleData):
    case: Literal["revoked_key", "api_disabled"]
    status: int
    message: str


@kind("access_denial")
@dataclass(frozen=True)
class AccessDenial(RuleData):
    forbidden: str
    unauthorized: str
    mutation_failures: Literal["graphql_error", "response_status"]
    mutation_codes: Mapping[str, str]
    page_rule_codes: Mapping[str, str]
