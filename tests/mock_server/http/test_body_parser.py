"""Request bodies parsed once and reused by their bytes (``BodyParser``): a reused body never
shares a value a resolver could change, and a refused body is refused every time."""

from __future__ import annotations

import json

import pytest

from mock_server.http.errors import HttpError
from mock_server.http.params import BodyParser, GraphQLParams
from mock_server.http.transport import load_transport
from mock_server.wikijs.app import TRANSPORT as WIKIJS
from specs import default_rules

TRANSPORT = load_transport(default_rules(), WIKIJS)
JSON_BODY = TRANSPORT.posts["application/json"]


def test_a_body_without_variables_is_parsed_once() -> None:
    parser = BodyParser(TRANSPORT)
    raw = json.dumps({"query": "{ __typename }", "operationName": None}).encode()
    first = parser.parse(raw, JSON_BODY)
    assert first == GraphQLParams("{ __typename }") and parser.parse(bytes(raw), JSON_BODY) is first


def test_variables_are_never_shared_between_requests() -> None:
    parser = BodyParser(TRANSPORT)
    raw = json.dumps({"query": "query($p: String!) { pages { single(path: $p) { id } } }", "variables": {"p": "a"}})
    first = parser.parse(raw.encode(), JSON_BODY)
    assert isinstance(first, GraphQLParams) and first.variables is not None
    first.variables["p"] = "changed by a resolver"
    second = parser.parse(raw.encode(), JSON_BODY)
    assert isinstance(second, GraphQLParams) and second.variables == {"p": "a"}


@pytest.mark.parametrize("raw", [b'{"query": 1}', b"{", b"[]"])
def test_a_refused_body_is_refused_every_time(raw: bytes) -> None:
    parser = BodyParser(TRANSPORT)
    for _ in range(2):
        with pytest.raises(HttpError):
            parser.parse(raw, JSON_BODY)
