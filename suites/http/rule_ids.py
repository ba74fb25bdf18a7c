"""The GraphQL-over-HTTP rules of both APIs, by what the suites/http tests check of them: a test
runs once per rule of its tuple that the run's APIs have (``@pytest.mark.each_rule``), so
``grep <rule id>`` finds the tests that serve it."""

from __future__ import annotations

from collections.abc import Sequence

from specs import Rule, RuleSet

METHODS = ("kontent.http.methods", "wikijs.http.methods")
GET_QUERY = ("kontent.http.get_query", "wikijs.http.get_query")
POST_BODIES = ("kontent.http.post_json", "kontent.http.post_graphql", "wikijs.http.post_json")
LIMITS = ("kontent.http.max_body", "kontent.http.max_url", "wikijs.http.max_body")
QUERY_ERRORS = ("kontent.http.query_errors", "wikijs.http.query_errors")
BAD_REQUESTS = (
    "kontent.http.errors.missing_query",
    "kontent.http.errors.malformed_json",
    "kontent.http.errors.json_not_object",
    "kontent.http.errors.empty_body",
    "kontent.http.errors.non_utf8",
    "kontent.http.errors.wrong_content_type",
    "kontent.http.errors.bad_variables",
    "wikijs.http.errors.malformed_json",
    "wikijs.http.errors.non_utf8",
    "wikijs.http.errors.missing_query",
    "wikijs.http.errors.empty_body",
    "wikijs.http.errors.wrong_content_type",
    "wikijs.http.errors.json_not_object",
    "wikijs.http.errors.bad_variables",
)
CORS = ("kontent.http.cors", "wikijs.http.cors")
STATUS_CODES = ("kontent.http.status_codes",)
NOT_FOUND = ("kontent.http.unknown_environment",)
IDE = ("wikijs.http.ide",)
GET_MUTATION = ("wikijs.http.get_mutation",)


def of_target(rules: RuleSet, ids: Sequence[str]) -> list[Rule]:
    """The rules of ``ids`` that a target's rules hold (each tuple names both APIs' rules)."""
    return [rules[rule_id] for rule_id in ids if rule_id in rules]


def one_of(rules: RuleSet, ids: Sequence[str]) -> Rule:
    """The one rule of ``ids`` a target's API has, e.g. its GET parameters."""
    found = of_target(rules, ids)
    if len(found) != 1:
        raise LookupError(f"the target's API has {len(found)} of the rules {', '.join(ids)}, not one")
    return found[0]
