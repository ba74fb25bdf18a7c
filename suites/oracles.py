"""Checks shared by the suites; each failure message names the rule and shows the exchange."""

from __future__ import annotations

from typing import Any

from harness.client import Exchange
from harness.requests import Operation
from harness.secrets import default_redactor
from specs import Rule
from suites import violations
from suites.violations import Violation


def explain(rule: Rule, exchange: Exchange, problem: str) -> str:
    """The failure message of a check; building it records the check as the test's violation."""
    violations.record(Violation(rule.id, problem, exchange))
    source = f"{rule.id} [{rule.level}] ({rule.source})"
    return f"{source}: {problem}\n  {rule.summary}\n  exchange: {exchange.describe(default_redactor())}"


def json_document(rule: Rule, exchange: Exchange) -> Any:
    response = exchange.response
    assert response.media_type == "application/json", explain(rule, exchange, "expected a JSON body")
    try:
        return response.json()
    except ValueError as exc:
        raise AssertionError(explain(rule, exchange, f"body is not valid JSON: {exc}")) from exc


def assert_error_body(rule: Rule, exchange: Exchange, message: str | None = None) -> dict[str, Any]:
    """A GraphQL-style error envelope: a non-empty ``errors`` list of objects with a message."""
    document: dict[str, Any] | Any = json_document(rule, exchange)
    assert isinstance(document, dict), explain(rule, exchange, "expected a JSON object")
    errors = document.get("errors")
    assert isinstance(errors, list) and errors, explain(rule, exchange, "expected a non-empty `errors` list")
    for error in errors:
        assert isinstance(error, dict) and isinstance(error.get("message"), str) and error["message"], explain(
            rule, exchange, "every error needs a non-empty string `message`"
        )
    if message is not None:
        assert any(e["message"] == message for e in errors), explain(
            rule, exchange, f"expected the message {message!r}"
        )
    return document


def assert_probe_answered(rule: Rule, exchange: Exchange, type_name: str) -> None:
    """The type probe executed: 200, no errors, and the server named the type back."""
    assert exchange.response.status == 200, explain(rule, exchange, "expected 200 for a valid operation")
    document = json_document(rule, exchange)
    assert not document.get("errors"), explain(rule, exchange, "expected no errors")
    answered = (document.get("data") or {}).get("__type") or {}
    assert answered.get("name") == type_name, explain(rule, exchange, f"expected __type.name == {type_name!r}")


def assert_executed(rule: Rule, exchange: Exchange, operation: Operation) -> None:
    """The request was accepted and executed (a 200 with a `data` object)."""
    assert exchange.response.status == 200, explain(rule, exchange, "expected the request to be accepted (200)")
    document = json_document(rule, exchange)
    assert isinstance(document.get("data"), dict), explain(
        rule, exchange, f"expected `data` for {operation.query[:60]!r}"
    )


def allowed_methods(header: str | None) -> set[str]:
    return {part.strip().upper() for part in (header or "").split(",") if part.strip()}
