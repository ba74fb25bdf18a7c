"""A browser opening the endpoint gets an interactive GraphQL IDE."""

from __future__ import annotations

import pytest

from harness.targets import Target
from specs import Rule
from specs.model import IdePage
from suites.http.rule_ids import IDE
from suites.oracles import explain

IDE_NAMES = ("graphiql", "graphql playground")


@pytest.mark.each_rule(*IDE)
def test_browser_gets_an_ide(target: Target, rule: Rule) -> None:
    expected = rule.data_as(IdePage)
    exchange = target.client.send("GET", headers={"Accept": f"{expected.accept},application/xhtml+xml;q=0.9,*/*;q=0.8"})
    response = exchange.response
    assert response.status == expected.status, explain(rule, exchange, f"expected {expected.status}")
    assert response.media_type == expected.content_type, explain(rule, exchange, f"expected {expected.content_type}")
    page = response.body.decode("utf-8", errors="replace").lower()
    assert "<html" in page and any(name in page for name in IDE_NAMES), explain(
        rule, exchange, "expected a GraphQL IDE page"
    )
