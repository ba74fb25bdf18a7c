"""The ResponseStatus oracle every Wiki.js suite applies to every mutation it sends.

The shape is the JSON Schema in the rule file; a success must read as the rule's success
status, and a failure's code, slug and message must agree with the error table.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema

from harness.client import Exchange
from harness.targets import Target
from specs.model import ErrorCode, ResponseStatus, thaw
from suites.oracles import explain
from suites.wikijs import pages

STATUS_RULE = "wikijs.response_status.shape"


def is_mutation(exchange: Exchange) -> bool:
    body = json.loads(exchange.request.body or b"{}")
    return str(body.get("query", "")).lstrip().startswith("mutation")


def check_shape(target: Target, exchange: Exchange, status: Any) -> dict[str, Any]:
    """The documented shape, and a failure code's slug and message as the table has them."""
    rule = target.rules[STATUS_RULE]
    try:
        jsonschema.validate(status, thaw(rule.data_as(ResponseStatus).schema))
    except jsonschema.ValidationError as exc:
        raise AssertionError(
            explain(rule, exchange, f"responseResult breaks the documented shape: {exc.message}")
        ) from exc
    assert isinstance(status, dict)
    entry = target.rules.rules.get(f"wikijs.errors.{status['errorCode']}")
    if entry is not None:
        error = entry.data_as(ErrorCode)
        assert (status["slug"], status["message"]) == (error.slug, error.message), explain(
            entry, exchange, f"code {error.code} must read slug {error.slug!r}, message {error.message!r}"
        )
    return status


def check_status(target: Target, exchange: Any, operation: str, code: int | None = None) -> dict[str, Any]:
    """The ResponseStatus is well-formed; a success (``code`` None) or the given error code as documented."""
    rule = target.rules[STATUS_RULE]
    shape = rule.data_as(ResponseStatus)
    assert exchange.response.status == 200, explain(rule, exchange, "mutations answer 200")
    status = check_shape(target, exchange, pages.result_of(exchange, operation).get("responseResult"))
    if code is None:
        success = shape.success
        assert status["succeeded"] and status["slug"] == success.slug, explain(
            rule, exchange, f"success slug must be {success.slug!r}"
        )
        message = success.message_for(operation)
        assert message is None or status["message"] == message, explain(
            rule, exchange, f"success message must be {message!r}"
        )
    else:
        error_rule = target.rules[f"wikijs.errors.{code}"]
        assert status["errorCode"] == code, explain(error_rule, exchange, f"expected errorCode {code}")
    return status


def check_query_error(target: Target, exchange: Exchange, code: int) -> None:
    """A refused query: a GraphQL error with the code's message and the code in the extensions."""
    rule = target.rules[f"wikijs.errors.{code}"]
    error = rule.data_as(ErrorCode)
    assert exchange.response.status == 200, explain(rule, exchange, "a resolver error still answers 200")
    errors = exchange.response.json().get("errors") or []
    assert [e.get("message") for e in errors] == [error.message], explain(
        rule, exchange, f"expected one error {error.message!r}"
    )
    reported = ((errors[0].get("extensions") or {}).get("exception") or {}).get("code")
    assert reported == code, explain(rule, exchange, f"expected extensions.exception.code {code}")
