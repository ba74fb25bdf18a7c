"""Documents that do not parse or validate are answered as the rules say, never executed."""

from __future__ import annotations

import pytest
from graphql import GraphQLSyntaxError, parse
from hypothesis import assume, given
from hypothesis import strategies as st

from harness.client import Exchange
from harness.requests import STYLES, type_probe
from harness.targets import Target
from specs import Rule
from specs.model import QueryErrors
from suites.http.rule_ids import QUERY_ERRORS
from suites.oracles import assert_error_body, explain

field_names = st.from_regex(r"[a-z][A-Za-z0-9]{2,24}", fullmatch=True)


def _check(rule: Rule, exchange: Exchange, status: int, code: str | None) -> None:
    expected = rule.data_as(QueryErrors)
    assert exchange.response.status == status, explain(rule, exchange, f"expected {status}")
    document = assert_error_body(rule, exchange)
    if expected.data_key == "absent":
        assert "data" not in document, explain(rule, exchange, "a document that never ran must not have a `data` key")
    else:
        assert "data" in document and document["data"] is None, explain(rule, exchange, "`data` must be null")
    for error in document["errors"]:
        assert "locations" in error, explain(rule, exchange, "errors about the document carry `locations`")
    if code is not None:
        codes = {(e.get("extensions") or {}).get("code") for e in document["errors"]}
        assert code in codes, explain(rule, exchange, f"expected extensions.code {code}")
    for error in document["errors"]:
        trace = ((error.get("extensions") or {}).get("exception") or {}).get("stacktrace")
        if expected.debug:
            assert isinstance(trace, list), explain(rule, exchange, "a server in development mode sends a stacktrace")
        else:
            assert trace is None, explain(rule, exchange, "a server in production mode sends no stacktrace")


@pytest.mark.each_rule(*QUERY_ERRORS)
@given(data=st.data())
def test_syntax_errors(target: Target, rule: Rule, data: st.DataObject) -> None:
    style = data.draw(st.sampled_from(STYLES), label="style")
    operation = type_probe("String", style)
    cut = data.draw(st.integers(min_value=1, max_value=len(operation.query) - 1), label="cut")
    broken = operation.query[:cut]
    try:
        parse(broken)
        assume(False)
    except GraphQLSyntaxError:
        pass
    payload = {"query": broken, **({"variables": operation.variables} if operation.variables else {})}
    expected = rule.data_as(QueryErrors)
    _check(rule, target.client.post_json(payload), expected.syntax_status, expected.extension_codes.get("syntax"))


@pytest.mark.each_rule(*QUERY_ERRORS)
@given(name=field_names)
def test_validation_errors(target: Target, rule: Rule, name: str) -> None:
    expected = rule.data_as(QueryErrors)
    exchange = target.client.post_json({"query": f"{{ __typename {name}: __typename undefinedField_{name} }}"})
    _check(rule, exchange, expected.validation_status, expected.extension_codes.get("validation"))


@pytest.mark.each_rule(*QUERY_ERRORS)
@given(name=field_names)
def test_variable_errors(target: Target, rule: Rule, name: str) -> None:
    """A required variable left out fails before any field runs: a request error, with the code the
    rule gives a missing required variable (clients read ``extensions.code`` blindly)."""
    expected = rule.data_as(QueryErrors)
    exchange = target.client.post_json({"query": f"query(${name}: Boolean!) {{ __typename @skip(if: ${name}) }}"})
    _check(rule, exchange, expected.validation_status, expected.extension_codes.get("variable_required"))


@pytest.mark.each_rule(*QUERY_ERRORS)
@given(name=field_names, value=st.text(max_size=20))
def test_invalid_variable_values(target: Target, rule: Rule, name: str, value: str) -> None:
    """A variable given a value of the wrong type: a request error, with the code the rule gives
    refused values (Apollo tells them apart from a variable left out)."""
    expected = rule.data_as(QueryErrors)
    document = f"query(${name}: Boolean!) {{ __typename @skip(if: ${name}) }}"
    exchange = target.client.post_json({"query": document, "variables": {name: value}})
    codes = expected.extension_codes
    _check(rule, exchange, expected.validation_status, codes.get("variable_value"))
