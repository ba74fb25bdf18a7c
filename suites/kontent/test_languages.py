"""`languageFilter` returns the requested language or a fallback, and `_system_.language` says which."""

from __future__ import annotations

import os

import pytest

from specs.model import LanguageFallback
from suites.kontent.discover import ContentTypeInfo, every_item
from suites.oracles import explain
from suites.targets import Target

RULE = "kontent.content.language_fallback"
LANGUAGES_VARIABLE = "KONTENT_LANGUAGES"
EMBEDDED_LANGUAGES = ("es", "de")
"""GraphQL cannot list an environment's languages (no root query for them), so the languages to
filter by are given: ``KONTENT_LANGUAGES=es-ES,de-DE`` for a live target; these are the
non-default languages of the embedded mock's sample environment."""


def languages(target: Target) -> tuple[str, ...]:
    given = os.environ.get(LANGUAGES_VARIABLE)
    if given:
        return tuple(code.strip() for code in given.split(",") if code.strip())
    if target.embedded:
        return EMBEDDED_LANGUAGES
    pytest.skip(f"set {LANGUAGES_VARIABLE} to the environment's language codenames")


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
