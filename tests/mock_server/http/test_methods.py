"""Methods, preflights and CORS headers as the ``http_methods``, ``cors`` and ``get_mutation`` rules say."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from specs import default_rules
from specs.model import Cors, GetMutation, HttpMethods
from tests.mock_server.support import MockClient, Request

Mock = Callable[..., MockClient]
ORIGIN = "http://localhost:5173"
TYPENAME = {"query": "{ __typename }"}


def _data(api: str, kind: str) -> object:
    (rule,) = default_rules().for_api(api).of_kind(kind)
    return rule.data


@pytest.mark.parametrize("api", ["kontent", "wikijs"])
@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "HEAD"])
def test_other_methods_get_the_rule_status_and_allow(mock: Mock, api: str, method: str) -> None:
    methods = _data(api, "http_methods")
    assert isinstance(methods, HttpMethods)
    reply = mock(api).send(Request(method=method))
    assert reply.status == methods.other_status
    assert reply.headers["Allow"] == methods.allow_header
    if method != "HEAD":
        assert reply.json()["errors"][0]["message"].startswith(f"Method {method}")


def test_kontent_preflight_and_origin_headers(mock: Mock) -> None:
    cors = _data("kontent", "cors")
    assert isinstance(cors, Cors) and cors.enabled
    client = mock("kontent")
    reply = client.send(
        Request(method="OPTIONS", headers=(("Origin", ORIGIN), ("Access-Control-Request-Method", "POST")))
    )
    assert reply.status == 204
    assert reply.headers["Access-Control-Allow-Origin"] == cors.allow_origin
    assert reply.headers["Access-Control-Allow-Methods"] == ", ".join(cors.allow_methods)
    assert reply.headers["Access-Control-Allow-Headers"] == ", ".join(cors.allow_headers)
    answered = client.send(Request.post_json(TYPENAME, ("Origin", ORIGIN)))
    assert answered.headers["Access-Control-Allow-Origin"] == cors.allow_origin
    assert answered.headers["Access-Control-Expose-Headers"] == ", ".join(cors.expose_headers)
    assert "Access-Control-Allow-Origin" not in client.send(Request.post_json(TYPENAME)).headers
    refused = client.send(Request(method="PUT", headers=(("Origin", ORIGIN),)))
    assert refused.headers["Access-Control-Allow-Origin"] == cors.allow_origin


def test_wikijs_has_no_cors_by_default(mock: Mock) -> None:
    cors, methods = _data("wikijs", "cors"), _data("wikijs", "http_methods")
    assert isinstance(cors, Cors) and isinstance(methods, HttpMethods) and not cors.enabled
    client = mock("wikijs")
    preflight = client.send(Request(method="OPTIONS", headers=(("Origin", ORIGIN),)))
    assert preflight.status == cors.disabled_preflight_status
    assert preflight.headers["Allow"] == methods.allow_header
    answered = client.send(Request.post_json(TYPENAME, ("Origin", ORIGIN)))
    for reply in (preflight, answered):
        assert not [name for name in reply.headers if name.lower().startswith("access-control-")]


def test_wikijs_cors_option_enables_one_origin(mock: Mock) -> None:
    client = mock("wikijs", cors_origin=ORIGIN)
    reply = client.send(Request(method="OPTIONS", headers=(("Origin", ORIGIN),)))
    assert reply.status == 204
    assert reply.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "POST" in reply.headers["Access-Control-Allow-Methods"]
    assert "Authorization" in reply.headers["Access-Control-Allow-Headers"]
    answered = client.send(Request.post_json(TYPENAME, ("Origin", ORIGIN)))
    assert answered.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert answered.headers["Vary"] == "Origin"
    cors = _data("wikijs", "cors")
    assert isinstance(cors, Cors) and cors.expose_headers
    assert answered.headers["Access-Control-Expose-Headers"] == ", ".join(cors.expose_headers)


def test_wikijs_get_mutation_is_refused(mock: Mock) -> None:
    rule = _data("wikijs", "get_mutation")
    assert isinstance(rule, GetMutation)
    client = mock("wikijs")
    reply = client.send(Request.get("query=mutation%20%7B%20__typename%20%7D"))
    assert reply.status == rule.status and reply.headers["Allow"] == rule.allow_header
    named = "query=query%20A%7B__typename%7D%20mutation%20B%7B__typename%7D&operationName=A"
    assert client.send(Request.get(named)).json() == {"data": {"__typename": "Query"}}
    assert client.send(Request.get(named.replace("=A", "=B"))).status == rule.status
