"""A refusal in another shape than the rule's is a refusal that departs from the rule, never an admitted call."""

from __future__ import annotations

from harness.wikijs_rate_limits import Limit, refusal
from specs import default_rules

LIMIT = Limit(calls=5, seconds=60)


def test_a_plain_error_where_the_docs_give_1008_is_a_refusal_in_another_shape() -> None:
    rules = default_rules()  # the docs: a refused login answers errorCode 1008
    plain = {
        "errors": [{"message": "Too many requests, please try again in 57 seconds."}],
        "data": {"authentication": None},
    }
    found = refusal(rules, plain, None, LIMIT)
    assert found is not None and found.problems and "another shape" in found.problems[0]


def test_an_admitted_call_is_not_a_refusal() -> None:
    rules = default_rules()
    status = {
        "succeeded": False,
        "errorCode": 1002,
        "slug": "AuthLoginFailed",
        "message": "Invalid email / username or password.",
    }
    assert refusal(rules, {"data": {}}, {"responseResult": status}, LIMIT) is None
    assert refusal(rules, {"data": {}}, {"responseResult": {**status, "succeeded": True}}, LIMIT) is None
