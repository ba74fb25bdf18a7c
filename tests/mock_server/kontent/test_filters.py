"""The Kontent.ai mock's `where`: operators, fields, AND / OR, languages and invalid filters.

Expected counts are computed here from the sample document, never from the mock's engine.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from graphql import graphql_sync

from mock_server.faults import apply_faults
from mock_server.kontent.app import content_rules
from mock_server.kontent.sample import sample_document, sample_model
from mock_server.kontent.schema import build
from specs import default_rules
from specs.model import FilterWhere
from tests.mock_server.support import MockClient

Mock = Callable[..., MockClient]
WHERE = default_rules()["kontent.filter.where"].data_as(FilterWhere)
QUERY = """query($w: Product_Where, $lang: String = "en") {
  product_All(where: $w, limit: 1000, languageFilter: {languageCodename: $lang}) {
    totalCount items { _system_ { codename } }
  }
}"""


def _products() -> list[dict[str, Any]]:
    """Published products of the sample document in English, as plain data."""
    items = [i for i in sample_document()["items"] if i["type"] == "product"]
    return [i for i in items if "published" in i["variants"]["en"]]


def _found(client: MockClient, where: Any, language: str = "en") -> list[str]:
    answer = client.query(QUERY, {"w": where, "lang": language})
    assert "errors" not in answer, answer
    result = answer["data"]["product_All"]
    assert result["totalCount"] == len(result["items"])
    return [i["_system_"]["codename"] for i in result["items"]]


def _price(item: dict[str, Any]) -> float | None:
    value: float | None = item["variants"]["en"]["published"]["elements"]["price"]
    return value


def test_number_operators_and_the_null_rule(mock: Mock) -> None:
    client = mock("kontent")
    products = _products()
    priced = [p for p in products if _price(p) is not None]
    bound = sorted(_price(p) or 0 for p in priced)[len(priced) // 2]
    below = [p["codename"] for p in priced if (_price(p) or 0) < bound]
    assert _found(client, {"price": {"lt": bound}}) == below
    assert len(_found(client, {"price": {"lte": bound}})) == len(below) + 1
    nulls = [p["codename"] for p in products if _price(p) is None]
    assert nulls and _found(client, {"price": {"isEmpty": True}}) == nulls
    equal = _found(client, {"price": {"eq": bound}})
    assert sorted(_found(client, {"price": {"notEq": bound}}) + equal) == sorted(p["codename"] for p in products)
    assert _found(client, {"price": {"in": []}}) == []


def test_text_is_case_sensitive_and_and_or_nest(mock: Mock) -> None:
    client = mock("kontent")
    first = _products()[0]
    name = first["variants"]["en"]["published"]["elements"]["product_name"]
    assert _found(client, {"productName": {"eq": name}}) == [first["codename"]]
    assert _found(client, {"productName": {"eq": name.swapcase()}}) == []
    either = {WHERE.any_of: [{"productName": {"eq": name}}, {"_system_": {"codename": {"eq": "product_02"}}}]}
    both = {WHERE.all_of: [either, {"roast": {"containsAny": ["light", "medium", "dark"]}}]}
    assert _found(client, both) == sorted([first["codename"], "product_02"])


def test_language_condition_sees_the_variant_after_fallback(mock: Mock) -> None:
    client = mock("kontent")
    translated = _found(client, {"_system_": {"language": {"_system_": {"codename": {"eq": "es"}}}}}, "es")
    fallen_back = _found(client, {"_system_": {"language": {"_system_": {"codename": {"eq": "en"}}}}}, "es")
    assert translated and fallen_back and not set(translated) & set(fallen_back)
    assert sorted(translated + fallen_back) == _found(client, {}, "es")


@pytest.mark.parametrize(
    "where",
    [
        {WHERE.all_of: [{"price": {"eq": 1}}] * (WHERE.min_operands - 1)},
        {WHERE.any_of: []},
        {"productName": {"lt": "x"}},
        {"productName": {"eq": 5}},
        {"price": {"eq": "cheap"}},
        {"roast": {"containsAll": [5]}},
        {"_system_": {"lastModified": {"gt": "yesterday"}}},
        {"_system_": {"lastModified": {"gt": "2024-01-01T10:00:00"}}},
    ],
)
def test_invalid_filters_get_a_graphql_error_not_a_server_error(mock: Mock, where: Any) -> None:
    answer = mock("kontent").query(QUERY, {"w": where})
    assert answer.get("errors") and not (answer.get("data") or {}).get("product_All"), answer


def test_faulted_rules_change_the_engine() -> None:
    """The faults the meta-tests rely on reach the engine through the rules only."""

    def count(rules: Any, where: str) -> int:
        schema = build(sample_model(), content_rules(rules.for_api("kontent")), preview=False)
        result = graphql_sync(schema, f"{{ article_All(where: {where}) {{ totalCount }} }}")
        assert not result.errors, result.errors
        return int((result.data or {})["article_All"]["totalCount"])

    documented = default_rules()
    where = "{readingTime: {lt: 5}}"
    assert count(documented, where) < count(apply_faults(documented, ["kontent.filter.operator.lt"]), where)
    topics = '{topics: {containsAll: ["coffee", "brewing"]}}'
    assert count(documented, topics) < count(apply_faults(documented, ["kontent.filter.operator.contains_all"]), topics)
