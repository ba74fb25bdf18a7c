"""The `order` argument as a list of sort keys, in the priority the request wrote them.

`<Type>_Order` is one input object, and graphql-core hands resolvers its fields in the
schema's order, so the priority of several keys is read from the document: a key written
first sorts first, later keys break its ties, and the rule's tie-break (codename) breaks the
rest. Keys inside a variable keep their field's place and, among themselves, the schema's
order (the JSON key order of variables does not survive coercion). Items without a value
sort first ascending and last descending, per key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, TypeVar

from graphql import GraphQLResolveInfo, ObjectValueNode

from specs.model import Order, OrderKeys

ORDER_ARGUMENT = "order"
SEPARATOR = "."
T = TypeVar("T")


@dataclass(frozen=True)
class SortKey:
    """One key: a field of `<Type>_Order`, its subfield (``_system_.name``, ``date_with_timezone.value``)."""

    field: str
    subfield: str | None
    descending: bool

    @property
    def path(self) -> str:
        return self.field if self.subfield is None else f"{self.field}{SEPARATOR}{self.subfield}"


def written_paths(info: GraphQLResolveInfo[Any]) -> tuple[str, ...]:
    """The `order` fields and subfields as the document writes them (empty for a variable)."""
    for argument in info.field_nodes[0].arguments or ():
        if argument.name.value == ORDER_ARGUMENT and isinstance(argument.value, ObjectValueNode):
            return tuple(object_paths(argument.value, ""))
    return ()


def object_paths(node: ObjectValueNode, prefix: str) -> Iterator[str]:
    for field in node.fields:
        path = prefix + field.name.value
        yield path
        if isinstance(field.value, ObjectValueNode):
            yield from object_paths(field.value, path + SEPARATOR)


def sort_keys(order: Mapping[str, Any] | None, written: Sequence[str], rule: Order, keys: OrderKeys) -> list[SortKey]:
    """The coerced `order` value as keys, most significant first."""
    found: list[SortKey] = []
    for field, value in (order or {}).items():
        if isinstance(value, Mapping):
            found += [SortKey(field, sub, d == rule.descending) for sub, d in value.items() if d is not None]
        elif value is not None:
            found.append(SortKey(field, None, value == rule.descending))

    def rank(position: int) -> tuple[int, int]:
        key = found[position]
        for path in (key.path, key.field):
            if path in written:
                return written.index(path), position
        return len(written), position

    ranked = [found[p] for p in sorted(range(len(found)), key=rank)]
    return ranked if keys.precedence == "as_written" else ranked[::-1]


def sorted_by(items: list[T], keys: Sequence[tuple[Callable[[T], Any], bool]]) -> list[T]:
    """``items`` (in tie-break order) sorted by the keys, most significant first: one stable
    sort per key from the least significant up; per key, missing values first ascending and
    last descending (``reverse=True`` keeps ties in place, so earlier sorts survive)."""
    for getter, descending in reversed(keys):
        values = [(getter(i), i) for i in items]  # each value read once
        present = [pair for pair in values if pair[0] is not None]
        missing = [i for value, i in values if value is None]
        present.sort(key=itemgetter(0), reverse=descending)
        ordered = [i for _, i in present]
        items = ordered + missing if descending else missing + ordered
    return items
