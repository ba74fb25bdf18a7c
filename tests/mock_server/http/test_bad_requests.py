"""Every ``bad_request`` case gets exactly its rule's status, media type and message."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from typing import Any
from urllib.parse import unquote

import pytest

from specs import default_rules
from specs.model import BadRequest
from tests.mock_server.cases import bad_request_cases, bad_requests
from tests.mock_server.support import MockClient, Reply, Request

Mock = Callable[..., MockClient]


def _rule(api: str, case: str, implementation: str = "docs") -> BadRequest:
    rules = default_rules().for_api(api).as_implemented_by(implementation)
    found = [r.data for r in rules.of_kind("bad_request") if isinstance(r.data, BadRequest) and r.data.case == case]
    assert len(found) == 1
    return found[0]


def assert_envelope(api: str, body: Any) -> str:
    """The API's error body shape; returns the message."""
    if api == "kontent":
        assert body.keys() == {"errors"}
    else:
        assert body.keys() == {"data", "errors"} and body["data"] == {}
        assert body["errors"][0]["path"] == []
    (error,) = body["errors"]
    assert isinstance(error["message"], str) and error["message"]
    return str(error["message"])


def assert_rejected(api: str, rule: BadRequest, reply: Reply) -> None:
    assert reply.status == rule.status, reply.body
    assert reply.media_type == rule.content_type
    assert reply.headers["Content-Type"].endswith("charset=utf-8")
    message = assert_envelope(api, reply.json()) if rule.content_type == "application/json" else reply.text
    if rule.message:
        assert message == rule.message
    else:
        assert len(message) > 10


@pytest.mark.parametrize(("api", "case", "index"), bad_request_cases())
def test_bad_request_gets_its_rule(mock: Mock, api: str, case: str, index: int) -> None:
    reply = mock(api).send(bad_requests(api)[case][index])
    assert_rejected(api, _rule(api, case), reply)


def _invalid_utf8_body(request: Request) -> bool:
    try:
        (request.body or b"").decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _variant(case: str, request: Request) -> str | None:
    """The kind of request a rule's ``variants`` may answer otherwise (see the bad-request suite)."""
    if case == "bad_variables" and request.body is not None:
        variables = json.loads(request.body).get("variables")
        if isinstance(variables, str) and not _parses(variables):
            return "unparsable_string"
    if case == "bad_variables" and "variables=" in request.query_string:
        text = unquote(request.query_string.split("variables=", 1)[1])
        return None if _parses(text) else "unparsable_string"
    if case == "missing_query" and request.method == "GET":
        return "url"
    if case == "missing_query" and request.body is not None:
        query = json.loads(request.body).get("query")
        return "not_string" if query is not None and not isinstance(query, str) else None
    return None


def _parses(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("case", sorted(bad_requests("wikijs")))
def test_wikijs_2_5_314_reproduces_the_real_answers(mock: Mock, case: str) -> None:
    """Where 2.5.314 decodes invalid UTF-8 as U+FFFD, a body holding it is answered like that decoded body."""
    rule = _rule("wikijs", case, "2.5.314")
    client = mock("wikijs", emulate="2.5.314")
    for request in bad_requests("wikijs")[case]:
        if case == "non_utf8" and rule.answer_for("in_json_string").status < 400 and _invalid_utf8_body(request):
            decoded = replace(request, body=(request.body or b"").decode("utf-8", errors="replace").encode())
            reply, expected = client.send(request), client.send(decoded)
            assert (reply.status, reply.body) == (expected.status, expected.body)
            continue
        assert_rejected("wikijs", rule.answer_for(_variant(case, request)), client.send(request))


def test_only_emulated_crashes_are_500(mock: Mock) -> None:
    docs, real = mock("wikijs"), mock("wikijs", emulate="2.5.314")
    empty = bad_requests("wikijs")["empty_body"][1]
    assert docs.send(empty).status < 500
    reply = real.send(empty)
    assert (reply.status, reply.media_type) == (500, "text/html")
    assert reply.text == _rule("wikijs", "empty_body", "2.5.314").message


def test_no_input_leaks_internals(mock: Mock) -> None:
    for api in ("kontent", "wikijs"):
        client = mock(api)
        for requests in bad_requests(api).values():
            for request in requests:
                text = client.send(request).body.decode("utf-8", "replace")
                assert "Traceback" not in text and ".py" not in text and "SELECT" not in text
