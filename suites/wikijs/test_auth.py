"""Refusals: a guest calling fields it has no scope for, and a revoked API key."""

from __future__ import annotations

import contextlib
import dataclasses
import secrets

import pytest

from harness.client import HttpClient
from harness.targets import Target
from specs.model import AccessDenial, ErrorCode, PermissionModel, TokenRejection
from suites.oracles import explain
from suites.pool import TargetPool
from suites.wikijs import pages, sandbox
from suites.wikijs.rule_ids import AUTH_DENIED, PERMISSION_MODEL

REVOKED = "wikijs.auth.revoked_key"
DISABLED = "wikijs.auth.api_disabled"
API_STATE = "mutation($on: Boolean!) { authentication { setApiState(enabled: $on) { %s } } }"
KEYS = "{ authentication { apiKeys { id name } } }"


def as_guest(target: Target) -> HttpClient:
    """The target's client without credentials, journaling into the same record."""
    headers = {k: v for k, v in target.client.default_headers.items() if k.lower() != "authorization"}
    return target.client.with_headers(headers)


@pytest.mark.rule(AUTH_DENIED)
def test_a_guest_is_refused_a_protected_query(wikijs: Target) -> None:
    rule = wikijs.rules[AUTH_DENIED]
    exchange = as_guest(wikijs).graphql(KEYS)
    document = exchange.response.json()
    assert exchange.response.status == 200, explain(rule, exchange, "a refused field still answers 200")
    messages = [error.get("message") for error in document.get("errors") or []]
    forbidden = rule.data_as(AccessDenial).forbidden
    assert messages == [forbidden], explain(rule, exchange, f"expected one error {forbidden!r}")
    assert (document.get("data") or {}).get("authentication") == {"apiKeys": None}, explain(
        rule, exchange, "the refused field is null"
    )


@pytest.mark.rule(AUTH_DENIED)
@pytest.mark.usefixtures("writable")
def test_a_guest_is_refused_a_page_creation(wikijs: Target) -> None:
    rule = wikijs.rules[AUTH_DENIED]
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


@pytest.mark.rule(DISABLED)
@pytest.mark.usefixtures("writable")
def test_a_key_is_refused_while_the_api_is_off(wikijs: Target, target_pool: TargetPool) -> None:
    """A run-created administrator logs in (login tokens work while the API is off), switches the
    API off, sends the suite's key, and switches it on again (also as a cleanup)."""
    if target_pool.options.live and not target_pool.options.allow_api_switch:
        pytest.skip("switching a live wiki's API off locks its API clients out for a moment: needs --allow-api-switch")
    rule = wikijs.rules[DISABLED]
    rejection = rule.data_as(TokenRejection)
    model = wikijs.rules[PERMISSION_MODEL].data_as(PermissionModel)
    admins = [g["id"] for g in model.system_groups if model.system_scope in g["permissions"]]
    email, password = sandbox.user_email(wikijs, "admin"), "Cf-" + secrets.token_urlsafe(12)
    assert sandbox.create_user(wikijs, email, password, admins)["responseResult"]["succeeded"]
    jwt = pages.result_of(sandbox.log_in(wikijs, email, password), "authentication.login")["jwt"]
    admin = sandbox.bearer(wikijs, jwt)

    def switch_on() -> None:
        admin.graphql_data(API_STATE % pages.RESPONSE_STATUS, {"on": True})

    wikijs.on_cleanup("api state: switched back on", switch_on)
    lock = wikijs.client.api_switch  # the run's other requests wait while the API is off
    with lock.exclusive() if lock else contextlib.nullcontext():
        admin.graphql_data(API_STATE % pages.RESPONSE_STATUS, {"on": False})
        exchange = wikijs.client.post_json({"query": "{ __typename }"})
        switch_on()
    assert exchange.response.status == rejection.status, explain(rule, exchange, f"expected HTTP {rejection.status}")
    messages = [error.get("message") for error in exchange.response.json().get("errors") or []]
    assert messages == [rejection.message], explain(rule, exchange, f"expected the error {rejection.message!r}")
