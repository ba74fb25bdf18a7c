"""``props`` of analytics providers and of an active strategy's module (``wikijs.schema.served``,
``definition_props``): lists in the docs reading; a real 2.5.314 hands graphql-js the module
definition's props object and answers graphql-js's error for each (seen on the real server by the
clients' all-fields walk)."""

from __future__ import annotations

from collections.abc import Callable

from tests.mock_server.support import MockClient

QUERY = (
    "{ analytics { providers { key props } } authentication { activeStrategies { key strategy { key props { key } } }"
    " strategies { key props { key } } } }"
)


def test_docs_answer_lists(mock: Callable[..., MockClient]) -> None:
    answer = mock("wikijs").query(QUERY)
    assert "errors" not in answer
    assert all(isinstance(p["props"], list) for p in answer["data"]["analytics"]["providers"])
    assert all(isinstance(s["strategy"]["props"], list) for s in answer["data"]["authentication"]["activeStrategies"])


def test_2_5_314_refuses_the_definition_object(mock: Callable[..., MockClient]) -> None:
    answer = mock("wikijs", emulate="2.5.314").query(QUERY)
    providers = answer["data"]["analytics"]["providers"]
    active = answer["data"]["authentication"]["activeStrategies"]
    assert providers and all(p["props"] is None for p in providers)
    assert active and all(s["strategy"]["props"] is None for s in active)
    assert all(isinstance(s["props"], list) for s in answer["data"]["authentication"]["strategies"])
    expected = [
        (
            'Expected Iterable, but did not find one for field "AnalyticsProvider.props".',
            ["analytics", "providers", n, "props"],
        )
        for n in range(len(providers))
    ] + [
        (
            'Expected Iterable, but did not find one for field "AuthenticationStrategy.props".',
            ["authentication", "activeStrategies", n, "strategy", "props"],
        )
        for n in range(len(active))
    ]
    assert [(e["message"], e["path"]) for e in answer["errors"]] == expected
