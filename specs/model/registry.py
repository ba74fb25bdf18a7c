"""The kinds of rule data, registered by name with :func:`kind` where each is defined."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, TypeVar

from specs.model.envelope import RuleData, from_plain

KindT = TypeVar("KindT", bound=RuleData)

_KINDS: dict[str, type[RuleData]] = {}
KIND_TYPES: Mapping[str, type[RuleData]] = MappingProxyType(_KINDS)
"""Kind name (a rule's ``kind:``) -> its data class; read-only, filled by :func:`kind`."""


def kind(name: str) -> Callable[[type[KindT]], type[KindT]]:
    """Register a data class as the data of rules of kind ``name``; a name taken twice is a bug
    that would make one kind silently shadow another."""

    def register(data_type: type[KindT]) -> type[KindT]:
        if name in _KINDS:
            raise ValueError(f"kind {name!r} registered twice ({_KINDS[name].__name__}, {data_type.__name__})")
        _KINDS[name] = data_type
        return data_type

    return register


def build_data(kind_name: str, raw: Mapping[str, Any]) -> RuleData:
    """Turn validated YAML data into the dataclass of its kind."""
    return from_plain(KIND_TYPES[kind_name], raw)
