"""Query complexity and total depth of a validated document, computed before execution.

Both are read off the document and the schema only: a field whose type is an item collection
(an object with an ``items`` list of content items) multiplies what is below it by its
``limit``; a field returning one content item counts 1. Fragments are analysed once per
name and their result reused (complexity scales linearly with the multiplier above it), so
the work is linear in the document's size whatever its fragments spread to: a hostile
document cannot make the analysis hang. Fragment cycles never get here (validation rejects them).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)

ITEM_INTERFACE = "_Item"
ITEMS_FIELD = "items"
LIMIT_ARGUMENT = "limit"


@dataclass(frozen=True)
class Measure:
    """A request's complexity and total depth; inside the walk, a field's complexity per unit of
    the limits above it and its deepest nesting (the field itself at level 0)."""

    complexity: int
    depth: int


class QueryAnalyzer:
    """Measures documents against one schema (built per schema: the type checks are cached)."""

    def __init__(self, schema: GraphQLSchema, default_limit: int) -> None:
        self._schema = schema
        self._default_limit = default_limit
        self._item_types: dict[str, bool] = {}

    def measure(self, document: DocumentNode, operation_name: str | None, variables: Mapping[str, Any]) -> Measure:
        """Complexity and total depth of the operation that would run (0/0 when none would)."""
        operation = _operation(document, operation_name)
        root = self._schema.query_type
        if operation is None or root is None:
            return Measure(0, 0)
        defaults = {
            definition.variable.name.value: int(definition.default_value.value)
            for definition in operation.variable_definitions or ()
            if isinstance(definition.default_value, IntValueNode)
        }
        return _Walk(self, document, {**defaults, **variables}).root_fields(operation.selection_set, root)

    def is_item(self, named: GraphQLNamedType) -> bool:
        """A content item type: ``_Item`` itself, a type implementing it, or a union of such."""
        known = self._item_types.get(named.name)
        if known is None:
            if isinstance(named, GraphQLUnionType):
                known = bool(named.types) and all(self.is_item(member) for member in named.types)
            elif isinstance(named, GraphQLObjectType):
                known = any(interface.name == ITEM_INTERFACE for interface in named.interfaces)
            else:
                known = named.name == ITEM_INTERFACE
            self._item_types[named.name] = known
        return known

    def is_collection(self, named: GraphQLNamedType) -> bool:
        if not isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
            return False
        items = named.fields.get(ITEMS_FIELD)
        return (
            items is not None
            and isinstance(_unwrap_non_null(items.type), GraphQLList)
            and self.is_item(get_named_type(items.type))
        )

    @property
    def default_limit(self) -> int:
        return self._default_limit

    def type_named(self, name: str) -> GraphQLNamedType | None:
        return self._schema.get_type(name)


def _unwrap_non_null(output: GraphQLOutputType) -> GraphQLOutputType:
    return output.of_type if isinstance(output, GraphQLNonNull) else output


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        return operations[0] if len(operations) == 1 else None
    return next((o for o in operations if o.name is not None and o.name.value == name), None)


class _Walk:
    """One measurement: fragment results are memoised for its variables."""

    def __init__(self, analyzer: QueryAnalyzer, document: DocumentNode, variables: Mapping[str, Any]) -> None:
        self._analyzer = analyzer
        self._variables = variables
        self._fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self._memo: dict[str, Measure] = {}
        self._root_memo: dict[str, Measure] = {}

    def root_fields(self, selection_set: SelectionSetNode, root: GraphQLNamedType) -> Measure:
        """The root fields' complexities and depths, both summed (depth is per root field)."""
        complexity = 0
        depth = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                measured = self._field(selection, root)
            elif isinstance(selection, FragmentSpreadNode):
                measured = self._memoised(self._root_memo, selection.name.value, root, self.root_fields)
            else:
                measured = self.root_fields(*self._inline(selection, root))
            complexity += measured.complexity
            depth += measured.depth
        return Measure(complexity, depth)

    def _memoised(
        self,
        memo: dict[str, Measure],
        name: str,
        parent: GraphQLNamedType,
        walk: Callable[[SelectionSetNode, GraphQLNamedType], Measure],
    ) -> Measure:
        """A named fragment measured once per walk however often it is spread (no fan-out blow-up)."""
        measured = memo.get(name)
        if measured is None:
            definition = self._fragments.get(name)
            if definition is None:
                return Measure(0, 0)
            memo[name] = Measure(0, 0)  # a cycle (never validated) ends here instead of recursing
            measured = walk(definition.selection_set, self._parent(definition.type_condition.name.value, parent))
            memo[name] = measured
        return measured

    def _parent(self, type_name: str | None, fallback: GraphQLNamedType) -> GraphQLNamedType:
        """The type a fragment's fields belong to: its type condition, else the enclosing type."""
        found = self._analyzer.type_named(type_name) if type_name is not None else None
        return found if found is not None else fallback

    def _inline(self, node: object, parent: GraphQLNamedType) -> tuple[SelectionSetNode, GraphQLNamedType]:
        assert isinstance(node, InlineFragmentNode)
        condition = node.type_condition.name.value if node.type_condition else None
        return node.selection_set, self._parent(condition, parent)

    def _selections(self, selection_set: SelectionSetNode, parent: GraphQLNamedType) -> Measure:
        """Complexity per unit of multiplier and the maximum depth below ``parent``'s fields."""
        complexity = 0
        depth = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                measured = self._field(selection, parent)
            elif isinstance(selection, FragmentSpreadNode):
                measured = self._memoised(self._memo, selection.name.value, parent, self._selections)
            else:
                measured = self._selections(*self._inline(selection, parent))
            complexity += measured.complexity
            depth = max(depth, measured.depth)
        return Measure(complexity, depth)

    def _field(self, node: FieldNode, parent: GraphQLNamedType) -> Measure:
        """The field at level 0: its complexity per unit of the multiplier above, and its depth."""
        definition = None
        if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            definition = parent.fields.get(node.name.value)
        if definition is None or node.selection_set is None:
            return Measure(0, 0)
        named = get_named_type(definition.type)
        below = self._selections(node.selection_set, named)
        analyzer = self._analyzer
        if analyzer.is_collection(named):
            limit = self._limit(node)
            return Measure(limit + limit * below.complexity, below.depth + 1)
        own = 1 if analyzer.is_item(named) and not isinstance(_unwrap_non_null(definition.type), GraphQLList) else 0
        return Measure(own + below.complexity, below.depth + 1)

    def _limit(self, node: FieldNode) -> int:
        for argument in node.arguments or ():
            if argument.name.value != LIMIT_ARGUMENT:
                continue
            value = argument.value
            if isinstance(value, IntValueNode):
                return max(0, int(value.value))
            if isinstance(value, VariableNode):
                given = self._variables.get(value.name.value)
                if isinstance(given, int) and not isinstance(given, bool):
                    return max(0, given)
        return self._analyzer.default_limit
