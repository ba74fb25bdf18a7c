"""Any page of `_All` is the slice of the whole ordered collection; `totalCount` is its size."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harness.kontent_discovery import SYSTEM, ContentTypeInfo, every_item
from harness.targets import Target
from specs.model import Paging
from suites.kontent.rule_ids import PAGING
from suites.oracles import explain, json_document


def _codenames(items: list[dict[str, dict[str, str]]]) -> list[str]:
    return [item["_system_"]["codename"] for item in items]


@pytest.mark.rule(PAGING)
@given(data=st.data())
def test_page_is_the_slice_of_the_collection(
    kontent: Target, populated: list[tuple[int, ContentTypeInfo]], data: st.DataObject
) -> None:
    rule = kontent.rules[PAGING]
    paging = rule.data_as(Paging)
    count, info = data.draw(st.sampled_from(populated), label="content type")
    limit = data.draw(st.integers(0, min(paging.max_limit, count + 2)), label="limit")
    offset = data.draw(st.integers(0, count + 2), label="offset")
    whole = _codenames(every_item(kontent, info))
    query = f"{{ {info.collection_query}(limit: {limit}, offset: {offset}) {{ totalCount items {{ {SYSTEM} }} }} }}"
    page = kontent.client.graphql_data(query)[info.collection_query]
    exchange = kontent.client.journal[-1]
    assert page["totalCount"] == len(whole), explain(rule, exchange, f"totalCount is not {len(whole)}")
    assert _codenames(page["items"]) == whole[offset : offset + limit], explain(
        rule, exchange, f"page limit={limit} offset={offset} is not that slice of the whole collection"
    )


@pytest.mark.rule(PAGING)
def test_defaults_and_the_maximum(kontent: Target, populated: list[tuple[int, ContentTypeInfo]]) -> None:
    rule = kontent.rules[PAGING]
    paging = rule.data_as(Paging)
    _, info = populated[0]
    page = kontent.client.graphql_data(f"{{ {info.collection_query} {{ items {{ {SYSTEM} }} }} }}")
    exchange = kontent.client.journal[-1]
    items = page[info.collection_query]["items"]
    whole = _codenames(every_item(kontent, info))
    expected = whole[paging.default_offset : paging.default_offset + paging.default_limit]
    assert _codenames(items) == expected, explain(
        rule, exchange, f"without limit/offset expected the first {paging.default_limit} items"
    )
    over = kontent.client.graphql(f"{{ {info.collection_query}(limit: {paging.max_limit + 1}) {{ totalCount }} }}")
    document = json_document(rule, over)
    assert document.get("errors"), explain(rule, over, f"a limit over {paging.max_limit} must be rejected")
