"""Requests that trigger each ``bad_request`` case, shared by the transport and fault tests."""

from __future__ import annotations

from tests.mock_server.support import Request

TYPENAME = "{ __typename }"

_COMMON: dict[str, list[Request]] = {
    "malformed_json": [Request.post_raw(b'{"query": "{ __typename }"'), Request.post_raw(b"{'query': 1}")],
    "missing_query": [
        Request.post_json({"query": ""}),
        Request.post_json({"query": None}),
        Request.post_json({"query": "   "}),
        Request.post_json({"variables": {}}),
        Request.post_json({"query": 42}),
        Request.get("operationName=x"),
    ],
    "empty_body": [Request.post_raw(b""), Request.post_raw(b"{}"), Request.post_raw(b"  \n")],
    "non_utf8": [
        # first: the fault probe, refused by every emulation (2.5.314 decodes bodies with U+FFFD)
        Request.get("query=%7B__typename%7D%FF"),
        Request.post_raw(b'{"query": "{ __typename \xff }"}'),
        Request.post_raw(b'{"query": "{ __typename }", "x": "\xc3\x28"}'),
        Request.post_json({"query": "{ __typename }\ud800"}),
    ],
    "wrong_content_type": [
        Request.post_raw(b'{"query": "{ __typename }"}', "text/plain"),
        Request.post_raw(b"query=%7B__typename%7D", "application/x-www-form-urlencoded"),
        Request.post_raw(b'{"query": "{ __typename }"}', None),
    ],
    "json_not_object": [Request.post_raw(b'"abc"'), Request.post_raw(b"42"), Request.post_raw(b"null")],
    "bad_variables": [
        Request.post_json({"query": TYPENAME, "variables": [1]}),
        Request.post_json({"query": TYPENAME, "variables": 3}),
        Request.get("query=%7B__typename%7D&variables=%7Bnot-json"),
        Request.get("query=%7B__typename%7D&variables=%5B1%5D"),
    ],
}

_KONTENT_ONLY: dict[str, list[Request]] = {
    "json_not_object": [Request.post_raw(b'[{"query": "{ __typename }"}]')],
    "bad_variables": [Request.post_json({"query": TYPENAME, "variables": "{}"})],
    "empty_body": [Request.post_raw(b"", "application/graphql")],
}

_WIKIJS_ONLY: dict[str, list[Request]] = {
    "empty_body": [Request.post_raw(b"[]")],
    "bad_variables": [Request.post_json({"query": TYPENAME, "variables": "[1]"})],
    "wrong_content_type": [Request.post_raw(b"{ __typename }", "application/graphql")],
}


def bad_requests(api: str) -> dict[str, list[Request]]:
    extra = _KONTENT_ONLY if api == "kontent" else _WIKIJS_ONLY
    return {case: requests + extra.get(case, []) for case, requests in _COMMON.items()}


def bad_request_cases() -> list[tuple[str, str, int]]:
    """(api, case, index of the trigger) for parametrisation."""
    return [
        (api, case, index)
        for api in ("kontent", "wikijs")
        for case, requests in bad_requests(api).items()
        for index in range(len(requests))
    ]
