"""Unit checks of the Wiki.js suites' own machinery: scenarios, the access model, pacing, profiles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from graphql import build_schema, get_named_type

from harness.behaviour import PROFILES, implementation_of
from harness.pacing import BudgetExhaustedError, Pacer, retry_after
from harness.wikijs_rate_limits import SCHEMA_RULE, sdl_limits
from specs import default_rules
from specs.directives import read_sdl
from specs.model import ErrorCode, FieldRateLimit, PermissionModel, ServedSchema
from suites.wikijs import auth_scenarios, logins
from suites.wikijs.access_model import ALLOWED, AUTH, PAGE, Group, verdict
from suites.wikijs.asset_scenarios import SCENARIOS as ASSET_SCENARIOS
from suites.wikijs.comment_scenarios import SCENARIOS as COMMENT_SCENARIOS
from suites.wikijs.config_scenarios import SCENARIOS as CONFIG_SCENARIOS
from suites.wikijs.error_scenarios import DRAWN, SINGLE

SCHEMA = Path(__file__).resolve().parents[2] / "specs" / "schema" / "rules.schema.json"
MODEL = default_rules()["wikijs.permissions.model"].data_as(PermissionModel)
PAGE_PATH = "sandbox/doc"
RATE_LIMIT_RULE = "wikijs.rate_limit.directive"


AUTH_SCENARIOS = {scenario.name: scenario for scenario in auth_scenarios.SCENARIOS}
SCENARIO_TABLES = (DRAWN, SINGLE, AUTH_SCENARIOS, ASSET_SCENARIOS, COMMENT_SCENARIOS, CONFIG_SCENARIOS)
"""Every module's scenarios: the pages/users/login ones, the login flow's, then the asset, comment and
configuration codes."""


def test_every_scenario_of_the_rule_schema_is_acted_out_once() -> None:
    schema = json.loads(SCHEMA.read_text())
    names = set(schema["$defs"]["error_code"]["properties"]["trigger"]["properties"]["scenario"]["enum"])
    acted = [name for table in SCENARIO_TABLES for name in table]
    assert set(acted) == names and len(acted) == len(set(acted))


def _rate_limited_field(operation: str) -> bool:
    """The operation's field carries ``@rateLimit`` in the SDL the suites read."""
    limits = sdl_limits(default_rules()[RATE_LIMIT_RULE].data_as(FieldRateLimit).directive)
    schema = build_schema(read_sdl(default_rules()[SCHEMA_RULE].data_as(ServedSchema).sdl_dir))
    namespace, field = operation.split(".")
    roots = [root for root in (schema.query_type, schema.mutation_type) if root and namespace in root.fields]
    return any((get_named_type(root.fields[namespace].type).name, field) in limits for root in roots)


def test_rate_limited_triggers_are_the_single_shot_scenarios() -> None:
    """Login scenarios (their set-up logs in) are the single-shot table; a login-flow scenario is
    rate-limited when its examples spend calls of a field that carries ``@rateLimit``; elsewhere a
    trigger is rate-limited exactly when its own field carries ``@rateLimit`` (comments.create)."""
    for rule in default_rules().of_kind("error_code"):
        trigger = rule.data_as(ErrorCode).trigger
        if trigger is None:
            continue
        if trigger.scenario in AUTH_SCENARIOS:
            spends = AUTH_SCENARIOS[trigger.scenario].spends
            assert (spends is not None) == trigger.rate_limited, rule.id
            assert spends is None or logins.limit(spends).calls > 0, rule.id
        elif trigger.scenario in DRAWN or trigger.scenario in SINGLE:
            assert (trigger.scenario in SINGLE) == trigger.rate_limited, rule.id
        else:
            assert trigger.rate_limited == _rate_limited_field(trigger.operation), rule.id


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
