"""The mock's `where` engine: evaluates a filter with indexes over whole columns of a collection.

Built for big collections: the values a filter reads are extracted once per (content type,
language, field), normalised and indexed (positions by value, values sorted for ranges) and
cached, so a new filter costs dictionary lookups, bisections and set operations, no pass over
the items in Python. A condition gives the positions that pass it (or, when most items pass,
those that do not); AND / OR combine them; the requested order (its permutation of positions,
cached too) is walked only as far as the page needs, and `totalCount` is the size of the match. Semantics come from the
filter rules only (see ``specs/kontent/filter.yaml``), so a faulted rule changes the answers.
The suites' oracle is a separate, deliberately plain evaluator.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC
from itertools import filterfalse, islice
from typing import TYPE_CHECKING, Any

from mock_server.http.cache import LruCache
from mock_server.http.graphql_errors import PublicError
from mock_server.kontent.filter_inputs import parse_date_time
from mock_server.kontent.filter_rules import FilterRules
from mock_server.kontent.model import Element
from mock_server.kontent.sdl import element_field
from specs.model import FilterOperator, ValueKind

if TYPE_CHECKING:
    from mock_server.kontent.content import Content, View

COLUMN_CACHE_SIZE = 256
"""Columns kept per model version and endpoint (one list of values per type, language and field)."""

Positions = frozenset[int]
"""Items that pass a condition, as positions in the collection's default order."""
Getter = Callable[["View"], Any]


@dataclass(frozen=True)
class FieldSpec:
    """How to read one filterable field: a cache key, the value kind and the raw value of a view."""

    key: str
    kind: ValueKind
    case_sensitive: bool
    read: Getter
    subfield: str | None = None
    """The input level between the field and its operators (``value`` of date & time)."""


def _normalizer(kind: ValueKind, case_sensitive: bool) -> Callable[[Any], Any]:
    """Values and arguments of one field brought to a comparable form."""
    if kind == "Number":
        return float
    if kind == "DateTime":
        return lambda text: parse_date_time(str(text)).astimezone(UTC)
    fold: Callable[[str], str] = (lambda s: s) if case_sensitive else str.casefold
    if kind == "Array":
        return lambda values: frozenset(fold(str(v)) for v in values)
    return lambda value: fold(value if isinstance(value, str) else format(value, "g"))


class ColumnIndex:
    """One field of one collection, indexed: positions by value (by entry for arrays), present
    values sorted for range conditions, and the positions without a value or with a blank one."""

    def __init__(self, raw: Sequence[Any], kind: ValueKind, case_sensitive: bool) -> None:
        self.kind = kind
        self.norm = _normalizer(kind, case_sensitive)
        values = [None if value is None else self.norm(value) for value in raw]
        self.missing: Positions = frozenset(n for n, v in enumerate(values) if v is None)
        self.blank: Positions = frozenset(n for n, v in enumerate(values) if isinstance(v, str | frozenset) and not v)
        self.by_value: dict[Any, list[int]] = {}
        for n, value in enumerate(values):
            for key in value if kind == "Array" and value is not None else (value,):
                if key is not None:
                    self.by_value.setdefault(key, []).append(n)
        ordered = sorted((v, n) for n, v in enumerate(values) if v is not None and kind != "Array")
        self.sorted_values = [v for v, _ in ordered]
        self.sorted_positions = [n for _, n in ordered]

    def matching(self, operator: FilterOperator, argument: Any) -> Match:
        """The positions where ``operator`` holds for ``argument``, by the rule's data."""
        missing = Match(self.missing)
        if operator.test == "empty":
            empty = Match(self.blank | self.missing if operator.missing else self.blank)
            return empty if argument else empty.negated()
        hit = self._hit(operator, argument)
        result = hit.negated().both(missing.negated()) if operator.negated else hit
        return result.either(missing) if operator.missing else result

    def _hit(self, operator: FilterOperator, argument: Any) -> Match:
        """Positions with a value that passes the test, before negation."""
        test = operator.test
        if test in ("less", "greater"):
            bound = self.norm(argument)
            if (test == "less") == operator.inclusive:
                cut = bisect_right(self.sorted_values, bound)
            else:
                cut = bisect_left(self.sorted_values, bound)
            below, above = self.sorted_positions[:cut], self.sorted_positions[cut:]
            wanted, other = (below, above) if test == "less" else (above, below)
            if len(wanted) <= len(other):
                return Match(frozenset(wanted))
            return Match(frozenset(other) | self.missing, inverted=True)
        if self.kind == "Array":
            keys = list(self.norm(argument))
        else:
            keys = [self.norm(a) for a in (argument if operator.argument == "list" else [argument])]
        found = [Match(frozenset(self.by_value.get(key, ()))) for key in keys]
        if test == "contains_all":
            return _all(found) or Match(frozenset(), inverted=True)
        return _any(found) or Match(frozenset())


@dataclass(frozen=True, slots=True)
class Match:
    """A set of positions, or (``inverted``) every position but these: conditions that hold
    for most items (``notEq``, wide ranges) stay small, so AND / OR cost little."""

    positions: Positions
    inverted: bool = False

    def negated(self) -> Match:
        return Match(self.positions, not self.inverted)

    def both(self, other: Match) -> Match:
        a, b = self.positions, other.positions
        if not self.inverted and not other.inverted:
            return Match(a & b if len(a) <= len(b) else b & a)
        if self.inverted and other.inverted:
            return Match(a | b, inverted=True)
        return Match(b - a) if self.inverted else Match(a - b)

    def either(self, other: Match) -> Match:
        return self.negated().both(other.negated()).negated()

    def size(self, everything: int) -> int:
        return everything - len(self.positions) if self.inverted else len(self.positions)


def _all(matches: Sequence[Match | None]) -> Match | None:
    """Intersection; None stands for "no condition" (every position)."""
    result: Match | None = None
    for match in matches:
        if match is not None:
            result = match if result is None else result.both(match)
    return result


def _any(matches: Sequence[Match | None]) -> Match | None:
    if not matches or any(m is None for m in matches):
        return None
    result: Match | None = None
    for match in matches:
        if match is not None:
            result = match if result is None else result.either(match)
    return result


@dataclass(frozen=True)
class Selection:
    total: int
    page: list[View]


class FilterEngine:
    """Filters the collections of one :class:`Content` (one model version, one endpoint)."""

    def __init__(self, content: Content, rules: FilterRules) -> None:
        self.content = content
        self.rules = rules
        self._columns: LruCache[tuple[str, str | None, str], ColumnIndex] = LruCache(COLUMN_CACHE_SIZE)
        self._orders: LruCache[int, tuple[list[View], list[int]]] = LruCache(COLUMN_CACHE_SIZE)
        self._fields: dict[str, dict[str, Any]] = {}

    def select(
        self, type_codename: str, language: str | None, ordered: list[View], where: Mapping[str, Any], limit: int,
        offset: int,
    ) -> Selection:  # fmt: skip
        """The page of the filtered collection in the order of ``ordered``, and its size."""
        base = self.content.ordered(type_codename, self._language_args(language))
        passed = _Context(self, type_codename, language, base).where(where)
        if passed is None:
            return Selection(len(ordered), ordered[offset : offset + limit])
        keep = filterfalse if passed.inverted else filter
        chosen = islice(keep(passed.positions.__contains__, self._permutation(base, ordered)), offset, offset + limit)
        return Selection(passed.size(len(base)), [base[n] for n in chosen])

    def _permutation(self, base: list[View], ordered: list[View]) -> list[int]:
        """Default-order positions in the requested order (kept while the ordered list is cached)."""
        known = self._orders.get(id(ordered))
        if known is not None and known[0] is ordered:
            return known[1]
        position = {v.item.codename: n for n, v in enumerate(base)}
        permutation = [position[v.item.codename] for v in ordered]
        self._orders.put(id(ordered), (ordered, permutation))
        return permutation

    def _language_args(self, language: str | None) -> dict[str, Any]:
        argument = self.content.rules.languages.argument
        return {} if language is None else {argument: {"languageCodename": language}}

    def fields(self, type_codename: str) -> dict[str, Any]:
        """Where keys of a content type: FieldSpec, dict of FieldSpec (``_system_``, snippets)."""
        known = self._fields.get(type_codename)
        if known is None:
            known = self._fields[type_codename] = self._build_fields(type_codename)
        return known

    def _build_fields(self, type_codename: str) -> dict[str, Any]:
        model = self.content.model
        namer = self.content.rules.namer
        content_type = model.types[type_codename]
        found: dict[str, Any] = {self.rules.system.field: self._system_fields()}
        found.update(self._specs(content_type.elements, None))
        for snippet in content_type.snippets:
            found[namer.snippet_field(snippet)] = self._specs(model.snippets[snippet].elements, snippet)
        return found

    def _specs(self, elements: tuple[Element, ...], snippet: str | None) -> dict[str, FieldSpec]:
        """Where keys of elements; a deprecated plain date field compares the value directly."""
        shapes = self.content.rules.shapes
        found: dict[str, FieldSpec] = {}
        for element in elements:
            spec = self._element_spec(element)
            if spec is None:
                continue
            name = element_field(self.content.rules.namer, element, snippet)
            found[name] = spec
            plain = shapes.plain_date_field(element, name)
            if plain is not None:
                found[plain] = replace(spec, subfield=None)
        return found

    def _system_fields(self) -> dict[str, FieldSpec]:
        system = self.rules.system
        getters: dict[str, Getter] = {
            "id": lambda v: v.item.id,
            "codename": lambda v: v.item.codename,
            "name": lambda v: v.variant.name,
            "lastModified": lambda v: v.variant.last_modified,
            "collection": lambda v: v.item.collection,
            "workflow": lambda v: v.item.workflow,
            "workflowStep": lambda v: v.variant.workflow_step,
            "language": lambda v: v.language,
        }
        return {
            f.name: FieldSpec(f"_system_.{f.name}", f.value, system.case_sensitive, getters[f.name])
            for f in system.fields
        }

    def _element_spec(self, element: Element) -> FieldSpec | None:
        rule = self.rules.elements.get(element.type)
        if rule is None:
            return None
        codename = element.codename
        read: Getter
        if element.type == "date_time":
            read = lambda v: (v.variant.values.get(codename) or {}).get("value")  # noqa: E731
        elif element.type == "modular_content":
            linked = self.content.linked
            read = lambda v: [x.item.codename for x in linked(v.variant.values.get(codename) or [], v.language)]  # noqa: E731
        elif rule.value == "Array":
            read = lambda v: v.variant.values.get(codename) or []  # noqa: E731
        else:
            read = lambda v: v.variant.values.get(codename)  # noqa: E731
        return FieldSpec(f"element.{codename}", rule.value, rule.case_sensitive, read, rule.subfield)

    def column(self, type_codename: str, language: str | None, spec: FieldSpec, base: list[View]) -> ColumnIndex:
        key = (type_codename, language, f"{spec.key}/{spec.kind}/{spec.case_sensitive}")
        column = self._columns.get(key)
        if column is None:
            raw = [spec.read(v) for v in base]
            if spec.key == "_system_.language" and self.rules.system.language == "requested":
                raw = [language or self.content.model.default_language for _ in base]
            column = ColumnIndex(raw, spec.kind, spec.case_sensitive)
            self._columns.put(key, column)
        return column


class _Context:
    """One evaluation: the collection in one language, and the where tree to turn into positions."""

    def __init__(self, engine: FilterEngine, type_codename: str, language: str | None, base: list[View]) -> None:
        self.engine = engine
        self.type_codename = type_codename
        self.language = language
        self.base = base
        self.rules = engine.rules

    def where(self, where: Mapping[str, Any]) -> Match | None:
        rules = self.rules.where
        found: list[Match | None] = []
        fields = self.engine.fields(self.type_codename)
        for key, value in where.items():
            if value is None:
                continue
            if key in (rules.all_of, rules.any_of):
                if len(value) < rules.min_operands:
                    wanted = f"at least {rules.min_operands} conditions"
                    raise PublicError(f"`{key}` in `{rules.argument}` takes {wanted}, got {len(value)}.")
                parts = [self.where(part) for part in value]
                found.append(_all(parts) if key == rules.all_of else _any(parts))
            else:
                found.append(self.field(key, fields[key], value))
        return _all(found)

    def field(self, key: str, spec: FieldSpec | dict[str, Any], value: Mapping[str, Any]) -> Match | None:
        if isinstance(spec, FieldSpec):
            return self.conditions(spec, value)
        system = key == self.rules.system.field
        found = [
            self.field(name, spec[name], self._unwrap(name, inner) if system else inner)
            for name, inner in value.items()
            if inner is not None
        ]
        if system or self.rules.snippet.combine == "all":
            return _all(found)
        return _any(found)

    def _unwrap(self, key: str, value: Mapping[str, Any]) -> Mapping[str, Any]:
        """Nested inputs on the way to the operators: ``language: {_system_: {codename: ...}}``."""
        for field in self.rules.system.fields:
            if field.name == key:
                for step in field.path:
                    value = value.get(step) or {}
        return value

    def conditions(self, spec: FieldSpec, value: Mapping[str, Any]) -> Match | None:
        if spec.subfield is not None:
            value = value.get(spec.subfield) or {}
        column = self.engine.column(self.type_codename, self.language, spec, self.base)
        operators = self.rules.operators
        return _all([column.matching(operators[op], arg) for op, arg in value.items() if arg is not None])
