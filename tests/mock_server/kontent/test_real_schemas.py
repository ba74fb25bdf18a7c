"""The mock's schema for a real environment's content model equals the schema the real API
generated for that environment.

Each ``models/real-schemas/<environment>/`` holds the recorded real schema and ``management/``,
the Management API export of that environment's content model (``models/real-schemas/README.md``).
A ``schema.graphql`` record is complete (types, fields, arguments, nullability, deprecations,
unions, ``_Where`` and ``_Order`` entries) and is compared fact by fact; a ``named-types.yaml``
record (C# codegen, which keeps only named types) is compared field by field on named types.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from graphql import (
    GraphQLInputObjectType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    build_schema,
    get_named_type,
    graphql_sync,
)

from mock_server.kontent.app import content_rules
from mock_server.kontent.loading import load_model
from mock_server.kontent.schema import build
from specs import default_rules
from tests.mock_server.schema_facts import differences, schema_facts

REAL_SCHEMAS = Path(__file__).parents[1] / "models" / "real-schemas"
EMULATION = {"kickstart-react-app": "observed-2025", "kontent-starter-graphql-net": "observed-2021"}
"""Environment -> the ``--emulate`` choice of its schema's vintage (rules' ``deviations``)."""
FULL = sorted(path.parent.name for path in REAL_SCHEMAS.glob("*/schema.graphql"))
NAMED = sorted(path.parent.name for path in REAL_SCHEMAS.glob("*/named-types.yaml"))
APP_DOCUMENTS = {
    "kickstart-react-app": """
      query Landing($language: String!) {
        landingPage_All(limit: 1, languageFilter: {languageCodename: $language}) {
          __typename totalCount
          items {
            __typename _system_ { __typename id codename }
            headline heroImage { __typename items { __typename url width height } }
            bodyCopy { __typename html components { __typename items { __typename videoLink autoplay {
              __typename items { __typename _system_ { __typename codename } } } } } }
            featuredContent { __typename items { __typename
              ... on Article { title publishDate publishDate_with_timezone { __typename value display_timezone } }
              ... on Event { name eventTopic { __typename items { __typename _system_ { __typename codename } } } }
            } }
          }
        }
        event_All(where: {OR: [{startDate: {gte: "2025-01-01T00:00:00Z"}}, {eventType: {containsAny: ["webinar"]}}]},
                  order: {startDate_with_timezone: {value: asc}}) { __typename items { __typename name } }
      }""",
    "kontent-starter-graphql-net": """
      query Home($slug: String!) {
        homepage_All(limit: 1) { __typename items {
          __typename title headerLogo { __typename url } mainMenu { __typename label actions { __typename items {
            __typename label navigationItem { __typename ... on NavigationItem { slug } ... on ExternalUrl { url } }
            icon { __typename icon { __typename items { __typename _system_ { __typename codename } } } }
          } } }
          content { __typename ... on LandingPage { sections { __typename items { __typename
            ... on HeroSection { title image { __typename url } }
            ... on ListingSection { numberOfItems } } } } }
          _seo { __typename title }
        } }
        post_All(where: {_seo: {canonicalUrl: {eq: $slug}}}) { __typename items {
          __typename title publishingDate author { __typename firstName } image { __typename url } } }
      }""",
}
"""Documents shaped as the environments' apps send them, naming their single and restricted fields."""
VARIABLES = {"kickstart-react-app": {"language": "default"}, "kontent-starter-graphql-net": {"slug": "/"}}


def _generated(environment: str, *, preview: bool = False) -> GraphQLSchema:
    model = load_model([REAL_SCHEMAS / environment / "management"])
    return build(model, content_rules(default_rules().as_implemented_by(EMULATION[environment])), preview=preview)


def _real(environment: str) -> dict[str, str]:
    return schema_facts(build_schema((REAL_SCHEMAS / environment / "schema.graphql").read_text(encoding="utf-8")))


@pytest.mark.parametrize("preview", [False, True], ids=["delivery", "preview"])
@pytest.mark.parametrize("environment", FULL)
def test_mock_schema_equals_the_real_generated_schema(environment: str, preview: bool) -> None:
    found = differences(_real(environment), schema_facts(_generated(environment, preview=preview)))
    assert not found, json.dumps(found, indent=1)


def _named_fields(schema: GraphQLSchema, name: str, additions: dict[str, list[str]]) -> dict[str, str] | None:
    kind = schema.get_type(name)
    if not isinstance(kind, GraphQLObjectType | GraphQLInputObjectType):
        return None
    return {
        field: get_named_type(definition.type).name
        for field, definition in kind.fields.items()
        if field not in additions["fields"] and not field.endswith(tuple(additions["suffixes"]))
    }


def _union(schema: GraphQLSchema, name: str) -> list[str] | None:
    kind = schema.get_type(name)
    return sorted(t.name for t in kind.types) if isinstance(kind, GraphQLUnionType) else None


@pytest.mark.parametrize("environment", NAMED)
def test_mock_schema_has_the_real_named_types_field_by_field(environment: str) -> None:
    record: dict[str, Any] = yaml.safe_load((REAL_SCHEMAS / environment / "named-types.yaml").read_text("utf-8"))
    schema = _generated(environment)
    additions = record["vintage_additions"]
    found: dict[str, Any] = {}
    for name, fields in record["types"].items():
        generated = _named_fields(schema, name, additions)
        if generated != fields:
            found[name] = {"real": fields, "mock": generated}
    for name, members in record["unions"].items():
        generated_members = _union(schema, name)
        if generated_members is None or (members is not None and generated_members != sorted(members)):
            found[name] = {"real": members, "mock": generated_members}
    assert not found, json.dumps(found, indent=1)


@pytest.mark.parametrize("environment", sorted(APP_DOCUMENTS))
def test_app_shaped_documents_run_on_the_real_environments_model(environment: str) -> None:
    answer = graphql_sync(_generated(environment), APP_DOCUMENTS[environment], variable_values=VARIABLES[environment])
    assert not answer.errors, answer.errors
    assert answer.data and all(value is not None for value in answer.data.values())


def test_every_recorded_environment_is_compared() -> None:
    assert sorted(EMULATION) == sorted(FULL + NAMED) == sorted(APP_DOCUMENTS) and len(EMULATION) >= 2
    for environment in FULL:
        facts = _real(environment)
        assert any(key.endswith("_Where.AND") for key in facts) and len(facts) > 200, environment
