"""``each_rule`` parametrises a test over the rule ids it names: a misspelt id must stop the run,
or its rule would go untested while the test still runs for the others."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import cast

import pytest
from _pytest.mark import Mark

from specs import default_rules
from suites.plugin.selection import marked_rules


@dataclass
class _Definition:
    marks: dict[str, Mark] = field(default_factory=dict)
    nodeid: str = "suites/http/test_x.py::test_x"

    def get_closest_marker(self, name: str) -> Mark | None:
        return self.marks.get(name)


def _marked(**marks: pytest.MarkDecorator) -> pytest.Function:
    return cast(pytest.Function, _Definition({name: decorator.mark for name, decorator in marks.items()}))


def test_each_rule_takes_the_rules_it_names_in_order() -> None:
    ids = ("wikijs.http.cors", "kontent.http.cors")
    rules = marked_rules(_marked(each_rule=pytest.mark.each_rule(*ids)), default_rules())
    assert tuple(r.id for r in rules) == ids


def test_each_rule_keeps_the_rules_its_predicate_selects() -> None:
    marker = pytest.mark.each_rule(
        "kontent.http.post_json", "kontent.http.post_graphql", where=lambda r: "json" in r.id
    )
    assert [r.id for r in marked_rules(_marked(each_rule=marker), default_rules())] == ["kontent.http.post_json"]


def test_an_id_that_names_no_rule_stops_the_run() -> None:
    misspelt = "kontent.http.no_such_rule"
    with pytest.raises(pytest.UsageError, match=re.escape(misspelt)):
        marked_rules(_marked(each_rule=pytest.mark.each_rule(misspelt)), default_rules())


def test_a_test_taking_rule_without_a_marker_stops_the_run() -> None:
    with pytest.raises(pytest.UsageError, match="each_rule"):
        marked_rules(_marked(), default_rules())
