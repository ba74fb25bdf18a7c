"""Who may hand out administrative power: the elevated-group checks of Wiki.js 2.5.313+,
and the ``safe-regex`` test the server applies to REGEX page rules (facts § 4.4, § 4.7).

An administrative group holds a permission on users, groups, navigation, theme, api or
system; only ``manage:groups`` callers may assign to one, and only ``manage:system`` callers to
a group holding a ``*:system`` permission.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from enum import Enum
from typing import Any

from mock_server.wikijs.auth import Caller

ADMIN_RESOURCES = frozenset({"users", "groups", "navigation", "theme", "api", "system"})
SYSTEM_RESOURCE = "system"
MANAGE_GROUPS = "manage:groups"
MAX_REPETITIONS = 25
"""``safe-regex``'s default limit of repetition operators in one pattern."""
_parser: Any = importlib.import_module("re._parser")
"""The standard library's regex parser (its public alias ``sre_parse`` is deprecated)."""
_REPEATS = frozenset(
    getattr(_parser, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_parser, name)
)


class Elevation(Enum):
    """Why a caller may not hand out a group's permissions."""

    ADMINISTRATIVE = "administrative"
    SYSTEM = "system"


def _resource(scope: str) -> str:
    return scope.rsplit(":", 1)[-1]


def refusal(caller: Caller, permissions: Iterable[str], system_scope: str) -> Elevation | None:
    """Whether ``caller`` may put a user into (or give) a group with ``permissions``."""
    if system_scope in caller.permissions:
        return None
    resources = {_resource(scope) for scope in permissions}
    if MANAGE_GROUPS not in caller.permissions:
        return Elevation.ADMINISTRATIVE if resources & ADMIN_RESOURCES else None
    return Elevation.SYSTEM if SYSTEM_RESOURCE in resources else None


def _star_height(items: Any, depth: int, counter: list[int]) -> int:
    """Deepest nesting of repetition operators below ``items`` (a parsed pattern)."""
    deepest = depth
    for op, value in items:
        if op in _REPEATS:
            counter[0] += 1
            deepest = max(deepest, _star_height(value[2], depth + 1, counter))
            continue
        for part in value if isinstance(value, tuple | list) else ():
            if isinstance(part, _parser.SubPattern):
                deepest = max(deepest, _star_height(part, depth, counter))
            elif isinstance(part, list):  # BRANCH alternatives
                for branch in part:
                    if isinstance(branch, _parser.SubPattern):
                        deepest = max(deepest, _star_height(branch, depth, counter))
    return deepest


def is_safe_regex(pattern: str) -> bool:
    """``safe-regex``: valid, no repetition inside a repetition (star height <= 1), and at most
    25 repetition operators. Catastrophic patterns such as ``(a+)+`` fail it."""
    counter = [0]
    try:
        return _star_height(_parser.parse(pattern), 0, counter) <= 1 and counter[0] <= MAX_REPETITIONS
    except (re.error, RecursionError, OverflowError):
        return False
