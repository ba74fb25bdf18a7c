"""Unit checks of the Wiki.js suites' own machinery: scenarios, the access model, pacing, profiles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from specs import default_rules
from specs.model import ErrorCode, PermissionModel
from suites.behaviour import PROFILES, implementation_of
from suites.pacing import BudgetExhaustedError, Pacer, retry_after
from suites.wikijs import logins
from suites.wikijs import test_auth_codes as auth_codes
from suites.wikijs.access_model import ALLOWED, AUTH, PAGE, Group, verdict
from suites.wikijs.test_error_codes import DRAWN, SINGLE

SCHEMA = Path(__file__).resolve().parents[2] / "specs" / "schema" / "rules.schema.json"
MODEL = default_rules()["wikijs.permissions.model"].data_as(PermissionModel)
PAGE_PATH = "sandbox/doc"


AUTH_SCENARIOS = {scenario.name: scenario for scenario in auth_codes.SCENARIOS}


def test_every_scenario_of_the_rule_schema_is_acted_out_once() -> None:
    schema = json.loads(SCHEMA.read_text())
    names = set(schema["$defs"]["error_code"]["properties"]["trigger"]["properties"]["scenario"]["enum"])
    modules = [set(DRAWN), set(SINGLE), set(AUTH_SCENARIOS)]
    assert set.union(*modules) == names and sum(map(len, modules)) == len(names)
    assert len(AUTH_SCENARIOS) == len(auth_codes.SCENARIOS)


def test_rate_limited_triggers_spend_a_rate_limited_field() -> None:
    """``rate_limited``: the single-shot scenarios of test_error_codes, or a login-flow scenario
    whose examples spend calls of a field that carries ``@rateLimit``."""
    for rule in default_rules().of_kind("error_code"):
        trigger = rule.data_as(ErrorCode).trigger
        if trigger is None:
            continue
        if trigger.scenario in AUTH_SCENARIOS:
            spends = AUTH_SCENARIOS[trigger.scenario].spends
            assert (spends is not None) == trigger.rate_limited, rule.id
            assert spends is None or logins.limit(spends).calls > 0, rule.id
        else:
            assert (trigger.scenario in SINGLE) == trigger.rate_limited, rule.id


def rule(match: str, deny: bool, path: str = PAGE_PATH, locales: tuple[str, ...] = ()) -> dict[str, object]:
    return {"id": match, "match": match, "path": path, "deny": deny, "roles": ["write:pages"], "locales": list(locales)}


def writer(*rules: dict[str, object], scopes: frozenset[str] = frozenset({"write:pages"})) -> Group:
    return Group(scopes, tuple(rules))


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        ((), PAGE),
        ((rule("START", False, "sandbox"),), ALLOWED),
        ((rule("START", False, "sandbox"), rule("EXACT", True)), PAGE),  # longer path wins
        ((rule("EXACT", True), rule("START", False)), PAGE),  # equal length: EXACT beats START
        ((rule("EXACT", False), rule("START", True)), ALLOWED),
        ((rule("REGEX", False), rule("REGEX", True)), PAGE),  # full tie: deny wins
        ((rule("START", False, locales=("xx",)),), PAGE),  # another locale's rule does not apply
    ],
)
def test_the_access_model_follows_the_documented_precedence(
    rules: tuple[dict[str, object], ...], expected: str
) -> None:
    assert verdict(MODEL, writer(*rules), "pages.create", "en", PAGE_PATH) == expected


def test_the_system_scope_passes_everything_and_no_scope_fails_at_auth() -> None:
    assert verdict(MODEL, writer(rule("EXACT", True), scopes=frozenset({MODEL.system_scope})), "pages.delete", "en",
                   PAGE_PATH) == ALLOWED  # fmt: skip
    assert verdict(MODEL, writer(scopes=frozenset({"read:pages"})), "pages.create", "en", PAGE_PATH) == AUTH


def test_a_delete_check_ignores_the_page_locale() -> None:
    group = Group(frozenset({"delete:pages"}), ({**rule("START", False, locales=("en",)), "roles": ["delete:pages"]},))
    assert verdict(MODEL, group, "pages.delete", "en", PAGE_PATH) == PAGE


def test_rate_limit_answers_are_recognised() -> None:
    body = json.dumps({"errors": [{"message": "Too many requests, please try again in 15 seconds."}]}).encode()
    assert retry_after(200, (), body) == 15
    assert retry_after(429, (("Retry-After", "3"),), b"") == 3
    assert retry_after(200, (), b'{"data": {}}') is None


def test_the_budget_stops_a_run_and_cleanup_is_unbounded() -> None:
    pacer = Pacer(budget=1)
    pacer.admit()
    with pytest.raises(BudgetExhaustedError):
        pacer.admit()
    pacer.unbounded()
    pacer.admit()
    assert pacer.sent == 2


def test_profiles_name_implementations_of_the_rule_files() -> None:
    implementations = {d.implementation for r in default_rules() for d in r.deviations}
    assert {implementation_of(p) for p in PROFILES} - {"docs"} <= implementations
