"""The rule envelope (id, level, source, deviations...) around a kind's typed data, and the
freeze/thaw helpers that turn plain YAML data into that data and back.

Rule files are data; everything downstream (mock behaviour, suite oracles, faults, reports)
works on these objects so a typo in a key is caught once, at load time, instead of as a
silent ``KeyError`` deep inside a test run.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

DOCS = "docs"
"""Name of the behaviour the documents describe; every other implementation name is a deviation."""


class Level(StrEnum):
    """RFC 2119 strength of a rule; a failed MUST fails a run, SHOULD/MAY are reported."""

    MUST = "MUST"
    SHOULD = "SHOULD"
    MAY = "MAY"


@dataclass(frozen=True)
class Source:
    doc: str
    section: str

    def __str__(self) -> str:
        return f"{self.doc} § {self.section}"


@dataclass(frozen=True)
class Deviation:
    implementation: str
    note: str
    data: Mapping[str, Any]
    evidence: str | None = None


@dataclass(frozen=True)
class Pending:
    issue: int
    reason: str


@dataclass(frozen=True)
class RuleData:
    """Base of every kind's data class: what a rule's ``data`` is, whatever its kind, so the type
    checker sees every registered kind without a hand-kept union."""


DataT = TypeVar("DataT")


def freeze(value: Any) -> Any:
    """Deep-freeze plain YAML data: lists become tuples, dicts read-only mappings."""
    if isinstance(value, Mapping):
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return tuple(freeze(v) for v in value)
    return value


def thaw(value: Any) -> Any:
    """Inverse of :func:`freeze`, for JSON output and for merging overrides."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: thaw(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [thaw(v) for v in value]
    return value


def _dataclass_in(hint: Any) -> tuple[type[Any] | None, bool]:
    """The dataclass a field annotation holds (``X``, ``X | None``, ``tuple[X, ...]``) and whether
    the field is a sequence of it; ``(None, False)`` for plain data."""
    origin = get_origin(hint)
    if origin is tuple:
        element, _ = _dataclass_in(get_args(hint)[0])
        return element, element is not None
    if origin is Union or origin is types.UnionType:
        options = [arg for arg in get_args(hint) if arg is not type(None)]
        return _dataclass_in(options[0]) if len(options) == 1 else (None, False)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return hint, False
    return None, False


def _nested_fields(data_type: type[Any]) -> Mapping[str, tuple[type[Any], bool]]:
    """Fields of ``data_type`` that hold dataclasses, read from its annotations (resolved on first
    use, when every module the annotations name is loaded)."""
    nested: dict[str, tuple[type[Any], bool]] = {}
    for name, hint in get_type_hints(data_type).items():
        element, is_sequence = _dataclass_in(hint)
        if element is not None:
            nested[name] = (element, is_sequence)
    return MappingProxyType(nested)


_NESTED: dict[type[Any], Mapping[str, tuple[type[Any], bool]]] = {}
""":func:`_nested_fields` per data class, computed once: every mock and suite process builds every rule."""


def from_plain(data_type: type[DataT], raw: Mapping[str, Any]) -> DataT:
    """Build ``data_type`` from validated plain data: nested dataclasses from their annotations,
    everything else frozen."""
    if data_type not in _NESTED:
        _NESTED[data_type] = _nested_fields(data_type)
    nested = _NESTED[data_type]
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in nested or value is None:
            values[key] = freeze(value)
            continue
        element, is_sequence = nested[key]
        if is_sequence:
            values[key] = tuple(from_plain(element, item) for item in value)
        else:
            values[key] = from_plain(element, value)
    return data_type(**values)


@dataclass(frozen=True, repr=False)
class Rule:
    id: str
    api: str
    area: str
    level: Level
    summary: str
    source: Source
    kind: str
    data: RuleData
    file: str
    line: int
    assumption: str | None = None
    pending: Pending | None = None
    deviations: tuple[Deviation, ...] = ()

    def __repr__(self) -> str:
        # Falsifying examples and assertion messages print rules: the id is what a reader needs.
        return f"Rule({self.id!r})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))

    def data_as(self, kind: type[DataT]) -> DataT:
        """The rule's data as the dataclass a caller expects; a mismatch is a harness bug."""
        if not isinstance(self.data, kind):
            raise TypeError(f"{self.id} holds {type(self.data).__name__}, not {kind.__name__}")
        return self.data

    def deviation(self, implementation: str) -> Deviation | None:
        return next((d for d in self.deviations if d.implementation == implementation), None)

    def as_implemented_by(self, implementation: str) -> Rule:
        """The rule as a named implementation answers it (``docs`` = as documented)."""
        deviation = self.deviation(implementation)
        if deviation is None:
            return self
        return self.with_data(deviation.data)

    def with_data(self, overrides: Mapping[str, Any]) -> Rule:
        """A copy whose data has some keys replaced (deviations and mock faults use this)."""
        merged = {**thaw(self.data), **thaw(overrides)}
        return dataclasses.replace(self, data=from_plain(type(self.data), merged))
