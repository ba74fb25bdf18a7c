"""``contribute.contributors`` (``wikijs.schema.served``, ``remote_fields``): a real 2.5.314 fetches
the backers from its project's service and answers null where it cannot reach it; the mock holds no
backers and answers an empty list in the docs reading."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.mock_server.support import MockClient

QUERY = "{ contribute { contributors { id name } } }"


@pytest.mark.parametrize(("emulate", "expected"), [("docs", []), ("2.5.314", None)])
def test_contributors(mock: Callable[..., MockClient], emulate: str, expected: list[object] | None) -> None:
    answer = mock("wikijs", emulate=emulate).query(QUERY)
    assert answer == {"data": {"contribute": {"contributors": expected}}}
