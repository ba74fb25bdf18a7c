"""Refusals: a guest calling fields it has no scope for, and a revoked API key."""

from __future__ import annotations

import dataclasses

import pytest

from specs.model import AccessDenial, ErrorCode, TokenRejection
from suites.client import HttpClient
from suites.oracles import explain
from suites.targets import Target
from suites.wikijs import pages, sandbox

DENIED = "wikijs.auth.denied"
REVOKED = "wikijs.auth.revoked_key"
KEYS = "{ authentication { apiKeys { id name } } }"


def as_guest(target: Target) -> HttpClient:
    """The target's client without credentials, journaling into the same record."""
    headers = {k: v for k, v in target.client.default_headers.items() if k.lower() != "authorization"}
    return target.client.with_headers(headers)


@pytest.mark.rule(DENIED)
def test_a_guest_is_refused_a_protected_query(wikijs: Target) -> None:
    rule = wikijs.rules[DENIED]
    exchange = as_guest(wikijs).graphql(KEYS)
    document = exchange.response.json()
    assert exchange.response.status == 200, explain(rule, exchange, "a refused field still answers 200")
    messages = [error.get("message") for error in document.get("errors") or []]
    forbidden = rule.data_as(AccessDenial).forbidden
    assert messages == [forbidden], explain(rule, exchange, f"expected one error {forbidden!r}")
    assert (document.get("data") or {}).get("authentication") == {"apiKeys": None}, explain(
        rule, exchange, "the refused field is null"
    )


@pytest.mark.rule(DENIED)
@pytest.mark.usefixtures("writable")
def test_a_guest_is_refused_a_page_creation(wikijs: Target) -> None:
    rule = wikijs.rules[DENIED]
    denial = rule.data_as(AccessDenial)
    guest = dataclasses.replace(wikijs, client=as_guest(wikijs))
    exchange = pages.create(guest, pages.NewPage(wikijs.unique_path("guest"), "Guest", "text"))
    document = exchange.response.json()
    page = (((document.get("data") or {}).get("pages") or {}).get("create") or {}).get("page") or {}
    if isinstance(page.get("id"), int):  # wrongly created: the admin client removes it
        pages.track_page(wikijs, page["id"], page.get("path", ""))
    code_rule = denial.mutation_codes.get("pages.create")
    if denial.mutation_failures == "response_status" and code_rule is not None:
        error = wikijs.rules[code_rule].data_as(ErrorCode)
        status = pages.result_of(exchange, "pages.create").get("responseResult") or {}
        expected = {"succeeded": False, "errorCode": error.code, "slug": error.slug, "message": error.message}
        assert status == expected, explain(rule, exchange, f"a refused create reports {error.code} {error.slug}")
    else:
        messages = [e.get("message") for e in document.get("errors") or []]
        assert messages == [denial.forbidden], explain(rule, exchange, f"expected one error {denial.forbidden!r}")


@pytest.mark.rule(REVOKED)
@pytest.mark.usefixtures("writable")
def test_a_revoked_key_is_refused(wikijs: Target) -> None:
    rule = wikijs.rules[REVOKED]
    rejection = rule.data_as(TokenRejection)
    key_id, holder = sandbox.create_key(wikijs, group=None)
    sandbox.revoke_key(wikijs, key_id)
    exchange = holder.post_json({"query": "{ __typename }"})
    assert exchange.response.status == rejection.status, explain(rule, exchange, f"expected HTTP {rejection.status}")
    messages = [error.get("message") for error in exchange.response.json().get("errors") or []]
    assert messages == [rejection.message], explain(rule, exchange, f"expected the error {rejection.message!r}")
