"""Requests that cannot be executed get the documented status and a readable error body."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harness.client import JSON, Exchange
from harness.requests import json_body, type_probe, url_with
from harness.targets import Target
from specs import Rule
from specs.model import BadRequest, GetRequest, PostBody
from suites.http.rule_ids import BAD_REQUESTS, GET_QUERY, POST_BODIES, of_target, one_of
from suites.oracles import assert_error_body, explain, json_document

OTHER_CONTENT_TYPES = (
    "text/plain",
    "application/x-www-form-urlencoded",
    "application/xml",
    "multipart/form-data; boundary=x",
    None,
)
MULTIPART = "multipart/form-data"
BAD_REQUEST = 400
INVALID_UTF8 = (b"\xff", b"\xc3\x28", b"\x80", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80")


@dataclass(frozen=True)
class BadCall:
    """One malformed request; ``checks_message`` is off where the case has several wordings."""

    method: str
    content_type: str | None
    body: bytes | None = None
    url: str | None = None
    checks_message: bool = True
    variant: str | None = None
    """The kind of request, where a rule's ``variants`` may answer it otherwise."""

    def send(self, target: Target) -> Exchange:
        headers = {"Accept": JSON}
        if self.content_type:
            headers["Content-Type"] = self.content_type
        return target.client.send(self.method, url=self.url, headers=headers, body=self.body)


def _post(body: bytes, content_type: str | None = JSON, variant: str | None = None) -> BadCall:
    return BadCall("POST", content_type, body, variant=variant)


def _get_names(target: Target) -> GetRequest:
    return one_of(target.rules, GET_QUERY).data_as(GetRequest)


def _post_types(target: Target) -> set[str]:
    return {rule.data_as(PostBody).content_type for rule in of_target(target.rules, POST_BODIES)}


Kinds = dict[str | None, st.SearchStrategy[BadCall]]
"""A case's malformed requests by kind of request (:attr:`BadCall.variant`)."""


def malformed_json(target: Target) -> Kinds:
    valid = json_body(type_probe("String", "variables"))
    truncated = st.integers(min_value=1, max_value=len(valid) - 1).map(lambda cut: valid[:cut])
    garbage = st.sampled_from(
        [b"{query: '{ __typename }'}", b"{'query': 1}", b"{,}", valid + b"}", b"nul", b'{"query" "x"}']
    )
    return {None: st.one_of(truncated, garbage).map(_post)}


def missing_query(target: Target) -> Kinds:
    bodies = st.sampled_from([{"query": ""}, {"query": None}, {"variables": {}, "query": ""}])
    not_strings = st.sampled_from([{"query": 1}, {"query": ["{ __typename }"]}, {"query": {}}, {"query": True}])
    names = _get_names(target)
    get = BadCall(
        "GET", None, url=url_with(target.url, {names.variables_param: "{}"}), checks_message=False, variant="url"
    )
    return {
        None: bodies.map(lambda p: _post(json.dumps(p).encode())),
        "not_string": not_strings.map(lambda p: _post(json.dumps(p).encode(), variant="not_string")),
        "url": st.just(get),
    }


def empty_body(target: Target) -> Kinds:
    return {None: st.sampled_from([b"", b"{}"]).map(_post)}


def non_utf8(target: Target) -> Kinds:
    valid = json_body(type_probe("String", "inline"))
    start = valid.index(b"__type")

    def spoil(position: int, junk: bytes) -> BadCall:
        return _post(valid[:position] + junk + valid[position:])

    name = valid.index(b"String")
    # in the query's syntax, before the escaped quote that opens the string literal
    in_body = st.builds(spoil, st.integers(min_value=start, max_value=name - 2), st.sampled_from(INVALID_UTF8))

    def in_name(offset: int, junk: bytes) -> BadCall:
        """Inside the GraphQL string literal: the document stays valid if the bytes are replaced."""
        return _post(valid[: name + offset] + junk + valid[name + offset :], variant="in_json_string")

    in_string = st.builds(in_name, st.integers(min_value=0, max_value=len("String")), st.sampled_from(INVALID_UTF8))
    names = _get_names(target)
    in_url = st.sampled_from(INVALID_UTF8).map(
        lambda junk: BadCall(
            "GET",
            None,
            url=f"{target.url}?{names.query_param}=%7B__typename" + "".join(f"%{b:02X}" for b in junk) + "%7D",
        )
    )
    return {None: st.one_of(in_body, in_url), "in_json_string": in_string}


def wrong_content_type(target: Target) -> Kinds:
    body = json_body(type_probe("String", "inline"))
    served = _post_types(target)
    types = [t for t in OTHER_CONTENT_TYPES if t is None or t.split(";")[0] not in served]
    plain = [t for t in types if t is None or MULTIPART not in t]
    multipart = [t for t in types if t is not None and MULTIPART in t]
    return {
        None: st.sampled_from(plain).map(lambda content_type: _post(body, content_type)),
        **({"multipart": st.sampled_from(multipart).map(lambda t: _post(body, t, "multipart"))} if multipart else {}),
    }


def json_not_object(target: Target) -> Kinds:
    scalars = st.one_of(
        st.text(max_size=20).map(json.dumps), st.integers().map(str), st.sampled_from(["true", "false", "1.5"])
    )
    return {None: scalars.map(lambda text: _post(text.encode()))}


def bad_variables(target: Target) -> Kinds:
    probe = type_probe("String", "variables")

    def posted(value: object, variant: str | None = None) -> BadCall:
        return _post(json.dumps({"query": probe.query, "variables": value}).encode(), variant=variant)

    names = _get_names(target)

    def in_url(text: str, variant: str | None = None) -> BadCall:
        params = {names.query_param: probe.query, names.variables_param: text}
        return BadCall("GET", None, url=url_with(target.url, params), variant=variant)

    values = st.one_of(st.integers(), st.booleans(), st.lists(st.integers(), max_size=3), st.just("[1]"))
    unparsable = st.sampled_from(["not json", "{", "{'a': 1}"])
    return {
        None: st.one_of(values.map(posted), st.just(in_url("[1]"))),
        UNPARSABLE: st.one_of(
            unparsable.map(lambda text: posted(text, UNPARSABLE)), unparsable.map(lambda text: in_url(text, UNPARSABLE))
        ),
    }


UNPARSABLE = "unparsable_string"
"""``variables`` given as a string that is not JSON at all."""


CASES: dict[str, Callable[[Target], Kinds]] = {
    "malformed_json": malformed_json,
    "missing_query": missing_query,
    "empty_body": empty_body,
    "non_utf8": non_utf8,
    "wrong_content_type": wrong_content_type,
    "json_not_object": json_not_object,
    "bad_variables": bad_variables,
}


@pytest.mark.each_rule(*BAD_REQUESTS)
@given(data=st.data())
def test_bad_request(target: Target, rule: Rule, data: st.DataObject) -> None:
    """Every example sends one request of each kind of its case: an implementation may answer one
    kind otherwise (a rule's ``variants``), and a kind left to the draw went unseen in some runs."""
    case = rule.data_as(BadRequest).case
    for variant, calls in CASES[case](target).items():
        _check(target, rule, data.draw(calls, label=f"{case} ({variant or 'plain'})"))


def _check(target: Target, rule: Rule, call: BadCall) -> None:
    expected = rule.data_as(BadRequest).answer_for(call.variant)
    exchange = call.send(target)
    response = exchange.response
    assert response.status == expected.status, explain(rule, exchange, f"expected {expected.status}")
    assert response.media_type == expected.content_type, explain(
        rule, exchange, f"expected a {expected.content_type} body"
    )
    if expected.status < BAD_REQUEST:
        document = json_document(rule, exchange)
        assert isinstance(document, dict) and "data" in document, explain(rule, exchange, "expected it executed")
        return
    message = expected.message if call.checks_message else None
    if expected.content_type == JSON and message == "":
        errors = json_document(rule, exchange).get("errors")
        assert isinstance(errors, list) and errors, explain(rule, exchange, "expected an `errors` list")
    elif expected.content_type == JSON:
        assert_error_body(rule, exchange, message)
    elif message is not None:
        assert message in response.body.decode("utf-8", errors="replace"), explain(
            rule, exchange, f"expected {message!r}"
        )
