"""The suites' filter oracle reads the documented semantics: null rule, case, UTC instants, arrays, AND / OR."""

from __future__ import annotations

from typing import Any

from specs import default_rules
from suites.kontent.filter_cases import leaf, shifted, sweep
from suites.kontent.filter_fields import FilterField
from suites.kontent.filter_oracle import Oracle

RULES = default_rules().for_api("kontent")
PRICE = FilterField(("price",), ("price",), "Number", True, ("eq", "notEq", "lt", "in", "notIn", "isEmpty"), ())
TITLE = FilterField(("title",), ("title",), "String", True, ("eq", "notEq", "isEmpty"), ())
DATE = FilterField(("date", "value"), ("date", "value"), "DateTime", True, ("eq", "gte"), ())
TOPICS = FilterField(("topics",), ("topics",), "Array", True, ("containsAll", "containsAny", "isEmpty"), (), array=True)
ITEMS: list[dict[str, Any]] = [
    {
        "_system_": {"codename": "a"},
        "price": 1.5,
        "title": "Espresso",
        "date": {"value": "2024-01-08T09:30:00Z"},
        "topics": {"items": [{"_system_": {"codename": "coffee"}}, {"_system_": {"codename": "brewing"}}]},
    },
    {
        "_system_": {"codename": "b"},
        "price": None,
        "title": "",
        "date": {"value": "2024-02-08T09:30:00Z"},
        "topics": {"items": [{"_system_": {"codename": "coffee"}}]},
    },
    {"_system_": {"codename": "c"}, "price": 10.0, "title": "Crema", "date": None, "topics": {"items": []}},
]
ORACLE = Oracle(RULES, [PRICE, TITLE, DATE, TOPICS])


def found(where: dict[str, Any]) -> list[str]:
    return [item["_system_"]["codename"] for item in ORACLE.select(where, ITEMS)]


def test_null_rule_and_comparisons() -> None:
    assert found({"price": {"lt": 10}}) == ["a"]
    assert found({"price": {"eq": 1.5}}) == ["a"]
    assert found({"price": {"notEq": 1.5}}) == ["b", "c"]
    assert found({"price": {"notIn": [10.0]}}) == ["a", "b"]
    assert found({"price": {"in": []}}) == []
    assert found({"price": {"isEmpty": True}}) == ["b"]
    assert found({"title": {"isEmpty": False}}) == ["a", "c"]


def test_strings_are_case_sensitive_and_dates_instants_in_utc() -> None:
    assert found({"title": {"eq": "espresso"}}) == []
    assert found({"date": {"value": {"eq": shifted("2024-01-08T09:30:00Z")}}}) == ["a"]
    assert found({"date": {"value": {"gte": "2024-02-08T11:30:00+02:00"}}}) == ["b"]


def test_arrays_and_nested_and_or() -> None:
    assert found({"topics": {"containsAll": ["coffee", "brewing"]}}) == ["a"]
    assert found({"topics": {"containsAny": ["brewing", "coffee"]}}) == ["a", "b"]
    assert found({"topics": {"containsAll": []}}) == ["a", "b", "c"]
    assert found({"topics": {"isEmpty": True}}) == ["c"]
    either = {"OR": [leaf(PRICE, "eq", 10.0), leaf(TITLE, "eq", "Espresso")]}
    assert found({"AND": [either, {"topics": {"containsAny": ["coffee"]}}]}) == ["a"]


def test_sweep_reaches_every_operator_with_data_values() -> None:
    cases = list(sweep(PRICE, ITEMS, PRICE.operators))
    assert {next(iter(case["price"])) for case in cases} == set(PRICE.operators)
    assert {"price": {"isEmpty": True}} in cases and {"price": {"isEmpty": False}} in cases
