"""Faults of the Wiki.js permission model, merged into :mod:`mock_server.faults`' table.

Kept apart so the Wiki.js breakers live next to each other; each changes what the permission
suite observes over HTTP.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from specs import Rule, RuleSet
from specs.model import PermissionModel

Overrides = Mapping[str, Mapping[str, Any]]


def _permission_model(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    """Wrong page-rule precedence: at equal path length the weakest match type wins."""
    d = rule.data_as(PermissionModel)
    reversed_priority = list(reversed(d.match_priority))
    return f"page-rule precedence reversed ({' > '.join(reversed_priority)})", {
        rule.id: {"match_priority": reversed_priority}
    }


WIKIJS_BREAKERS: Mapping[str, Callable[[Rule, RuleSet], tuple[str, Overrides]]] = MappingProxyType(
    {"permission_model": _permission_model}
)
