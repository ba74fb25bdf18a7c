"""The mock's `where` engine: evaluates a filter over whole columns of a collection.

Built for big collections: the values a filter reads are extracted once per (content type,
language, field) into a column aligned with the collection's default order and cached, so a
new filter costs one pass per condition over plain values, no per-item object walking. Each
condition gives a boolean mask; AND / OR combine masks; the requested order then keeps the
items whose mask is set. Semantics come from the filter rules only (see
``specs/kontent/filters.yaml``), so a faulted rule changes the answers. The suites' oracle is a
separate, deliberately plain evaluator.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC
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

Mask = list[bool]
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


def _test(
    operator: FilterOperator, argument: Any, norm: Callable[[Any], Any], kind: ValueKind
) -> Callable[[Any], bool]:
    """The comparison of a present (normalised) value with the argument, before negation."""
    if operator.test == "equal":
        wanted = norm(argument)
        return lambda v: v == wanted
    if operator.test in ("less", "greater"):
        bound = norm(argument)
        below = operator.test == "less"
        if operator.inclusive:
            return (lambda v: v <= bound) if below else (lambda v: v >= bound)
        return (lambda v: v < bound) if below else (lambda v: v > bound)
    members = norm(argument) if kind == "Array" else frozenset(norm(a) for a in argument)
    if operator.test == "member":
        return lambda v: v in members
    if operator.test == "contains_all":
        return lambda v: members <= v
    return lambda v: not members.isdisjoint(v)


def condition_mask(column: Sequence[Any], operator: FilterOperator, argument: Any, spec: FieldSpec) -> Mask:
    """One operator of one field over a normalised column (None = no value)."""
    if operator.test == "empty":
        wanted = bool(argument)
        counts_missing = operator.missing
        return [((v is None and counts_missing) or _blank(v)) == wanted for v in column]
    test = _test(operator, argument, _normalizer(spec.kind, spec.case_sensitive), spec.kind)
    missing, negated = operator.missing, operator.negated
    return [missing if v is None else test(v) != negated for v in column]


def _blank(value: Any) -> bool:
    """An empty text or array (numbers and instants are never blank, only missing)."""
    return isinstance(value, str | frozenset) and not value


def _all(masks: Iterable[Mask | None]) -> Mask | None:
    result: Mask | None = None
    for mask in masks:
        if mask is not None:
            result = mask if result is None else [a and b for a, b in zip(result, mask, strict=True)]
    return result


def _any(masks: list[Mask | None], size: int) -> Mask | None:
    if any(mask is None for mask in masks):
        return None
    result: Mask = [False] * size
    for mask in masks:
        result = [a or b for a, b in zip(result, mask or (), strict=True)]
    return result


class FilterEngine:
    """Filters the collections of one :class:`Content` (one model version, one endpoint)."""

    def __init__(self, content: Content, rules: FilterRules) -> None:
        self.content = content
        self.rules = rules
        self._columns: LruCache[tuple[str, str | None, str], list[Any]] = LruCache(COLUMN_CACHE_SIZE)
        self._fields: dict[str, dict[str, Any]] = {}

    def select(
        self, type_codename: str, language: str | None, ordered: list[View], where: Mapping[str, Any]
    ) -> list[View]:
        base = self.content.ordered(type_codename, self._language_args(language))
        context = _Context(self, type_codename, language, base)
        mask = context.where(where)
        if mask is None:
            return ordered
        position = context.positions()
        return [v for v in ordered if mask[position[v.item.codename]]]

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
        for element in content_type.elements:
            spec = self._element_spec(element)
            if spec is not None:
                found[element_field(namer, element)] = spec
        for snippet in content_type.snippets:
            specs = {element_field(namer, e, snippet): self._element_spec(e) for e in model.snippets[snippet].elements}
            found[namer.snippet_field(snippet)] = {k: v for k, v in specs.items() if v is not None}
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
            content = self.content
            read = lambda v: [x.item.codename for x in content.linked(v.variant.values.get(codename) or [], v.language)]  # noqa: E731
        elif rule.value == "Array":
            read = lambda v: v.variant.values.get(codename) or []  # noqa: E731
        else:
            read = lambda v: v.variant.values.get(codename)  # noqa: E731
        return FieldSpec(f"element.{codename}", rule.value, rule.case_sensitive, read, rule.subfield)

    def column(self, type_codename: str, language: str | None, spec: FieldSpec, base: list[View]) -> list[Any]:
        key = (type_codename, language, f"{spec.key}/{spec.kind}/{spec.case_sensitive}")
        column = self._columns.get(key)
        if column is None:
            norm = _normalizer(spec.kind, spec.case_sensitive)
            raw = [spec.read(v) for v in base]
            if spec.key == "_system_.language" and self.rules.system.language == "requested":
                raw = [language or self.content.model.default_language for _ in base]
            column = [None if value is None else norm(value) for value in raw]
            self._columns.put(key, column)
        return column


class _Context:
    """One evaluation: the collection in one language, and the where tree to turn into a mask."""

    def __init__(self, engine: FilterEngine, type_codename: str, language: str | None, base: list[View]) -> None:
        self.engine = engine
        self.type_codename = type_codename
        self.language = language
        self.base = base
        self.rules = engine.rules

    def positions(self) -> dict[str, int]:
        return {v.item.codename: n for n, v in enumerate(self.base)}

    def where(self, where: Mapping[str, Any]) -> Mask | None:
        rules = self.rules.where
        masks: list[Mask | None] = []
        fields = self.engine.fields(self.type_codename)
        for key, value in where.items():
            if value is None:
                continue
            if key in (rules.all_of, rules.any_of):
                if len(value) < rules.min_operands:
                    wanted = f"at least {rules.min_operands} conditions"
                    raise PublicError(f"`{key}` in `{rules.argument}` takes {wanted}, got {len(value)}.")
                parts = [self.where(part) for part in value]
                masks.append(_all(parts) if key == rules.all_of else _any(parts, len(self.base)))
            else:
                masks.append(self.field(key, fields[key], value))
        return _all(masks)

    def field(self, key: str, spec: FieldSpec | dict[str, Any], value: Mapping[str, Any]) -> Mask | None:
        if isinstance(spec, FieldSpec):
            return self.conditions(spec, value)
        system = key == self.rules.system.field
        masks = [
            self.field(name, spec[name], self._unwrap(name, inner) if system else inner)
            for name, inner in value.items()
            if inner is not None
        ]
        if system or self.rules.snippet.combine == "all":
            return _all(masks)
        return _any(masks, len(self.base)) if masks else None

    def _unwrap(self, key: str, value: Mapping[str, Any]) -> Mapping[str, Any]:
        """Nested inputs on the way to the operators: ``language: {_system_: {codename: ...}}``."""
        for field in self.rules.system.fields:
            if field.name == key:
                for step in field.path:
                    value = value.get(step) or {}
        return value

    def conditions(self, spec: FieldSpec, value: Mapping[str, Any]) -> Mask | None:
        if spec.subfield is not None:
            value = value.get(spec.subfield) or {}
        column = self.engine.column(self.type_codename, self.language, spec, self.base)
        operators = self.rules.operators
        return _all(condition_mask(column, operators[op], arg, spec) for op, arg in value.items() if arg is not None)
