"""`where` filters drawn from a collection's own data: hypothesis strategies and a fixed sweep.

Arguments come from the learned values (so filters match something), their boundaries (the
value itself for `lt`/`lte`, the same instant written with another UTC offset, a case
variant of a string or codename) and values that exist nowhere. The sweep takes, for every
field and operator, the cases most likely to tell a correct engine from a plausible bug; the
strategies combine such conditions into AND / OR trees for hypothesis to explore and shrink.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from suites.kontent.filter_fields import FilterField
from suites.kontent.filter_oracle import instant

NOWHERE = "no_such_value_zz"
OTHER_OFFSET = timezone(timedelta(hours=2))
Where = dict[str, Any]


def leaf(field: FilterField, operator: str, argument: Any) -> Where:
    """``{a: {b: {operator: argument}}}`` along the field's where path."""
    condition: Where = {operator: argument}
    for key in reversed(field.where_path):
        condition = {key: condition}
    return condition


def present(field: FilterField, items: Sequence[Mapping[str, Any]]) -> list[Any]:
    """Distinct values of the field in the data (array fields: their entries), in a stable order."""
    values: list[Any] = []
    for item in items:
        value = field.read(item)
        for entry in value if field.array else [value]:
            if entry is not None and entry not in values:
                values.append(entry)
    return sorted(values, key=lambda v: instant(v) if field.kind == "DateTime" else v)


def shifted(text: str) -> str:
    """The same instant written with a +02:00 offset instead of UTC."""
    return instant(text).astimezone(OTHER_OFFSET).isoformat()


def variants(field: FilterField, value: Any) -> list[Any]:
    """Boundary and look-alike values next to one value of the field."""
    if field.kind == "Number":
        return [value, value - 1, value + 0.5]
    if field.kind == "DateTime":
        moment = instant(value)
        return [
            value,
            shifted(value),
            (moment + timedelta(seconds=1)).isoformat(),
            (moment - timedelta(days=1)).isoformat(),
        ]
    swapped = value.swapcase()
    return [value, *([swapped] if swapped != value else []), NOWHERE]


def sweep(field: FilterField, items: Sequence[Mapping[str, Any]], operators: Sequence[str]) -> Iterator[Where]:
    """The fixed cases of one field: per operator, arguments at the data's median and its look-alikes."""
    values = present(field, items)
    if not values:
        return
    middle = values[len(values) // 2]
    other = values[0] if values[0] != middle else values[-1]
    for operator in operators:
        if operator == "isEmpty":
            yield leaf(field, operator, True)
            yield leaf(field, operator, False)
        elif operator in ("containsAll", "containsAny"):
            yield from (leaf(field, operator, argument) for argument in _array_arguments(field, items, operator))
        elif operator in ("in", "notIn"):
            yield leaf(field, operator, [middle, other])
            yield leaf(field, operator, variants(field, middle)[1:2])
        else:
            for argument in variants(field, middle)[:2]:
                yield leaf(field, operator, argument)


def _array_arguments(field: FilterField, items: Sequence[Mapping[str, Any]], operator: str) -> list[list[str]]:
    arrays = [field.read(item) for item in items]
    fullest = max(arrays, key=len)
    if not fullest:
        return [[NOWHERE]]
    swapped = [c.swapcase() for c in fullest[:1] if c.swapcase() != c]
    if operator == "containsAll":
        return [fullest, swapped or [NOWHERE]]
    outside = next((c for a in arrays for c in a if c not in fullest), fullest[-1])
    return [[fullest[0], outside], swapped or [NOWHERE]]


def snippet_sweep(fields: Sequence[FilterField], items: Sequence[Mapping[str, Any]]) -> Iterator[Where]:
    """Two conditions in one snippet filter, each true for a different item: all vs any matters."""
    by_snippet: dict[str, list[FilterField]] = {}
    for field in fields:
        if field.snippet is not None and "eq" in field.operators and not field.array:
            by_snippet.setdefault(field.snippet, []).append(field)
    for snippet, members in by_snippet.items():
        if len(members) < 2 or len(items) < 2:
            continue
        first, second = members[:2]
        a, b = first.read(items[0]), second.read(items[-1])
        if a is not None and b is not None:
            yield {snippet: {first.where_path[-1]: {"eq": a}, second.where_path[-1]: {"eq": b}}}


def arguments(field: FilterField, operator: str, items: Sequence[Mapping[str, Any]]) -> st.SearchStrategy[Any]:
    """Hypothesis arguments for one operator of one field, drawn from the data and around it."""
    values = present(field, items)
    if operator == "isEmpty":
        return st.booleans()
    if field.array:
        entries = values + [c.swapcase() for c in values[:3]] + [NOWHERE]
        return st.lists(st.sampled_from(entries), min_size=0, max_size=3, unique=True)
    pool = [v for value in values for v in variants(field, value)] or [NOWHERE if field.kind == "String" else None]
    scalars = st.sampled_from([v for v in pool if v is not None] or [0.0 if field.kind == "Number" else NOWHERE])
    if operator in ("in", "notIn"):
        return st.lists(scalars, min_size=0, max_size=3, unique=True)
    return scalars


def pairs(fields: Sequence[FilterField], operators: set[str] | None) -> list[tuple[FilterField, str]]:
    """(field, operator) pairs, limited to ``operators`` when given."""
    return [(f, op) for f in fields for op in f.operators if operators is None or op in operators]


def conditions(
    choices: Sequence[tuple[FilterField, str]], items: Sequence[Mapping[str, Any]]
) -> st.SearchStrategy[Where]:
    """One of the (field, operator) ``choices`` with an argument drawn from the data."""
    pairs = list(choices)
    return st.sampled_from(pairs).flatmap(
        lambda pair: arguments(pair[0], pair[1], items).map(lambda a: leaf(pair[0], pair[1], a))
    )


def trees(
    condition: st.SearchStrategy[Where], depth: int, all_of: str, any_of: str, operands: int
) -> st.SearchStrategy[Where]:
    """Conditions combined by AND / OR (at least ``operands`` each) nested up to ``depth`` levels."""
    if depth <= 0:
        return condition
    inner = trees(condition, depth - 1, all_of, any_of, operands)
    combined = st.tuples(st.sampled_from([all_of, any_of]), st.lists(inner, min_size=operands, max_size=operands + 1))
    return st.one_of(condition, combined.map(lambda pair: {pair[0]: pair[1]}))
