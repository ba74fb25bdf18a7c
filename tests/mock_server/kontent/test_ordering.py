"""Several `order` keys: priority as written, directions and missing values per key."""

from __future__ import annotations

from typing import Any

from graphql import parse

from mock_server.kontent.ordering import SortKey, object_paths, sort_keys, sorted_by
from specs import default_rules
from specs.model import Order, OrderKeys

ORDER = default_rules()["kontent.content.order"].data_as(Order)
AS_WRITTEN = OrderKeys("as_written")


def _written(literal: str) -> tuple[str, ...]:
    operation: Any = parse(f"{{ a(order: {literal}) }}").definitions[0]
    return tuple(object_paths(operation.selection_set.selections[0].arguments[0].value, ""))


def test_priority_follows_the_document_not_the_schema() -> None:
    coerced = {"_system_": {"codename": None, "name": "desc", "lastModified": "asc"}, "title": "asc"}
    written = _written("{title: asc, _system_: {lastModified: asc, name: desc}}")
    assert sort_keys(coerced, written, ORDER, AS_WRITTEN) == [
        SortKey("title", None, False),
        SortKey("_system_", "lastModified", False),
        SortKey("_system_", "name", True),
    ]
    from_variable = sort_keys(coerced, ("title", "_system_"), ORDER, AS_WRITTEN)
    assert [k.path for k in from_variable] == ["title", "_system_.name", "_system_.lastModified"]
    assert sort_keys(coerced, written, ORDER, OrderKeys("reversed"))[0] == SortKey("_system_", "name", True)


def test_lexicographic_with_missing_values_per_key() -> None:
    rows = [("a", 1, None), ("b", 1, 2), ("c", None, 1), ("d", 2, 5), ("e", 1, 2)]

    def key(n: int, descending: bool) -> tuple[Any, bool]:
        return (lambda row: row[n]), descending

    assert [r[0] for r in sorted_by(rows, [key(1, False), key(2, True)])] == ["c", "b", "e", "a", "d"]
    assert [r[0] for r in sorted_by(rows, [key(1, True), key(2, False)])] == ["d", "a", "b", "e", "c"]
