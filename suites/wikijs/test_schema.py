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

from harness.client import Exchange
from harness.targets import Target
from specs.directives import read_sdl
from specs.model import ServedSchema
from specs.sdl_schema import build_sdl_schema
from suites.oracles import explain, json_document
from suites.wikijs import pages
from suites.wikijs.rule_ids import SCHEMA_SERVED

DATES = st.sampled_from(["2026-01-01T00:00:00.000Z", "1970-01-01T00:00:00Z"]).map(nodes.String)
SERVER_ERROR = 500
UNSERIALISABLE = re.compile(r"^\w+ cannot represent (?:[\w-]+ )?value")
"""graphql-js's and graphql-core's message for a resolved value its field's type cannot serialise."""
WRITTEN_PAGE = (
    'mutation($path: String!, $content: String!) { pages { create(path: $path, title: "toc", content: $content,'
    ' description: "", editor: "markdown", isPublished: true, isPrivate: false, locale: "en", tags: []) {'
    " responseResult { succeeded } page { id toc editor locale } } } }"
)
HEADINGS = "# Heading\n\n## Sub-heading\n"
MODULE_PROPS = (
    "{ analytics { providers { key props } } authentication { activeStrategies { key strategy { key props { key } } }"
    " } }"
)
MODULE_LISTS = ("analytics.providers", "authentication.activeStrategies")
"""The operations :data:`MODULE_PROPS` reads."""
NOT_ITERABLE = re.compile(r'^Expected Iterable, but did not find one for field ["\']([\w.]+)["\']\.$')


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


@pytest.mark.rule(SCHEMA_SERVED)
def test_introspection_shows_the_documented_schema(wikijs: Target) -> None:
    rule = wikijs.rules[SCHEMA_SERVED]
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


def dotted(path: Any) -> str:
    """A response path without its list indices: the same problem on another item is the same problem."""
    return ".".join("[]" if isinstance(key, int) else str(key) for key in path)


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
            problems.append(f"{dotted(path)}: {error.message}")
    return problems


def internal_detail(served: ServedSchema, document: dict[str, Any]) -> list[str]:
    """Per error and pattern: where (the error's path) and what matched; the matched text itself
    varies between examples, so it is not part of the problem's name."""
    errors = [e for e in document.get("errors") or [] if isinstance(e, dict)]
    found = []
    for error in errors:
        text = str(error.get("message", "")) + " " + json.dumps(error.get("extensions") or {})
        where = dotted(error.get("path") or ()) or "(no path)"
        found += [f"{pattern!r} at {where}" for pattern in served.internal_detail
                  if re.search(pattern, text, re.IGNORECASE | re.MULTILINE)]  # fmt: skip
    return found


@cache
def _queries(sdl_dir: str) -> st.SearchStrategy[str]:
    strategy: st.SearchStrategy[str] = hypothesis_graphql.queries(
        read_sdl(sdl_dir), custom_scalars={"Date": DATES}, allow_x00=False
    )
    return strategy


def problems_of(served: ServedSchema, query: str, exchange: Exchange) -> list[str]:
    """Every problem of one answer, each named without list indices so that the same problem on
    another item or in another example counts once."""
    if exchange.response.status >= SERVER_ERROR:
        return [f"a valid query got a server error (HTTP {exchange.response.status})"]
    try:
        document = exchange.response.json()
    except ValueError:
        return ["the answer is not JSON"]
    if not isinstance(document, dict) or not ("data" in document or "errors" in document):
        return ["expected a GraphQL response"]
    leaks = [f"internal detail in an error: {leak}" for leak in internal_detail(served, document)]
    wrong = [
        f"value not of its declared type: {problem}"
        for problem in type_mismatches(expected_schema(served), query, document)
    ]
    excused = {entry.split(".")[1] for entry in served.unserialised_fields}
    refused = [
        f"value not of its declared type: {where}: {message}"
        for where, message in unserialisable(document)
        if where.rsplit(".", 1)[-1] not in excused
    ]
    return leaks + wrong + refused


def unserialisable(document: dict[str, Any]) -> list[tuple[str, str]]:
    """(path, message) of each field error saying the server resolved a value its type cannot
    serialise: the field is null, so :func:`type_mismatches` cannot see it."""
    errors = [e for e in document.get("errors") or [] if isinstance(e, dict) and e.get("path")]
    return [(dotted(e["path"]), str(e.get("message"))) for e in errors if UNSERIALISABLE.match(str(e.get("message")))]


@pytest.mark.rule(SCHEMA_SERVED)
@pytest.mark.usefixtures("writable")
def test_a_page_with_headings_is_answered_as_declared(wikijs: Target) -> None:
    """Page.toc is a String (the table of contents as JSON text), in a write's answer and in a read;
    where the rule lists it as unserialised, the implementation's own error is expected instead.
    The page a create answers carries every non-null field, unless the rule leaves it unselected."""
    rule = wikijs.rules[SCHEMA_SERVED]
    served = rule.data_as(ServedSchema)
    path = wikijs.unique_path("toc")
    created = wikijs.client.graphql(WRITTEN_PAGE, {"path": path, "content": HEADINGS})
    found = pages.result_of(pages.by_path(wikijs.client, path), "pages.singleByPath")
    pages.track_page(wikijs, found["id"], path)
    read = wikijs.client.graphql(f"{{ pages {{ single(id: {found['id']}) {{ id title toc }} }} }}")
    toc_refused = "Page.toc" in served.unserialised_fields
    problems: list[str] = []
    for exchange, where in ((created, "pages.create.page.toc"), (read, "pages.single.toc")):
        refused = [message for at, message in unserialisable(json_document(rule, exchange)) if at == where]
        if toc_refused and not (refused and refused[0].startswith("String cannot represent value: [")):
            problems.append(explain(rule, exchange, f"{where}: expected graphql-js's serialisation error"))
        if not toc_refused and refused:
            problems.append(explain(rule, exchange, f"{where}: a value its type cannot serialise: {refused}"))
    page = (read.response.json().get("data") or {})["pages"]["single"] or {}
    if not toc_refused and not isinstance(page.get("toc"), str):
        problems.append(explain(rule, read, "Page.toc is not a String"))
    unselected = set(served.unselected_fields.get("pages.create", ()))
    written = pages.result_of(created, "pages.create").get("page") or {}
    missing = [name for name in ("editor", "locale") if name not in unselected and written.get(name) is None]
    if missing:
        problems.append(explain(rule, created, f"the created page lacks {missing}"))
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)


@pytest.mark.rule(SCHEMA_SERVED)
def test_generated_queries_get_well_typed_answers(wikijs: Target) -> None:
    """All the problems hypothesis finds, not only the first: a leaked stack trace must not hide
    a wrong value type or leaked SQL elsewhere (the run then reports each independent problem)."""
    rule = wikijs.rules[SCHEMA_SERVED]
    served = rule.data_as(ServedSchema)
    found: dict[str, Exchange] = {}

    @given(data=st.data())
    def answer_generated_query(data: st.DataObject) -> None:
        query = data.draw(_queries(served.sdl_dir), label="query")
        exchange: Exchange = wikijs.client.graphql(query)
        for problem in problems_of(served, query, exchange):
            found.setdefault(problem, exchange)

    answer_generated_query()
    report = [explain(rule, exchange, problem) for problem, exchange in found.items()]
    assert not found, f"{len(found)} problem(s):\n" + "\n".join(report)


@pytest.mark.rule(SCHEMA_SERVED)
def test_module_props_are_answered_as_lists(wikijs: Target) -> None:
    """The props of analytics providers and of an active strategy's module are lists; where the rule
    lists them under definition_props, the implementation's "Expected Iterable" is expected instead."""
    rule = wikijs.rules[SCHEMA_SERVED]
    served = rule.data_as(ServedSchema)
    exchange = wikijs.client.graphql(MODULE_PROPS)
    document = json_document(rule, exchange)
    errors = [e for e in document.get("errors") or [] if isinstance(e, dict)]
    if any("Forbidden" in str(e.get("message")) for e in errors):
        pytest.skip("this key may not read the module lists")
    found = {
        (m.group(1), str((e.get("path") or [""])[0]))
        for e in errors
        if (m := NOT_ITERABLE.match(str(e.get("message"))))
    }
    expected = {
        (entry, operation.split(".")[0])
        for entry, operations in served.definition_props.items()
        for operation in operations
        if operation in MODULE_LISTS
    }
    assert found == expected, explain(
        rule, exchange, f"list fields refused: {sorted(found)}, expected {sorted(expected)}"
    )
