"""Introspected names follow the naming rule, given the codenames items report in ``_system_``."""

from __future__ import annotations

import pytest

from specs.model import Naming
from specs.naming import Namer
from suites.kontent.discover import ContentTypeInfo, type_info
from suites.oracles import explain
from suites.targets import Target

RULE = "kontent.schema.naming"
DATE_AND_TIME = "_DateAndTime"


@pytest.mark.rule(RULE)
def test_type_and_query_names_come_from_codenames(kontent: Target, catalogue: list[ContentTypeInfo]) -> None:
    rule = kontent.rules[RULE]
    namer = Namer(rule.data_as(Naming))
    checked = [info for info in catalogue if info.codename is not None]
    assert checked, "no content type has items: nothing tells a type's codename"
    for info in checked:
        assert info.codename is not None
        expected = (namer.type_name(info.codename), namer.collection_query(info.codename), namer.query(info.codename))
        actual = (info.type_name, info.collection_query, info.single_query)
        assert actual == expected, explain(
            rule, kontent.client.journal[-1], f"codename {info.codename!r}: names {actual}, expected {expected}"
        )
        assert info.collection_type == namer.collection_type(info.codename), explain(
            rule, kontent.client.journal[-1], f"collection type {info.collection_type!r}"
        )


@pytest.mark.rule(RULE)
def test_date_and_time_fields_carry_the_suffix(kontent: Target, catalogue: list[ContentTypeInfo]) -> None:
    rule = kontent.rules[RULE]
    suffix = rule.data_as(Naming).date_time_suffix
    for info in catalogue:
        for field in type_info(kontent, info.type_name).get("fields") or ():
            reference = field["type"]
            if (reference.get("name") or "") == DATE_AND_TIME:
                assert field["name"].endswith(suffix), explain(
                    rule, kontent.client.journal[-1], f"{info.type_name}.{field['name']} lacks {suffix!r}"
                )
