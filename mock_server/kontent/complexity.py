"""Query complexity and total depth of a validated document, computed before execution.

Both are read off the document and the schema only: a field whose type is an item collection
(an object with an ``items`` list of content items) multiplies what is below it by its
``limit``; a field returning one content item counts 1. Fragments are analysed once per
name and their result reused (complexity scales linearly with the multiplier above it), so
the work is linear in the document's size whatever its fragments spread to: a hostile
document cannot make the analysis hang. Fragment cycles never get here (validation rejects them).
"""

from __future__ import annotations

from collections.abc import Mapping
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
class Cost:
    """Complexity per unit of multiplier, and the deepest nesting below (root level = 0)."""

    complexity: int
    depth: int


@dataclass(frozen=True)
class Measure:
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
        walk = _Walk(self, document, variables)
        complexity = 0
        depth = 0
        for cost in walk.root_fields(operation.selection_set, root):
            complexity += cost.complexity
            depth += cost.depth
        return Measure(complexity, depth)

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
        self._memo: dict[str, Cost] = {}

    def root_fields(self, selection_set: SelectionSetNode, root: GraphQLNamedType) -> list[Cost]:
        """Each root field's own cost: depth is summed over root fields, not maximised."""
        costs: list[Cost] = []
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                costs.append(self._field(selection, root))
            else:
                fragment = self._fragment_selection(selection)
                if fragment is not None:
                    costs += self.root_fields(fragment[0], self._parent(fragment[1], root))
        return costs

    def _parent(self, type_name: str | None, fallback: GraphQLNamedType) -> GraphQLNamedType:
        """The type a fragment's fields belong to: its type condition, else the enclosing type."""
        found = self._analyzer.type_named(type_name) if type_name is not None else None
        return found if found is not None else fallback

    def _fragment_selection(self, node: object) -> tuple[SelectionSetNode, str | None] | None:
        if isinstance(node, InlineFragmentNode):
            condition = node.type_condition.name.value if node.type_condition else None
            return node.selection_set, condition
        if isinstance(node, FragmentSpreadNode):
            definition = self._fragments.get(node.name.value)
            if definition is not None:
                return definition.selection_set, definition.type_condition.name.value
        return None

    def _selections(self, selection_set: SelectionSetNode, parent: GraphQLNamedType) -> Cost:
        """Complexity per unit of multiplier and the maximum depth below ``parent``'s fields."""
        complexity = 0
        depth = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                cost = self._field(selection, parent)
            elif isinstance(selection, FragmentSpreadNode):
                cost = self._spread(selection.name.value, parent)
            else:
                inline = self._fragment_selection(selection)
                assert inline is not None
                cost = self._selections(inline[0], self._parent(inline[1], parent))
            complexity += cost.complexity
            depth = max(depth, cost.depth)
        return Cost(complexity, depth)

    def _spread(self, name: str, parent: GraphQLNamedType) -> Cost:
        cost = self._memo.get(name)
        if cost is None:
            definition = self._fragments.get(name)
            if definition is None:
                return Cost(0, 0)
            self._memo[name] = Cost(0, 0)  # a cycle (never validated) ends here instead of recursing
            condition = self._parent(definition.type_condition.name.value, parent)
            cost = self._selections(definition.selection_set, condition)
            self._memo[name] = cost
        return cost

    def _field(self, node: FieldNode, parent: GraphQLNamedType) -> Cost:
        """The field at level 0: its complexity per unit of the multiplier above, and its depth."""
        definition = None
        if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            definition = parent.fields.get(node.name.value)
        if definition is None or node.selection_set is None:
            return Cost(0, 0)
        named = get_named_type(definition.type)
        below = self._selections(node.selection_set, named)
        analyzer = self._analyzer
        if analyzer.is_collection(named):
            limit = self._limit(node)
            return Cost(limit + limit * below.complexity, below.depth + 1)
        own = 1 if analyzer.is_item(named) and not isinstance(_unwrap_non_null(definition.type), GraphQLList) else 0
        return Cost(own + below.complexity, below.depth + 1)

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
