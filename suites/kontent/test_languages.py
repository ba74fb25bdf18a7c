"""`languageFilter` returns the requested language or a fallback, and `_system_.language` says which."""

from __future__ import annotations

import pytest

from harness.kontent_discovery import ContentTypeInfo, every_item
from harness.targets import Target
from specs.model import LanguageFallback
from suites.kontent.languages import languages
from suites.oracles import explain

RULE = "kontent.content.language_fallback"


def _language(item: dict[str, dict[str, dict[str, dict[str, str]]]]) -> str:
    return item["_system_"]["language"]["_system_"]["codename"]


@pytest.mark.rule(RULE)
def test_filter_returns_the_language_or_a_fallback(
    kontent: Target, populated: list[tuple[int, ContentTypeInfo]]
) -> None:
    rule = kontent.rules[RULE]
    argument = rule.data_as(LanguageFallback).argument
    for language in languages(kontent):
        for count, info in populated:
            items = every_item(kontent, info, f', {argument}: {{languageCodename: "{language}"}}')
            exchange = kontent.client.journal[-1]
            assert len(items) == count, explain(
                rule, exchange, f"{info.collection_query} in {language!r}: {len(items)} items, {count} without filter"
            )
            for item in items:
                returned = _language(item)
                if returned == language:
                    continue
                query = f"query($c: String, $l: String!) {{ {info.single_query}(codename: $c, {argument}: "
                query += "{languageCodename: $l}) { _system_ { language { _system_ { codename } } } } }"
                variables = {"c": item["_system_"]["codename"], "l": returned}
                direct = kontent.client.graphql_data(query, variables)[str(info.single_query)]
                assert direct is not None and _language(direct) == returned, explain(
                    rule, kontent.client.journal[-1], f"fell back to {returned!r}, which has no variant of the item"
                )
