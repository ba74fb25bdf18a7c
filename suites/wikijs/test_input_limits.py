"""users.create at its input limits: one past a limit is refused with 1012, at the limit it passes.

The docs give no limits; the 1012 rule's ``trigger.limits`` does (the 2.5.314 server's
validators). Where the emulated implementation words the checks apart (``checks``), the refusal
carries the check's own message. Each example creates at most one user, named with the run's
marker so the run removes it.
"""

from __future__ import annotations

import secrets

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.client import Exchange
from harness.targets import Target
from specs.model import ErrorCode
from suites.oracles import explain
from suites.profiles import page_writing_examples
from suites.wikijs import pages, sandbox
from suites.wikijs.status import check_status
from suites.wikijs.triggers import trigger_of

INVALID = "wikijs.errors.1012"
OPERATION = "users.create"
FILLER = "x"


def failed_check(limit: str) -> str:
    """The check one past a limit fails: ``name.min_length`` -> ``name.too_short``."""
    argument, _, bound = limit.partition(".")
    return f"{argument}.too_short" if bound == "min_length" else f"{argument}.too_long"


def _create(target: Target, limit: str, length: int) -> tuple[str, Exchange]:
    """A new user whose input named by ``limit`` is ``length`` long, every other input valid."""
    email = sandbox.user_email(target, "limit")
    name, password = "Limit probe", "Cf-" + secrets.token_urlsafe(12)
    argument = limit.partition(".")[0]
    if argument == "email":
        local, _, domain = email.partition("@")
        email = f"{local}{FILLER * (length - len(email))}@{domain}"
    elif argument == "password":
        password = (password * length)[:length]
    else:
        name = FILLER * length
    variables = {"email": email, "name": name, "password": password, "groups": []}
    return email, target.client.graphql(sandbox.CREATE_USER, variables)


@pytest.mark.rule(INVALID)
@pytest.mark.usefixtures("writable")
@settings(max_examples=page_writing_examples())
@given(data=st.data())
def test_users_create_refuses_one_past_each_limit(wikijs: Target, data: st.DataObject) -> None:
    rule = wikijs.rules[INVALID]
    error, limits = rule.data_as(ErrorCode), trigger_of(rule).limits
    limit = data.draw(st.sampled_from(sorted(limits)), label="limit")
    past = data.draw(st.booleans(), label="one past the limit")
    step = (1 if limit.endswith("max_length") else -1) if past else 0
    email, exchange = _create(wikijs, limit, limits[limit] + step)
    status = pages.result_of(exchange, OPERATION).get("responseResult") or {}
    if status.get("succeeded"):
        sandbox.track_user(wikijs, email)
    if not past:
        check_status(wikijs, exchange, OPERATION)
        return
    check = failed_check(limit)
    message = error.checks.get(check, error.message)
    expected = (False, error.code, error.slug, message)
    answered = (status.get("succeeded"), status.get("errorCode"), status.get("slug"), status.get("message"))
    assert answered == expected, explain(rule, exchange, f"{limit} {limits[limit]}: {check} must answer {expected}")
