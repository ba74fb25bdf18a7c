"""``@rateLimit``: a limited field refuses the call after its limit, as the rule says.

The limits are the arguments of the directive in the project's Wiki.js SDL, read as data (the
suites never import the mock); the rule says how a refusal reads. Calls come from one address,
so the budget may already be partly spent by earlier tests of the same window: the test
accepts a refusal at any call up to ``limit + 1`` and requires one by then.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from graphql import build_schema

from specs.directives import field_directive_arguments
from specs.model import ErrorCode, FieldRateLimit
from suites.client import Exchange, HttpClient
from suites.oracles import explain
from suites.targets import Target

RULE = "wikijs.rate_limit.directive"
SDL_DIR = Path(__file__).resolve().parents[2] / "mock_server" / "wikijs" / "sdl"
LOGIN_FIELD = ("AuthenticationMutation", "login")
LOGIN = """mutation { authentication { login(username: "conformance-nobody@example.invalid", password: "x",
  strategy: "local") { responseResult { succeeded errorCode slug message } jwt } } }"""


def sdl_limit(directive: str, field: tuple[str, str]) -> tuple[int, int]:
    schema = build_schema("\n".join(p.read_text(encoding="utf-8") for p in sorted(SDL_DIR.glob("*.graphql"))))
    arguments = field_directive_arguments(schema, directive)[field]
    return int(arguments["limit"]), int(arguments["duration"])


def guest(target: Target) -> HttpClient:
    headers = {k: v for k, v in target.client.default_headers.items() if k.lower() != "authorization"}
    return HttpClient(target.client.base_url, headers, target.client.journal)


def login_payload(exchange: Exchange) -> Any:
    return ((exchange.response.json().get("data") or {}).get("authentication") or {}).get("login")


def refused(target: Target, exchange: Exchange, duration: int) -> bool:
    """Whether this answer is the rule's refusal; an answer that is neither a refusal nor an
    ordinary login result fails the test."""
    rule = target.rules[RULE]
    limit = rule.data_as(FieldRateLimit)
    assert exchange.response.status == 200, explain(rule, exchange, "a rate-limited call still answers 200")
    document = exchange.response.json()
    if limit.failure == "graphql_error":
        pattern = re.escape(limit.message).replace(re.escape("{seconds}"), r"(\d+)")
        matches = [re.fullmatch(pattern, str(e.get("message"))) for e in document.get("errors") or []]
        seconds = [int(m.group(1)) for m in matches if m]
        if not seconds:
            return False
        assert 1 <= seconds[0] <= duration, explain(rule, exchange, f"retry time must be 1..{duration} s")
        assert login_payload(exchange) is None, explain(rule, exchange, "the refused field is null")
        return True
    status = (login_payload(exchange) or {}).get("responseResult") or {}
    error = target.rules[limit.error_code].data_as(ErrorCode)
    if status.get("errorCode") != error.code:
        return False
    expected = {"succeeded": False, "errorCode": error.code, "slug": error.slug, "message": error.message}
    assert status == expected, explain(rule, exchange, f"a refusal reports {error.code} {error.slug}")
    return True


@pytest.mark.rule(RULE)
def test_login_is_refused_after_its_limit(wikijs: Target) -> None:
    rule = wikijs.rules[RULE]
    calls, duration = sdl_limit(rule.data_as(FieldRateLimit).directive, LOGIN_FIELD)
    client = guest(wikijs)
    answers = [client.graphql(LOGIN) for _ in range(calls + 1)]
    verdicts = [refused(wikijs, exchange, duration) for exchange in answers]
    assert verdicts[-1], explain(rule, answers[-1], f"call {calls + 1} within {duration} s must be refused")
    first = verdicts.index(True)
    assert all(verdicts[first:]), explain(rule, answers[-1], "once refused, every call of the window is refused")
    again = client.graphql(LOGIN)
    assert refused(wikijs, again, duration), explain(rule, again, "a refused call does not reopen the window")
