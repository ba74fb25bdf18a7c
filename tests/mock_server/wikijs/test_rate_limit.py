"""``@rateLimit``: the limits come from the SDL; fixed windows; both behaviours' refusals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from graphql import build_schema

from mock_server.app import configured_rules
from mock_server.wikijs.errors import ErrorTable, ResponseStatuses
from mock_server.wikijs.rate_limit import (
    RULE,
    FixedWindows,
    Limit,
    UnreportableLimitError,
    enforce_rate_limits,
    field_limits,
)
from mock_server.wikijs.schema import wikijs_schema
from specs.model import ErrorCode, FieldRateLimit
from tests.mock_server.support import MockClient

Mock = Callable[..., MockClient]
LOGIN = """mutation { authentication { login(username: "nobody@example.com", password: "x", strategy: "local") {
  responseResult { succeeded errorCode slug message } jwt } } }"""
FORGOT = 'mutation { authentication { forgotPassword(email: "a@b.c") { responseResult { errorCode } } } }'


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_limited_fields_are_those_of_the_sdl() -> None:
    rule = configured_rules("wikijs")[RULE].data_as(FieldRateLimit)
    limits = field_limits(wikijs_schema(), rule.directive)
    assert set(limits) == {
        ("AuthenticationMutation", "login"),
        ("AuthenticationMutation", "loginTFA"),
        ("AuthenticationMutation", "loginChangePassword"),
        ("AuthenticationMutation", "forgotPassword"),
        ("CommentMutation", "create"),
    }
    assert field_limits(wikijs_schema(), "noSuchDirective") == {}


def test_a_fixed_window_opens_at_the_first_call_and_counts_refusals() -> None:
    clock = FakeClock()
    windows = FixedWindows(clock)
    limit = Limit(calls=2, seconds=60)
    assert [windows.take("k", limit) for _ in range(2)] == [0, 0]
    clock.now += 1.5
    assert windows.take("k", limit) == 59  # 58.5 s left, rounded up
    assert windows.take("other", limit) == 0
    clock.now += 58.4
    assert windows.take("k", limit) == 1
    clock.now += 0.1  # 60 s after the first call: a new window
    assert [windows.take("k", limit) for _ in range(3)] == [0, 0, 60]


def test_expired_windows_are_swept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("mock_server.wikijs.rate_limit.SWEEP_AT", 3)
    clock = FakeClock()
    windows = FixedWindows(clock)
    limit = Limit(calls=1, seconds=10)
    for key in "abc":
        windows.take(key, limit)
    clock.now += 10
    assert windows.take("d", limit) == 0
    assert len(windows._windows) == 1


def logins(client: MockClient, count: int) -> list[Any]:
    return [client.query(LOGIN, as_guest=True) for _ in range(count)]


def test_docs_refuse_the_call_after_the_limit_with_1008(mock: Mock) -> None:
    client = mock("wikijs")
    rules = configured_rules("wikijs")
    limit = field_limits(wikijs_schema(), rules[RULE].data_as(FieldRateLimit).directive)
    allowed = limit[("AuthenticationMutation", "login")].calls
    answers = logins(client, allowed + 2)
    assert [a["data"]["authentication"]["login"]["responseResult"]["errorCode"] for a in answers[:allowed]] == [
        1002
    ] * allowed
    error = rules["wikijs.errors.1008"].data_as(ErrorCode)
    for refused in answers[allowed:]:
        assert refused["data"]["authentication"]["login"] == {
            "responseResult": {"succeeded": False, "errorCode": 1008, "slug": error.slug, "message": error.message},
            "jwt": None,
        }
    other = client.query(FORGOT, as_guest=True)
    assert other["data"]["authentication"]["forgotPassword"]["responseResult"]["errorCode"] == 0  # its own budget


def test_2_5_314_refuses_with_a_graphql_error(mock: Mock) -> None:
    client = mock("wikijs", emulate="2.5.314")
    create = 'mutation { comments { create(pageId: 1, content: "hello") { responseResult { errorCode } } } }'
    first = client.query(create)
    assert first["data"]["comments"]["create"]["responseResult"]["errorCode"] == 0
    refused = client.query(create)
    (error,) = refused["errors"]
    assert refused["data"] == {"comments": {"create": None}}
    assert error["message"] in {f"Too many requests, please try again in {n} seconds." for n in (14, 15)}
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    directive = configured_rules("wikijs")[RULE].data_as(FieldRateLimit).directive
    allowed = field_limits(wikijs_schema(), directive)[("AuthenticationMutation", "login")].calls
    answers = logins(client, allowed + 1)
    assert answers[allowed - 1]["data"]["authentication"]["login"]["responseResult"]["errorCode"] == 1002
    assert answers[allowed]["errors"][0]["message"].startswith("Too many requests, please try again in ")


def test_the_fault_turns_the_limits_off(mock: Mock) -> None:
    client = mock("wikijs", faults=[RULE])
    assert all("errors" not in answer for answer in logins(client, 8))


def test_a_limited_field_without_response_status_stops_the_start() -> None:
    rules = configured_rules("wikijs")
    schema = build_schema(
        "directive @rateLimit(limit: Int! = 60, duration: Int! = 60) on FIELD_DEFINITION\n"
        "type Query { count: Int @rateLimit }"
    )
    with pytest.raises(UnreportableLimitError, match=r"Query\.count"):
        enforce_rate_limits(schema, rules, ResponseStatuses(rules), ErrorTable(rules), FixedWindows())
