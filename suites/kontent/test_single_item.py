"""The single-item query finds an item by codename and by id, and agrees with `_All`."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harness.kontent_discovery import SYSTEM, ContentTypeInfo, every_item
from harness.targets import Target
from specs.model import SingleItem
from suites.oracles import explain

RULE = "kontent.content.single_item"


@pytest.mark.rule(RULE)
@given(data=st.data())
def test_lookup_agrees_with_the_collection(
    kontent: Target, populated: list[tuple[int, ContentTypeInfo]], data: st.DataObject
) -> None:
    rule = kontent.rules[RULE]
    _, info = data.draw(st.sampled_from(populated), label="content type")
    assert info.single_query is not None, explain(rule, kontent.client.journal[-1], f"{info.type_name}: no query")
    listed = data.draw(st.sampled_from(every_item(kontent, info)), label="item")
    for identifier in rule.data_as(SingleItem).identifiers:
        argument_type = "String" if identifier == "codename" else "Guid"
        query = f"query($v: {argument_type}) {{ {info.single_query}({identifier}: $v) {{ {SYSTEM} }} }}"
        found = kontent.client.graphql_data(query, {"v": listed["_system_"][identifier]})[info.single_query]
        assert found == listed, explain(
            rule, kontent.client.journal[-1], f"lookup by {identifier} differs from the item in the collection"
        )
