"""Element fields have the shapes generated schemas of real environments have: non-null text,
URL slugs and rich text, and the deprecated plain date & time field beside `_with_timezone`
in the type, its `_Where` and its `_Order` (``kontent.schema.element_fields``)."""

from __future__ import annotations

from typing import Any

import pytest

from harness.kontent_discovery import ContentTypeInfo, named_type
from harness.targets import Target
from specs.model import ElementFields, Naming
from suites.kontent.rule_ids import ELEMENT_FIELDS, NAMING
from suites.oracles import explain

FIELDS = """query($n: String!) { __type(name: $n) {
  fields(includeDeprecated: true) { name isDeprecated deprecationReason type { name kind ofType { name kind } } }
  inputFields { name type { name } } } }"""
TEXT_TYPES = frozenset({"String"})
RICH_TEXT = "_RichText"
HTML = "html"
DATE_AND_TIME = "_DateAndTime"
DATE_TIME = "DateTime"
DATE_FILTER = "_DateTimeFilter"
ORDER_ENUM = "_OrderEnum"


def _members(target: Target, name: str) -> dict[str, dict[str, Any]]:
    found = target.client.graphql_data(FIELDS, {"n": name})["__type"] or {}
    return {f["name"]: f for f in (found.get("fields") or found.get("inputFields") or ())}


def _is_rich_text(target: Target, name: str) -> bool:
    """`_RichText` or a restricted rich-text object (`<Type>_<Element>` with `html`)."""
    return name == RICH_TEXT or (not name.startswith("_") and HTML in _members(target, name))


@pytest.mark.rule(ELEMENT_FIELDS)
def test_text_url_slug_and_rich_text_fields_are_non_null(kontent: Target, catalogue: list[ContentTypeInfo]) -> None:
    rule = kontent.rules[ELEMENT_FIELDS]
    checked = 0
    for info in catalogue:
        for name, field in _members(kontent, info.type_name).items():
            named = named_type(field["type"]) or ""
            if name.startswith("_") or not (named in TEXT_TYPES or _is_rich_text(kontent, named)):
                continue
            checked += 1
            assert field["type"]["kind"] == "NON_NULL", explain(
                rule, kontent.client.journal[-1], f"{info.type_name}.{name}: {named} is nullable, expected {named}!"
            )
    assert checked, explain(rule, kontent.client.journal[-1], "no text, URL slug or rich-text field to check")


@pytest.mark.rule(ELEMENT_FIELDS)
def test_date_and_time_elements_keep_the_deprecated_plain_field(
    kontent: Target, catalogue: list[ContentTypeInfo]
) -> None:
    """`<name>: DateTime` (deprecated, with the observed reason) beside `<name>_with_timezone`,
    filterable and orderable."""
    rule = kontent.rules[ELEMENT_FIELDS]
    shapes = rule.data_as(ElementFields)
    if not shapes.deprecated_date_field:
        pytest.skip("the expected behaviour has no plain date & time fields")
    suffix = kontent.rules[NAMING].data_as(Naming).date_time_suffix
    checked = 0
    for info in catalogue:
        fields = _members(kontent, info.type_name)
        dated = [n for n, f in fields.items() if named_type(f["type"]) == DATE_AND_TIME and n.endswith(suffix)]
        where = _members(kontent, f"{info.type_name}_Where") if dated else {}
        order = _members(kontent, f"{info.type_name}_Order") if dated else {}
        for name in dated:
            plain = name.removesuffix(suffix)
            owner = f"{info.type_name}.{plain}"
            checked += 1
            field = fields.get(plain)
            assert field is not None and named_type(field["type"]) == DATE_TIME, explain(
                rule, kontent.client.journal[-1], f"{owner}: no plain DateTime field beside {name}"
            )
            assert field["isDeprecated"], explain(rule, kontent.client.journal[-1], f"{owner} is not deprecated")
            reason = shapes.deprecation_reason.format(field=name)
            assert field["deprecationReason"] == reason, explain(
                rule,
                kontent.client.journal[-1],
                f"{owner}: deprecation reason {field['deprecationReason']!r}, not {reason!r}",
            )
            assert named_type(where.get(plain, {}).get("type")) == DATE_FILTER, explain(
                rule, kontent.client.journal[-1], f"{info.type_name}_Where.{plain} is not {DATE_FILTER}"
            )
            assert named_type(order.get(plain, {}).get("type")) == ORDER_ENUM, explain(
                rule, kontent.client.journal[-1], f"{info.type_name}_Order.{plain} is not {ORDER_ENUM}"
            )
    if kontent.embedded:
        assert checked, explain(rule, kontent.client.journal[-1], "the sample's date & time elements were not found")
