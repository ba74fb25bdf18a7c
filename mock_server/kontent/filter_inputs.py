"""The `where` input types of a model: ``<Type>_Where`` per content type, built from the filter rules.

Names follow the observed schemas (kontent-facts.md § 2): ``_TextFilter``, ``_SystemFilter``,
``_DateAndTimeElementFilter``, ``<Snippet>_SnippetFilter``... Which operators an input has and
the scalar of their arguments come from the rules, so GraphQL validation itself refuses an
operator on the wrong type or a value of the wrong type. DateTime arguments are checked here
(ISO-8601 with a time zone designator) and stay text: the engine decides how to compare them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from graphql import (
    GraphQLBoolean,
    GraphQLError,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    StringValueNode,
    ValueNode,
    specified_scalar_types,
)

from mock_server.kontent.element_shapes import ElementShapes
from mock_server.kontent.filter_rules import FilterRules
from mock_server.kontent.model import ContentType, Element, Model
from specs.naming import Namer

Field = Callable[[Element], str]
"""The GraphQL field name of an element of the content type or snippet being built."""


def parse_date_time(text: str) -> datetime:
    """An aware datetime from ISO-8601 text with ``Z`` or an offset; anything else is refused."""
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise GraphQLError(
            f"DateTime cannot represent {text!r}: expected ISO-8601 with a time zone, e.g. 2021-01-01T00:00:00Z"
        )
    return parsed


def _date_time_value(value: Any) -> str:
    if not isinstance(value, str):
        raise GraphQLError(f"DateTime cannot represent a non-string value: {value!r}")
    parse_date_time(value)
    return value


def _date_time_literal(node: ValueNode, _variables: Any = None) -> str:
    if not isinstance(node, StringValueNode):
        raise GraphQLError("DateTime must be an ISO-8601 string")
    return _date_time_value(node.value)


def validate_date_times(scalar: GraphQLScalarType) -> None:
    """Filter arguments of type DateTime are validated (a malformed one fails validation, not execution)."""
    scalar.parse_value = _date_time_value  # type: ignore[method-assign]
    scalar.parse_literal = _date_time_literal  # type: ignore[method-assign,assignment]


class WhereInputs:
    """Creates each shared filter input once and the ``<Type>_Where`` input of each content type."""

    def __init__(self, types: dict[str, Any], rules: FilterRules, namer: Namer, shapes: ElementShapes) -> None:
        self.types = types
        self.rules = rules
        self.namer = namer
        self.shapes = shapes
        validate_date_times(types["DateTime"])
        for spec in rules.where.inputs:
            scalar = types.get(spec.scalar) or specified_scalar_types[spec.scalar]
            fields = {op: GraphQLInputField(self._argument(op, scalar)) for op in spec.operators}
            self._add(GraphQLInputObjectType(spec.name, fields))
        system = rules.system
        system_fields = {}
        for field in system.fields:
            inner: Any = types[field.input]
            for name, key in reversed(list(zip(field.path_inputs, field.path, strict=True))):
                inner = self._add(types.get(name) or GraphQLInputObjectType(name, {key: GraphQLInputField(inner)}))
            system_fields[field.name] = GraphQLInputField(inner)
        self._add(GraphQLInputObjectType(system.input, system_fields))
        date_time = rules.elements["date_time"]
        if date_time.wrapper and date_time.subfield:
            nested = {date_time.subfield: GraphQLInputField(types[date_time.input])}
            self._add(GraphQLInputObjectType(date_time.wrapper, nested))

    def _add(self, input_type: GraphQLInputObjectType) -> GraphQLInputObjectType:
        self.types[input_type.name] = input_type
        return input_type

    def _argument(self, operator: str, scalar: Any) -> Any:
        kind = self.rules.operators[operator].argument
        if kind == "flag":
            return GraphQLBoolean
        return GraphQLList(GraphQLNonNull(scalar)) if kind == "list" else scalar

    def element_input(self, element: Element) -> Any | None:
        """The filter of an element type, or None when the type is not filterable."""
        rule = self.rules.elements.get(element.type)
        if rule is None:
            return None
        return self.types[rule.wrapper or rule.input]

    def _element_fields(self, elements: tuple[Element, ...], field: Field) -> dict[str, GraphQLInputField]:
        found: dict[str, Any] = {}
        for element in elements:
            name = field(element)
            found[name] = self.element_input(element)
            plain = self.shapes.plain_date_field(element, name)
            if plain is not None and found[name] is not None:
                found[plain] = self.types[self.rules.elements[element.type].input]
        return {name: GraphQLInputField(kind) for name, kind in found.items() if kind is not None}

    def snippet_input(self, model: Model, codename: str, field: Field) -> GraphQLInputObjectType | None:
        name = self.namer.pascal(codename) + self.rules.snippet.input_suffix
        if name not in self.types:
            fields = self._element_fields(model.snippets[codename].elements, field)
            if not fields:
                return None
            self._add(GraphQLInputObjectType(name, fields))
        existing: GraphQLInputObjectType = self.types[name]
        return existing

    def where_input(
        self, model: Model, content_type: ContentType, type_name: str, fields: Mapping[str, Field]
    ) -> GraphQLInputObjectType:
        """``fields`` maps "" (the type's own elements) and each snippet codename to its field namer."""
        where = self.rules.where
        name = f"{type_name}_Where"

        def build() -> dict[str, GraphQLInputField]:
            own: dict[str, GraphQLInputField] = {
                where.all_of: GraphQLInputField(GraphQLList(GraphQLNonNull(self.types[name]))),
                where.any_of: GraphQLInputField(GraphQLList(GraphQLNonNull(self.types[name]))),
                self.rules.system.field: GraphQLInputField(self.types[self.rules.system.input]),
            }
            own.update(self._element_fields(content_type.elements, fields[""]))
            for snippet in content_type.snippets:
                snippet_filter = self.snippet_input(model, snippet, fields[snippet])
                if snippet_filter is not None:
                    own[self.namer.snippet_field(snippet)] = GraphQLInputField(snippet_filter)
            return own

        return self._add(GraphQLInputObjectType(name, build))
