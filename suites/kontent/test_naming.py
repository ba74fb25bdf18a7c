"""Introspected names follow the naming rule, given the codenames items report in ``_system_``."""

from __future__ import annotations

import pytest

from harness.kontent_discovery import ContentTypeInfo, named_type, type_info
from harness.targets import Target
from specs import Rule
from specs.model import Naming, RestrictedNaming
from specs.naming import Namer, RestrictedNamer
from suites.kontent.rule_ids import NAMING
from suites.oracles import explain

DATE_AND_TIME = "_DateAndTime"


@pytest.mark.rule(NAMING)
def test_type_and_query_names_come_from_codenames(kontent: Target, catalogue: list[ContentTypeInfo]) -> None:
    rule = kontent.rules[NAMING]
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


@pytest.mark.rule(NAMING)
def test_date_and_time_fields_carry_the_suffix(kontent: Target, catalogue: list[ContentTypeInfo]) -> None:
    rule = kontent.rules[NAMING]
    suffix = rule.data_as(Naming).date_time_suffix
    for info in catalogue:
        for field in type_info(kontent, info.type_name).get("fields") or ():
            reference = field["type"]
            if (reference.get("name") or "") == DATE_AND_TIME:
                assert field["name"].endswith(suffix), explain(
                    rule, kontent.client.journal[-1], f"{info.type_name}.{field['name']} lacks {suffix!r}"
                )


RESTRICTED_RULE = "kontent.schema.restricted_types"
OBJECT = "OBJECT"
UNION = "UNION"
NON_NULL = "NON_NULL"
SCALARS = frozenset({"String", "Float", "Int", "Boolean", "ID", "DateTime", "Guid"})


def _pascal(field: str) -> str:
    """An element field's name in type names: its codename's words, as PascalCase."""
    return field[:1].upper() + field[1:]


def _check_collection(target: Target, rule: Rule, collection: str, union: str, owner: str) -> None:
    """A restricted collection's items are one content type or the union named for the element."""
    members = {f["name"]: f for f in type_info(target, collection).get("fields") or ()}
    item = type_info(target, named_type(members.get("items", {}).get("type")) or "")
    assert item.get("kind") == OBJECT or (item.get("kind") == UNION and item.get("name") == union), explain(
        rule,
        target.client.journal[-1],
        f"{owner}: items of {collection!r} are {item.get('name')!r}, expected a type or {union!r}",
    )


@pytest.mark.rule(RESTRICTED_RULE)
def test_restricted_elements_name_their_types(kontent: Target, catalogue: list[ContentTypeInfo]) -> None:
    """Element fields typed by a type of the content model (not a `_` system type) are restricted
    linked items (`<Type>_<Element>_Collection`) or restricted rich text (`<Type>_<Element>`)."""
    rule = kontent.rules[RESTRICTED_RULE]
    names = RestrictedNamer(rule.data_as(RestrictedNaming), Namer(kontent.rules[NAMING].data_as(Naming)))
    found = 0
    for info in catalogue:
        for field in type_info(kontent, info.type_name).get("fields") or ():
            named = named_type(field["type"]) or ""
            if field["name"].startswith("_") or named.startswith("_") or named in SCALARS:
                continue
            if field["type"]["kind"] != NON_NULL:
                continue  # a single-valued element: one item or a union (kontent.schema.single_valued)
            owner = f"{info.type_name}.{field['name']}"
            element = _pascal(field["name"])
            found += 1
            if named != names.element_type(info.type_name, element):
                expected = names.collection_type(info.type_name, element)
                assert named == expected, explain(
                    rule, kontent.client.journal[-1], f"{owner}: {named!r}, not {expected!r}"
                )
                _check_collection(kontent, rule, named, names.element_type(info.type_name, element), owner)
                continue
            parts = {f["name"]: named_type(f["type"]) for f in type_info(kontent, named).get("fields") or ()}
            for part in names.rule.rich_text_parts:
                expected = names.collection_type(info.type_name, element, part)
                assert parts.get(part) == expected, explain(
                    rule, kontent.client.journal[-1], f"{owner}.{part}: {parts.get(part)!r}, not {expected!r}"
                )
                _check_collection(kontent, rule, expected, names.element_type(info.type_name, element, part), owner)
    if kontent.embedded:
        assert found, explain(rule, kontent.client.journal[-1], "the sample's restricted elements were not found")
