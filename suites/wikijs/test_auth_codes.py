"""The authentication error codes of the rule file whose triggers need accounts, logins or settings.

Each test acts out one ``trigger.scenario`` and checks code, slug and message with the
ResponseStatus oracle. Logins are scarce (``@rateLimit``, see :mod:`suites.wikijs.logins`):
the scenarios run on a mock of their own, each user logs in once per run, and a drawn scenario
on a rate-limited field draws only its share of the field's calls. Scenarios that change a
global setting (self-registration, the domain whitelist) run on the embedded mock only.
Everything created carries the run id and is deleted at the end.
"""

from __future__ import annotations

import dataclasses
import secrets
import string
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.client import Exchange
from harness.targets import Target
from harness.wikijs_rate_limits import RULE as RATE_RULE
from harness.wikijs_rate_limits import refusal
from specs import Rule
from specs.model import ErrorCode, Trigger
from suites.oracles import explain
from suites.pool import TargetPool
from suites.wikijs import logins, pages, sandbox
from suites.wikijs.auth_scenarios import (
    BANNED,
    BURST,
    HEIRLESS_OWNER,
    OUTSIDE_WHITELIST,
    REGISTRATION_OFF,
    TFA_MALFORMED,
    TFA_WRONG_CODE,
    UNKNOWN_TOKEN,
    UNVERIFIED,
)
from suites.wikijs.status import check_shape, check_status

ENABLE_TFA = f"mutation($id: Int!) {{ users {{ enableTFA(id: $id) {{ {sandbox.STATUS} }} }} }}"
DEACTIVATE = f"mutation($id: Int!) {{ users {{ deactivate(id: $id) {{ {sandbox.STATUS} }} }} }}"
LOGIN_TFA = (
    "mutation($token: String!, $code: String!, $setup: Boolean) { authentication {"
    f" loginTFA(continuationToken: $token, securityCode: $code, setup: $setup) {{ {sandbox.STATUS} jwt }} }} }}"
)
CHANGE_PASSWORD = (
    "mutation($token: String!, $password: String!) { authentication {"
    f" loginChangePassword(continuationToken: $token, newPassword: $password) {{ {sandbox.STATUS} jwt }} }} }}"
)
REGISTER = (
    "mutation($email: String!, $password: String!, $name: String!) { authentication {"
    f" register(email: $email, password: $password, name: $name) {{ {sandbox.STATUS} jwt }} }} }}"
)
DELETE_USER = f"mutation($id: Int!, $to: Int!) {{ users {{ delete(id: $id, replaceId: $to) {{ {sandbox.STATUS} }} }} }}"
USER_IDS = "{ users { list { id } } }"
OWNER_SCOPES = ("read:pages", "write:pages")
"""What the page owner of 1017 needs to create a page in the run's sandbox."""

PRINTABLE = string.ascii_letters + string.digits + string.punctuation + " "
"""ASCII only: a server counts a code's length in UTF-16 units, which ASCII keeps equal to ours."""
TFA_CODE_LENGTH = 6
WRONG_TFA_CODES = st.text(PRINTABLE, min_size=TFA_CODE_LENGTH, max_size=TFA_CODE_LENGTH).filter(
    lambda code: not code.isdigit()
)
"""Codes of the right length that no TOTP can produce (a TOTP code is all digits)."""
TOKENS = st.text(string.ascii_letters + string.digits + "-_", min_size=2, max_size=80)
"""Continuation tokens no server issued (a 2.5 server issues 64 hex digits, unguessable)."""
PASSWORDS = st.text(string.ascii_letters + string.digits + "-_.!", min_size=8, max_size=30)
NAMES = st.from_regex(r"[A-Z][a-z]{1,15}( [A-Z][a-z]{1,15})?", fullmatch=True)
DOMAINS = st.from_regex(r"[a-z][a-z0-9]{0,10}(-[a-z0-9]{1,6})?\.(test|example|invalid)", fullmatch=True)
"""Reserved top-level domains (RFC 2606): no address of them reaches anyone."""
GRAPHQL_INTS = st.integers(min_value=-(2**31), max_value=2**31 - 1)


def _trigger(rule: Rule) -> Trigger:
    trigger = rule.data_as(ErrorCode).trigger
    assert trigger is not None
    return trigger


def check(target: Target, rule: Rule, exchange: Exchange) -> None:
    check_status(target, exchange, _trigger(rule).operation, rule.data_as(ErrorCode).code)


def _password() -> str:
    return "Cf-" + secrets.token_urlsafe(12)


def _new_user(target: Target, name: str, groups: tuple[int, ...] = ()) -> tuple[str, str, int]:
    """A run-created local user: e-mail, password, id."""
    email, password = sandbox.user_email(target, name), _password()
    created = sandbox.create_user(target, email, password, groups)
    assert created["responseResult"]["succeeded"], f"setting up user {email}: {created}"
    return email, password, sandbox.user_id(target, email)


def _logged_in(target: Target, email: str, password: str) -> dict[str, Any]:
    """A successful login's payload (the set-up of a scenario: its status is checked too)."""
    return logins.set_up(target, sandbox.log_in(target, email, password), "authentication.login")


def _as_guest(target: Target, document: str, variables: dict[str, Any]) -> Exchange:
    return target.client.with_headers({}).graphql(document, variables)


def _register(target: Target, email: str, password: str, name: str) -> Exchange:
    """``register`` as a guest; an account it made (rightly or not, also when the answer is an
    error such as an unsent verification mail) is deleted at the end."""
    exchange = _as_guest(target, REGISTER, {"email": email, "password": password, "name": name})
    if sandbox.find_user(target, email.lower()) is not None:
        sandbox.track_user(target, email.lower())
    return exchange


# ---- two-factor authentication --------------------------------------------------------------


def _tfa_setup_token(target: Target) -> str:
    """A user with TFA enabled logs in once: the setup continuation token survives wrong codes."""
    email, password, user_id = _new_user(target, "tfa")
    logins.set_up(target, target.client.graphql(ENABLE_TFA, {"id": user_id}), "users.enableTFA")
    answer = _logged_in(target, email, password)
    assert answer.get("mustSetupTFA") and answer.get("continuationToken"), f"no TFA set-up step for {email}: {answer}"
    token: str = answer["continuationToken"]
    return token


@pytest.mark.rule_kind("error_code", where=TFA_WRONG_CODE)
@pytest.mark.usefixtures("writable")
@settings(max_examples=TFA_WRONG_CODE.examples())
@given(data=st.data())
def test_a_wrong_tfa_code_is_refused(target_pool: TargetPool, rule: Rule, data: st.DataObject) -> None:
    target = logins.target_for(target_pool, logins.ACCOUNTS)
    token = logins.once(target, "tfa setup token", lambda: _tfa_setup_token(target))
    code = data.draw(WRONG_TFA_CODES, label="security code")
    check(target, rule, _as_guest(target, LOGIN_TFA, {"token": token, "code": code, "setup": True}))


@pytest.mark.rule_kind("error_code", where=TFA_MALFORMED)
@settings(max_examples=TFA_MALFORMED.examples())
@given(data=st.data())
def test_a_malformed_tfa_code_or_token_is_refused(target_pool: TargetPool, rule: Rule, data: st.DataObject) -> None:
    target = logins.target_for(target_pool, logins.ACCOUNTS)
    wrong_length = st.text(PRINTABLE, max_size=2 * TFA_CODE_LENGTH).filter(lambda code: len(code) != TFA_CODE_LENGTH)
    token, code = data.draw(
        st.tuples(TOKENS, wrong_length) | st.tuples(st.text(PRINTABLE, max_size=1), WRONG_TFA_CODES),
        label="continuation token, security code",
    )
    setup = data.draw(st.booleans(), label="setup")
    check(target, rule, _as_guest(target, LOGIN_TFA, {"token": token, "code": code, "setup": setup}))


@pytest.mark.rule_kind("error_code", where=UNKNOWN_TOKEN)
@settings(max_examples=UNKNOWN_TOKEN.examples())
@given(token=TOKENS, password=PASSWORDS)
def test_an_unknown_continuation_token_is_refused(
    target_pool: TargetPool, rule: Rule, token: str, password: str
) -> None:
    target = logins.target_for(target_pool, logins.ACCOUNTS)
    check(target, rule, _as_guest(target, CHANGE_PASSWORD, {"token": token, "password": password}))


# ---- account state: one login each ------------------------------------------------------------


@pytest.mark.rule_kind("error_code", where=BANNED)
@pytest.mark.usefixtures("writable")
def test_a_deactivated_account_cannot_log_in(target_pool: TargetPool, rule: Rule) -> None:
    target = logins.target_for(target_pool, logins.ACCOUNTS)
    email, password, user_id = _new_user(target, "banned")
    logins.set_up(target, target.client.graphql(DEACTIVATE, {"id": user_id}), "users.deactivate")
    check(target, rule, sandbox.log_in(target, email, password))


@pytest.mark.rule_kind("error_code", where=UNVERIFIED)
@pytest.mark.usefixtures("writable")
def test_an_unverified_account_cannot_log_in(target_pool: TargetPool, rule: Rule) -> None:
    target = logins.target_for(target_pool, logins.ACCOUNTS)
    logins.registration(target, enabled=True, whitelist=())
    email, password = sandbox.user_email(target, "unverified"), _password()
    registered = _register(target, email, password, "Unverified")
    check_shape(target, registered, pages.result_of(registered, "authentication.register").get("responseResult"))
    check(target, rule, sandbox.log_in(target, email, password))


@pytest.mark.rule_kind("error_code", where=BURST)
def test_a_login_past_its_rate_limit_is_refused(target_pool: TargetPool, rule: Rule) -> None:
    """One more login than ``@rateLimit`` allows (earlier bursts on the same mock may have spent
    the window already: a refused call stays refused). Where the code is never emitted (2.5.314),
    the refusal must read as the rate-limit rule of the profile says instead."""
    target = logins.target_for(target_pool, logins.BURST)
    allowed = logins.limit("login")
    guest = logins.impatient_guest(target)
    variables = {"username": sandbox.user_email(target, "nobody"), "password": _password(), "strategy": "local"}
    last = [guest.graphql(sandbox.LOGIN, variables) for _ in range(allowed.calls + 1)][-1]
    error = rule.data_as(ErrorCode)
    if error.emitted:
        check(target, rule, last)
        return
    payload = ((last.response.json().get("data") or {}).get("authentication") or {}).get("login")
    found = refusal(target.rules, last.response.json(), payload, allowed)
    assert found is not None and not found.problems, explain(
        rule, last, f"{error.code} is never emitted: the refusal must read as {RATE_RULE} says ({found})"
    )


# ---- self-registration ------------------------------------------------------------------------


@pytest.mark.rule_kind("error_code", where=REGISTRATION_OFF)
@pytest.mark.usefixtures("writable")
@given(domain=DOMAINS, name=NAMES, password=PASSWORDS)
def test_registration_is_refused_while_disabled(
    target_pool: TargetPool, rule: Rule, domain: str, name: str, password: str
) -> None:
    target = logins.target_for(target_pool, logins.ACCOUNTS)
    logins.registration(target, enabled=False)
    check(target, rule, _register(target, f"{target.unique_name('registrant')}@{domain}", password, name))


def _near_misses(domain: str) -> st.SearchStrategy[str]:
    """Domains that only resemble a whitelisted one: a subdomain, a longer first label."""
    label = st.from_regex(r"[a-z][a-z0-9]{0,6}", fullmatch=True)
    return label.map(lambda sub: f"{sub}.{domain}") | label.map(lambda prefix: prefix + domain)


@pytest.mark.rule_kind("error_code", where=OUTSIDE_WHITELIST)
@pytest.mark.usefixtures("writable")
@given(data=st.data(), name=NAMES, password=PASSWORDS)
def test_registration_from_a_domain_outside_the_whitelist_is_refused(
    target_pool: TargetPool, rule: Rule, data: st.DataObject, name: str, password: str
) -> None:
    target = logins.target_for(target_pool, logins.ACCOUNTS)
    whitelist = data.draw(st.lists(DOMAINS, min_size=1, max_size=3, unique=True), label="whitelist")
    logins.registration(target, enabled=True, whitelist=whitelist)
    outside = (DOMAINS | st.sampled_from(whitelist).flatmap(_near_misses)).filter(lambda d: d not in whitelist)
    domain = data.draw(outside, label="domain")
    check(target, rule, _register(target, f"{target.unique_name('registrant')}@{domain}", password, name))


# ---- deleting a user who owns content ---------------------------------------------------------


def _page_owner(target: Target) -> int:
    """A user whose group may write in the run's sandbox logs in once and creates a page there."""
    rule = {"id": "owned", "deny": False, "match": "START", "roles": list(OWNER_SCOPES), "path": target.run_prefix,
            "locales": []}  # fmt: skip
    group = sandbox.create_group(target, OWNER_SCOPES, [rule])
    email, password, user_id = _new_user(target, "owner", (group,))
    owner = dataclasses.replace(target, client=sandbox.bearer(target, _logged_in(target, email, password)["jwt"]))
    path = target.unique_path("owned")
    created = pages.create(owner, pages.NewPage(path, "Owned", "written by a sandbox user"))
    pages.track_page(target, logins.set_up(target, created, "pages.create")["page"]["id"], path)
    return user_id


@pytest.mark.rule_kind("error_code", where=HEIRLESS_OWNER)
@pytest.mark.usefixtures("writable")
@given(data=st.data())
def test_deleting_an_owner_without_a_valid_heir_is_refused(
    target_pool: TargetPool, rule: Rule, data: st.DataObject
) -> None:
    target = logins.target_for(target_pool, logins.ACCOUNTS)
    owner = logins.once(target, "page owner", lambda: _page_owner(target))
    taken = {user["id"] for user in target.client.graphql_data(USER_IDS)["users"]["list"]}
    heir = data.draw(GRAPHQL_INTS.filter(lambda i: i not in taken), label="heir")
    check(target, rule, target.client.graphql(DELETE_USER, {"id": owner, "to": heir}))
