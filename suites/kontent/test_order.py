"""`order` sorts `_All` by every orderable field in both directions; ties stay in codename order."""

from __future__ import annotations

from collections.abc import Callable
from functools import cmp_to_key
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harness.kontent_discovery import SYSTEM, ContentTypeInfo, every_item, type_info
from harness.targets import Target
from specs.model import Order
from suites.kontent.rule_ids import ORDER
from suites.oracles import explain

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


@pytest.mark.rule(ORDER)
def test_default_order_is_by_codename(kontent: Target, populated: list[tuple[int, ContentTypeInfo]]) -> None:
    rule = kontent.rules[ORDER]
    data = rule.data_as(Order)
    for _, info in populated:
        codenames = [i["_system_"][data.default_field] for i in every_item(kontent, info)]
        assert codenames == sorted(codenames), explain(rule, kontent.client.journal[-1], "not in codename order")


@pytest.mark.rule(ORDER)
def test_every_orderable_field_both_directions(kontent: Target, populated: list[tuple[int, ContentTypeInfo]]) -> None:
    rule = kontent.rules[ORDER]
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


KEYS_RULE = "kontent.content.order_keys"
MAX_KEYS = 4


def _compare(keys: list[tuple[str, str | None, bool]]) -> Callable[[dict[str, Any], dict[str, Any]], int]:
    """Key by key: missing values first ascending and last descending; then codename ascending."""

    def compare(a: dict[str, Any], b: dict[str, Any]) -> int:
        for field, sub, descending in keys:
            x, y = _value(a, field, sub), _value(b, field, sub)
            if x == y:
                continue
            if x is None or y is None:
                first_is_missing = -1 if x is None else 1
                return -first_is_missing if descending else first_is_missing
            smaller = -1 if x < y else 1
            return -smaller if descending else smaller
        first, second = str(a["_system_"]["codename"]), str(b["_system_"]["codename"])
        return (first > second) - (first < second)

    return compare


@st.composite
def _key_lists(draw: st.DrawFn, pairs: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """Distinct (field, subfield) keys in priority order; the subfields of one field stay
    together, as one input object literal cannot name a field twice."""
    fields = list(dict.fromkeys(field for field, _ in pairs))
    chosen = draw(st.permutations(fields))
    chosen = chosen[: draw(st.integers(1, min(MAX_KEYS, len(chosen))))]
    keys: list[tuple[str, str | None]] = []
    for field in chosen:
        subs = [sub for f, sub in pairs if f == field]
        keys += [(field, sub) for sub in draw(st.permutations(subs))[: draw(st.integers(1, len(subs)))]]
    return keys


def _literal(keys: list[tuple[str, str | None, bool]], order: Order) -> str:
    """The keys as one `<Type>_Order` literal, fields in priority order."""
    plain: dict[str, str] = {}
    nested: dict[str, list[str]] = {}
    for field, sub, descending in keys:
        direction = order.descending if descending else order.ascending
        if sub is None:
            plain[field] = direction
        else:
            nested.setdefault(field, []).append(f"{sub}: {direction}")
    written = dict.fromkeys(field for field, _, _ in keys)
    return ", ".join(f"{f}: {plain[f]}" if f in plain else f"{f}: {{ {', '.join(nested[f])} }}" for f in written)


@pytest.mark.rule(KEYS_RULE)
@given(data=st.data())
def test_several_keys_sort_in_the_order_written(
    kontent: Target, populated: list[tuple[int, ContentTypeInfo]], data: st.DataObject
) -> None:
    rule = kontent.rules[KEYS_RULE]
    order = kontent.rules[ORDER].data_as(Order)
    _, info = data.draw(st.sampled_from(populated), label="content type")
    pairs = _orderable(kontent, info)
    chosen = data.draw(_key_lists(pairs), label="keys")
    keys = [(field, sub, data.draw(st.booleans(), label=f"{field}.{sub or ''} descending")) for field, sub in chosen]
    fields = dict.fromkeys(field for field, _, _ in keys if field != "_system_")
    selection = " ".join([SYSTEM, *(f"{f} {{ value }}" if _has_sub(pairs, f) else f for f in fields)])
    items = every_item(kontent, info, f", order: {{ {_literal(keys, order)} }}", selection)
    expected = [i["_system_"]["codename"] for i in sorted(items, key=cmp_to_key(_compare(keys)))]
    actual = [i["_system_"]["codename"] for i in items]
    assert actual == expected, explain(rule, kontent.client.journal[-1], f"not sorted by {keys} in that priority")


def _has_sub(pairs: list[tuple[str, str | None]], field: str) -> bool:
    return any(f == field and sub is not None for f, sub in pairs)
