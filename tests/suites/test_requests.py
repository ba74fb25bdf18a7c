"""Request builders produce exactly the sizes the limit suites claim, and stay valid GraphQL."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

from graphql import parse
from hypothesis import given
from hypothesis import strategies as st

from harness.requests import STYLES, Style, body_of_size, padded, type_probe, url_of_length
from specs.model import GetRequest

NAMES = GetRequest(query_param="query", variables_param="variables", operation_name_param="operationName")
BASE = "http://127.0.0.1:8000/975bf280-fd91-488c-994c-2f04416e5ee3"


@given(style=st.sampled_from(STYLES), size=st.integers(min_value=200, max_value=20_000))
def test_body_has_exact_size_and_parses(style: Style, size: int) -> None:
    body = body_of_size(style, size)
    assert len(body) == size
    payload = json.loads(body)
    parse(payload["query"])


@given(style=st.sampled_from(STYLES), length=st.integers(min_value=300, max_value=5000))
def test_url_has_exact_length_and_carries_a_valid_operation(style: Style, length: int) -> None:
    url = url_of_length(BASE, NAMES, style, length)
    assert len(url) == length
    params = parse_qs(urlsplit(url).query)
    parse(params["query"][0])
    if style == "variables":
        assert isinstance(json.loads(params["variables"][0]), dict)


@given(padding=st.integers(min_value=0, max_value=500), style=st.sampled_from(STYLES))
def test_padding_keeps_the_operation_meaningful(padding: int, style: Style) -> None:
    operation = padded(type_probe("Boolean", style), padding)
    parse(operation.query)
    assert operation.operation_name == type_probe("Boolean", style).operation_name
