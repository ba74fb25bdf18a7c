"""The served schema: introspection against the SDL of the rule file, then a generic phase in which
hypothesis-graphql generates valid queries from that SDL and every answer is checked: no 5xx, values
of the declared types, no internal detail (SQL, stack traces, file paths) in errors.

Only queries are generated, so the phase is read-only on any target. Types are checked by running
the query once more, locally, over the expected schema with the target's own ``data`` as the
resolved values: graphql-core's serialisation then rejects any value not of its declared type.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

import graphql
import hypothesis_graphql
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis_graphql import nodes

from specs.directives import read_sdl
from specs.model import ServedSchema
from specs.sdl_schema import build_sdl_schema
from suites.client import Exchange
from suites.oracles import explain, json_document
from suites.targets import Target

RULE = "wikijs.schema.served"
DATES = st.sampled_from(["2026-01-01T00:00:00.000Z", "1970-01-01T00:00:00Z"]).map(nodes.String)
SERVER_ERROR = 500


def expected_schema(served: ServedSchema) -> graphql.GraphQLSchema:
    schema = build_sdl_schema(read_sdl(served.sdl_dir))
    for entry in served.absent_fields:
        type_name, field_name = entry.split(".")
        named = schema.get_type(type_name)
        assert isinstance(named, graphql.GraphQLObjectType)
        del named.fields[field_name]
    return schema


def changes(old: graphql.GraphQLSchema, new: graphql.GraphQLSchema) -> list[str]:
    breaking = [f"{c.type.name}: {c.description}" for c in graphql.find_breaking_changes(old, new)]
    return breaking + [f"{c.type.name}: {c.description}" for c in graphql.find_dangerous_changes(old, new)]


@pytest.mark.rule(RULE)
def test_introspection_shows_the_documented_schema(wikijs: Target) -> None:
    rule = wikijs.rules[RULE]
    served = rule.data_as(ServedSchema)
    exchange = wikijs.client.graphql(graphql.get_introspection_query(descriptions=False))
    document = json_document(rule, exchange)
    assert not document.get("errors") and document.get("data"), explain(rule, exchange, "introspection failed")
    actual = graphql.build_client_schema(document["data"])
    expected = expected_schema(served)
    missing, extra = changes(expected, actual), changes(actual, expected)
    assert not missing, explain(rule, exchange, "introspection lacks or changes: " + "; ".join(missing[:10]))
    assert not extra, explain(rule, exchange, "introspection shows undocumented: " + "; ".join(extra[:10]))


def _resolve_from_response(source: Any, info: graphql.GraphQLResolveInfo[Any], **_: Any) -> Any:
    return source.get(info.path.key) if isinstance(source, dict) else None


def type_mismatches(schema: graphql.GraphQLSchema, query: str, document: dict[str, Any]) -> list[str]:
    """Values in ``data`` that are not of their declared type, outside the paths the target reported errors for."""
    data = document.get("data")
    if data is None:
        return []
    result = graphql.execute_sync(schema, graphql.parse(query), root_value=data, field_resolver=_resolve_from_response)
    reported = [tuple(error.get("path") or ()) for error in document.get("errors") or [] if isinstance(error, dict)]
    problems = []
    for error in result.errors or []:
        path = tuple(error.path or ())
        if not any(path[: len(errored)] == errored for errored in reported if errored):
            problems.append(f"{'.'.join(map(str, path))}: {error.message}")
    return problems


def internal_detail(served: ServedSchema, document: dict[str, Any]) -> list[str]:
    errors = [e for e in document.get("errors") or [] if isinstance(e, dict)]
    texts = [str(e.get("message", "")) + " " + json.dumps(e.get("extensions") or {}) for e in errors]
    return [f"{pattern!r} in {text[:200]!r}" for pattern in served.internal_detail for text in texts
            if re.search(pattern, text, re.IGNORECASE | re.MULTILINE)]  # fmt: skip


@cache
def _queries(sdl_dir: str) -> st.SearchStrategy[str]:
    strategy: st.SearchStrategy[str] = hypothesis_graphql.queries(
        read_sdl(sdl_dir), custom_scalars={"Date": DATES}, allow_x00=False
    )
    return strategy


@pytest.mark.rule(RULE)
@given(data=st.data())
def test_generated_queries_get_well_typed_answers(wikijs: Target, data: st.DataObject) -> None:
    rule = wikijs.rules[RULE]
    served = rule.data_as(ServedSchema)
    query = data.draw(_queries(served.sdl_dir), label="query")
    exchange: Exchange = wikijs.client.graphql(query)
    assert exchange.response.status < SERVER_ERROR, explain(rule, exchange, "a valid query got a server error")
    document = json_document(rule, exchange)
    assert isinstance(document, dict) and ("data" in document or "errors" in document), explain(
        rule, exchange, "expected a GraphQL response"
    )
    leaks = internal_detail(served, document)
    assert not leaks, explain(rule, exchange, "internal detail in an error: " + "; ".join(leaks[:3]))
    wrong = type_mismatches(expected_schema(served), query, document)
    assert not wrong, explain(rule, exchange, "values not of their declared type: " + "; ".join(wrong[:5]))
