"""An id that names nothing: each operation answers as its ``missing_target`` rule says.

The ids are far above anything a wiki hands out, so the calls change nothing on a live target.
"""

from __future__ import annotations

from typing import Any

import pytest

from harness.client import Exchange
from harness.targets import Target
from specs import Rule
from specs.model import ErrorCode, MissingTarget
from suites.oracles import explain
from suites.wikijs import capabilities
from suites.wikijs.pages import NONEXISTENT_PAGE_ID, RESPONSE_STATUS

MISSING_TARGETS = (
    "wikijs.pages.update_missing_page",
    "wikijs.pages.history_missing_page",
    "wikijs.users.single_missing_user",
)
NONEXISTENT_USER_ID = NONEXISTENT_PAGE_ID
PLAIN_CODE, PLAIN_SLUG = 1, "Error"
"""How Wiki.js reports a plain ``Error`` in a ResponseStatus."""
REQUESTS: dict[str, tuple[str, dict[str, Any]]] = {
    "pages.update": (
        f'mutation($id: Int!) {{ pages {{ update(id: $id, content: "x", tags: []) {{ {RESPONSE_STATUS} }} }} }}',
        {"id": NONEXISTENT_PAGE_ID},
    ),
    "pages.convert": (
        f'mutation($id: Int!) {{ pages {{ convert(id: $id, editor: "ckeditor") {{ {RESPONSE_STATUS} }} }} }}',
        {"id": NONEXISTENT_PAGE_ID},
    ),
    "pages.history": ("query($id: Int!) { pages { history(id: $id) { total } } }", {"id": NONEXISTENT_PAGE_ID}),
    "pages.version": (
        "query($id: Int!) { pages { version(pageId: $id, versionId: 1) { versionId } } }",
        {"id": NONEXISTENT_PAGE_ID},
    ),
    "users.single": ("query($id: Int!) { users { single(id: $id) { id } } }", {"id": NONEXISTENT_USER_ID}),
}
"""One request per operation a missing_target rule may name."""


def field_of(exchange: Exchange, operation: str) -> Any:
    namespace, name = operation.split(".")
    return ((exchange.response.json().get("data") or {}).get(namespace) or {}).get(name)


def check(target: Target, rule: Rule, operation: str, exchange: Exchange) -> None:
    missing = rule.data_as(MissingTarget)
    error = target.rules[missing.error_code].data_as(ErrorCode)
    plain = missing.answer == "plain_error"
    code, slug, message = (
        (PLAIN_CODE, PLAIN_SLUG, missing.message) if plain else (error.code, error.slug, error.message)
    )
    assert exchange.response.status == 200, explain(rule, exchange, "an unknown id still answers 200")
    if REQUESTS[operation][0].startswith("mutation"):
        status = (field_of(exchange, operation) or {}).get("responseResult")
        expected = {"succeeded": False, "errorCode": code, "slug": slug, "message": message}
        assert status == expected, explain(rule, exchange, f"{operation} of an unknown id reports {code} {slug}")
        return
    errors = exchange.response.json().get("errors") or []
    assert [e.get("message") for e in errors] == [message], explain(rule, exchange, f"expected the error {message!r}")
    assert field_of(exchange, operation) is None, explain(rule, exchange, "the field is null")
    if not plain:
        reported = ((errors[0].get("extensions") or {}).get("exception") or {}).get("code")
        assert reported == code, explain(rule, exchange, f"extensions.exception.code must be {code}")


@pytest.mark.each_rule(*MISSING_TARGETS)
def test_an_unknown_id_answers_as_the_rule_says(wikijs: Target, rule: Rule) -> None:
    """Only the operations the run's key may call: a refusal answers the permission rule, not this one."""
    key = capabilities.of(wikijs)
    operations = [op for op in rule.data_as(MissingTarget).operations
                  if key.may_call(op, mutation=REQUESTS[op][0].startswith("mutation"))]  # fmt: skip
    if not operations:
        pytest.skip(f"the API key may not call {', '.join(rule.data_as(MissingTarget).operations)} (its @auth scopes)")
    for operation in operations:
        document, variables = REQUESTS[operation]
        check(wikijs, rule, operation, wikijs.client.graphql(document, variables))
