"""Lengths as the real server's JavaScript counts them (UTF-16 code units): the differential
campaign found a one-emoji comment accepted by a real 2.5.314 and refused by the mock."""

from __future__ import annotations

from mock_server.wikijs.js_strings import js_length, js_trim
from mock_server.wikijs.users import first_failed_check
from specs import default_rules
from specs.model import ErrorCode

TRIGGER = default_rules()["wikijs.errors.1012"].data_as(ErrorCode).trigger
assert TRIGGER is not None
LIMITS = TRIGGER.limits


def test_characters_outside_the_basic_plane_count_twice() -> None:
    assert js_length("ab") == 2
    assert js_length("\N{GRINNING FACE}") == 2
    assert js_length("\udbf0") == 1  # a lone surrogate, as JSON may carry one


def test_new_user_checks_run_in_the_servers_order() -> None:
    email, password = "someone@conformance.invalid", "long-enough-1"
    assert first_failed_check(LIMITS, "not-an-email", "", "", "local") == "email.invalid"
    assert first_failed_check(LIMITS, email, "", "", "local") == "password.blank"
    assert first_failed_check(LIMITS, email, "", None, "local") == "password.blank"
    assert first_failed_check(LIMITS, email, "", "short", "local") == "password.too_short"
    assert first_failed_check(LIMITS, email, "  ", password, "local") == "name.blank"
    assert first_failed_check(LIMITS, email, "R", password, "local") == "name.too_short"
    assert first_failed_check(LIMITS, email, "\N{GRINNING FACE}", password, "local") is None
    assert first_failed_check(LIMITS, email, "R", None, "ldap") == "name.too_short"


def test_trim_removes_javascripts_white_space() -> None:
    assert js_trim(" \ufeff> quoted\u00a0\n") == "> quoted"
    assert js_trim("\N{GRINNING FACE}") == "\N{GRINNING FACE}"
