"""Element fields as real environments generate them: non-null text and rich text, deprecated plain
date fields, single-valued assets and linked items (fast checks on the built schema, no HTTP)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from graphql import GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLUnionType, graphql_sync, parse

from mock_server.kontent.app import content_rules
from mock_server.kontent.complexity import QueryAnalyzer
from mock_server.kontent.loading import check_model
from mock_server.kontent.model import ContentType, CountLimit, Element, ModelError
from mock_server.kontent.sample import sample_model
from mock_server.kontent.schema import build
from specs import default_rules
from specs.model import QueryComplexity
from suites.kontent.app_documents import DOCUMENTS, AppDocument

RULES = content_rules(default_rules())
SCHEMA = build(sample_model(), RULES, preview=False)


def _object(schema: GraphQLSchema, name: str) -> GraphQLObjectType:
    found = schema.get_type(name)
    assert isinstance(found, GraphQLObjectType)
    return found


def test_text_url_slug_and_rich_text_are_non_null() -> None:
    article = _object(SCHEMA, "Article")
    assert str(article.fields["title"].type) == "String!" and str(article.fields["slug"].type) == "String!"
    assert str(_object(SCHEMA, "Author").fields["bio"].type) == "_RichText!"
    assert isinstance(article.fields["body"].type, GraphQLNonNull)
    assert str(article.fields["readingTime"].type) == "Float"


def test_date_elements_keep_the_deprecated_plain_field_in_type_where_and_order() -> None:
    field = _object(SCHEMA, "Article").fields["postDate"]
    assert str(field.type) == "DateTime" and field.deprecation_reason == "Use 'postDate_with_timezone' instead."
    arguments = SCHEMA.query_type.fields["article_All"].args if SCHEMA.query_type else {}
    assert "postDate" in arguments["where"].type.fields
    assert str(arguments["order"].type.fields["postDate"].type) == "_OrderEnum"


def test_plain_date_filter_and_order_agree_with_the_timezone_form() -> None:
    since = "2024-03-01T00:00:00Z"
    selection = "order: {postDate: asc}) { items { postDate } } }"
    plain = f'{{ article_All(where: {{postDate: {{gte: "{since}"}}}}, {selection}'
    wrapped = f'{{ article_All(where: {{postDate_with_timezone: {{value: {{gte: "{since}"}}}}}}, {selection}'

    answers = [graphql_sync(SCHEMA, query) for query in (plain, wrapped)]
    assert not answers[0].errors and answers[0].data == answers[1].data
    dates = [i["postDate"] for i in answers[0].data["article_All"]["items"]]  # type: ignore[index]
    assert dates == sorted(dates) and all(d >= since for d in dates)


def test_exactly_one_asset_and_linked_item_are_single_objects() -> None:
    cover = _object(SCHEMA, "Event").fields["cover"]
    hero = _object(SCHEMA, "LandingPage").fields["hero"]
    assert str(cover.type) == "_Asset" and not cover.args
    assert isinstance(hero.type, GraphQLUnionType) and hero.type.name == "LandingPage_Hero" and not hero.args
    answer = graphql_sync(SCHEMA, "{ landingPage_All(limit: 2) { items { hero { __typename } } } }")
    assert not answer.errors and all(i["hero"] for i in answer.data["landingPage_All"]["items"])  # type: ignore[index]


@pytest.mark.parametrize(("condition", "value"), [("at_most", 1), ("at_least", 1), ("exactly", 2)])
def test_other_limits_keep_the_collection(condition: str, value: int) -> None:
    model = sample_model()
    event = model.types["event"]
    limited = Element("cover", "asset", "Cover", count_limit=CountLimit(condition, value))
    changed = replace(event, elements=(*event.elements[:-1], limited))
    schema = build(replace(model, types={**model.types, "event": changed}), RULES, preview=False)
    assert str(_object(schema, "Event").fields["cover"].type) == "_AssetCollection!"


def test_an_unrestricted_single_linked_item_is_an_item() -> None:
    model = sample_model()
    single = Element("next", "modular_content", "Next", count_limit=CountLimit("exactly", 1))
    fact = model.types["fact_about_us"]
    changed = ContentType(fact.id, fact.codename, fact.name, (*fact.elements, single))
    schema = build(replace(model, types={**model.types, "fact_about_us": changed}), RULES, preview=False)
    assert str(_object(schema, "FactAboutUs").fields["next"].type) == "_Item"


def test_count_limits_only_on_linked_items_and_assets() -> None:
    model = sample_model()
    fact = model.types["fact_about_us"]
    wrong = Element("fact", "text", "Fact", count_limit=CountLimit("exactly", 1))
    broken = replace(model, types={**model.types, "fact_about_us": replace(fact, elements=(wrong,))})
    with pytest.raises(ModelError, match="only linked items and assets take count_limit"):
        check_model(broken)


@pytest.mark.parametrize("document", DOCUMENTS, ids=[d.name for d in DOCUMENTS])
def test_app_documents_stay_far_below_the_complexity_limit(document: AppDocument) -> None:
    """Single objects count 1, not a collection of 10: app documents cost what their shapes return."""
    measured = QueryAnalyzer(SCHEMA, RULES.paging.default_limit).measure(parse(document.query), None, {"limit": 5})
    limit = default_rules()["kontent.query.complexity"].data_as(QueryComplexity).max
    assert measured.complexity <= limit // 4
