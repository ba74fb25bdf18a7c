"""`order` sorts `_All` by every orderable field in both directions; ties stay in codename order."""

from __future__ import annotations

from typing import Any

import pytest

from specs.model import Order
from suites.kontent.discover import SYSTEM, ContentTypeInfo, every_item, type_info
from suites.oracles import explain
from suites.targets import Target

RULE = "kontent.content.order"
SYSTEM_ORDER = "_SystemOrder"


def _orderable(target: Target, info: ContentTypeInfo) -> list[tuple[str, str | None]]:
    """(field, subfield) pairs of the type's order input: ``_system_`` fields and elements."""
    fields = type_info(target, f"{info.type_name}_Order").get("inputFields") or []
    pairs: list[tuple[str, str | None]] = []
    for field in fields:
        named = field["type"].get("name") or (field["type"].get("ofType") or {}).get("name")
        if named == SYSTEM_ORDER:
            pairs += [("_system_", sub["name"]) for sub in type_info(target, SYSTEM_ORDER).get("inputFields") or []]
        elif named and named.startswith("_") and named != "_OrderEnum":
            pairs += [(field["name"], sub["name"]) for sub in type_info(target, named).get("inputFields") or []]
        else:
            pairs.append((field["name"], None))
    return pairs


def _value(item: dict[str, Any], field: str, sub: str | None) -> Any:
    value = item.get(field)
    return value.get(sub) if isinstance(value, dict) and sub is not None else value


def _sorted_as_documented(items: list[dict[str, Any]], field: str, sub: str | None, descending: bool) -> list[str]:
    """Values ascending (missing first) or descending (missing last); ties by codename ascending."""
    present = sorted((i for i in items if _value(i, field, sub) is not None), key=lambda i: i["_system_"]["codename"])
    present.sort(key=lambda i: _value(i, field, sub), reverse=descending)
    missing = sorted((i for i in items if _value(i, field, sub) is None), key=lambda i: i["_system_"]["codename"])
    ordered = present + missing if descending else missing + present
    return [i["_system_"]["codename"] for i in ordered]


@pytest.mark.rule(RULE)
def test_default_order_is_by_codename(kontent: Target, populated: list[tuple[int, ContentTypeInfo]]) -> None:
    rule = kontent.rules[RULE]
    data = rule.data_as(Order)
    for _, info in populated:
        codenames = [i["_system_"][data.default_field] for i in every_item(kontent, info)]
        assert codenames == sorted(codenames), explain(rule, kontent.client.journal[-1], "not in codename order")


@pytest.mark.rule(RULE)
def test_every_orderable_field_both_directions(kontent: Target, populated: list[tuple[int, ContentTypeInfo]]) -> None:
    rule = kontent.rules[RULE]
    data = rule.data_as(Order)
    for _, info in populated:
        for field, sub in _orderable(kontent, info):
            selection = SYSTEM if field == "_system_" else f"{SYSTEM} {field}{' { ' + sub + ' }' if sub else ''}"
            for direction in (data.ascending, data.descending):
                order = f"{{ {sub}: {direction} }}" if sub else direction
                items = every_item(kontent, info, f", order: {{ {field}: {order} }}", selection)
                expected = _sorted_as_documented(items, field, sub, direction == data.descending)
                actual = [i["_system_"]["codename"] for i in items]
                assert actual == expected, explain(
                    rule, kontent.client.journal[-1], f"order by {field}.{sub or ''} {direction} is wrong"
                )
