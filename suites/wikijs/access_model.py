"""A local model of Wiki.js' documented scope and page-rule semantics, the permission suite's oracle.

Written from the rule (``wikijs.permissions.model``), independently of the mock: a caller passes a
field's ``@auth`` with any one listed scope; the system scope passes everything and skips page
rules; otherwise the caller needs one of the check's roles globally, and among the page rules
that grant or deny such a role, match the page and its locale, the longest path wins, at equal
length the higher match priority, and at a full tie deny.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from specs.model import PermissionModel

AUTH, PAGE, ALLOWED = "auth", "page", "allowed"
"""Verdicts: refused by ``@auth``, refused by the page check, allowed."""


@dataclass(frozen=True)
class Group:
    permissions: frozenset[str]
    page_rules: tuple[Mapping[str, Any], ...]


def matches(rule: Mapping[str, Any], path: str, tags: Iterable[str] = ()) -> bool:
    match, target = rule["match"], rule["path"]
    if match == "START":
        return path.startswith(str(target))
    if match == "END":
        return path.endswith(str(target))
    if match == "EXACT":
        return path == str(target)
    if match == "TAG":
        return target in set(tags)
    return re.search(str(target), path) is not None


def page_allows(model: PermissionModel, group: Group, roles: Sequence[str], locale: str, path: str) -> bool:
    if model.system_scope in group.permissions:
        return True
    if not group.permissions & set(roles):
        return False
    priority = {match: index for index, match in enumerate(model.match_priority)}  # lower index wins

    def strength(rule: Mapping[str, Any]) -> tuple[int, int, bool]:
        return (len(rule["path"]), -priority[rule["match"]], bool(rule["deny"]))

    relevant = [
        rule
        for rule in group.page_rules
        if set(rule["roles"]) & set(roles)
        and (not rule["locales"] or locale in rule["locales"])
        and matches(rule, path)
    ]
    return bool(relevant) and not max(relevant, key=strength)["deny"]


def verdict(
    model: PermissionModel, group: Group, operation: str, locale: str, path: str, destination: str | None = None
) -> str:
    spec = model.page_operations[operation]
    if not group.permissions & set(spec["auth"]):
        return AUTH
    checked_locale = "" if spec.get("ignores_locale") else locale
    if not page_allows(model, group, spec["roles"], checked_locale, path):
        return PAGE
    if destination is not None and not page_allows(model, group, spec["destination_roles"], locale, destination):
        return PAGE
    return ALLOWED
