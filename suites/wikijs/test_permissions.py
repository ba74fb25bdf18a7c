"""Permissions: hypothesis draws a group (scopes and page rules), the suite creates it and an API key
for it through the API, runs page operations in the example's sandbox with that key, and compares
every allowed or refused answer with the local model (:mod:`suites.wikijs.access_model`).

Page-rule paths are drawn from a few paths of the sandbox, so rules of equal length and different
match types meet often: that is where precedence mistakes show.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.client import Exchange, HttpClient
from harness.targets import Target
from specs.model import AccessDenial, ErrorCode, PermissionModel
from suites.oracles import explain
from suites.profiles import page_writing_examples
from suites.wikijs import pages, sandbox
from suites.wikijs.access_model import ALLOWED, AUTH, PAGE, Group, verdict
from suites.wikijs.rule_ids import AUTH_DENIED, PERMISSION_MODEL
from suites.wikijs.status import check_query_error, check_status, is_mutation

LOCALE = "en"
OTHER_LOCALE = "xx"


@st.composite
def groups(draw: st.DrawFn, model: PermissionModel, base: str, page: str) -> Group:
    ordinary = [scope for scope in model.scopes if scope != model.system_scope]
    permissions = draw(st.sets(st.sampled_from(ordinary), max_size=len(ordinary)), label="scopes")
    if draw(st.booleans(), label="every page role?"):  # else page checks rarely get past @auth
        permissions |= set(model.page_rule_roles)
    if draw(st.integers(0, 9), label="system scope?") == 0:
        permissions.add(model.system_scope)
    roles = st.sampled_from(model.page_rule_roles)
    rule = st.fixed_dictionaries(
        {
            "match": st.sampled_from(model.match_priority),
            "path": st.sampled_from([page, page, base, page.rsplit("/", 1)[-1]]),
            "deny": st.booleans(),
            "roles": st.one_of(st.just(list(model.page_rule_roles)), st.lists(roles, min_size=1, unique=True)),
            "locales": st.sampled_from([[], [LOCALE], [OTHER_LOCALE]]),
        }
    )
    rules = draw(st.lists(rule, min_size=1, max_size=4), label="page rules")
    if draw(st.booleans(), label="a tie to settle?"):
        # Two rules on the page's own path that differ in match type and in deny: only the
        # match priority decides between them.
        matching = [m for m in model.match_priority if m != "TAG"]
        first, second = draw(st.lists(st.sampled_from(matching), min_size=2, max_size=2, unique=True), label="tie")
        deny = draw(st.booleans(), label="first denies")
        everything = list(model.page_rule_roles)
        rules += [
            {"match": first, "path": page, "deny": deny, "roles": everything, "locales": []},
            {"match": second, "path": page, "deny": not deny, "roles": everything, "locales": []},
        ]
    return Group(frozenset(permissions), tuple({"id": f"r{i}", **r} for i, r in enumerate(rules)))


def carried_out(exchange: Exchange, operation: str) -> bool:
    """Whether the target did it: a succeeded ResponseStatus, or a query answered without errors."""
    document = exchange.response.json()
    if is_mutation(exchange):
        namespace, name = operation.split(".")
        payload = ((document.get("data") or {}).get(namespace) or {}).get(name) or {}
        return bool((payload.get("responseResult") or {}).get("succeeded"))
    return not document.get("errors")


def check_answer(target: Target, exchange: Exchange, operation: str, expected: str, *, strict: bool) -> bool:
    """The answer is the one the model predicts; True when the operation was carried out. Not
    ``strict``: only allowed versus refused (the model's rule); ``strict``: also how a refusal reads
    (the access-denial rule) and that a success is the documented status."""
    denial = target.rules[AUTH_DENIED].data_as(AccessDenial)
    rule = target.rules[PERMISSION_MODEL]
    if not strict:
        done = carried_out(exchange, operation)
        assert done == (expected == ALLOWED), explain(
            rule, exchange, f"the model {'allows' if expected == ALLOWED else 'refuses'} {operation} ({expected})"
        )
        return done
    if expected == ALLOWED:
        if is_mutation(exchange):
            check_status(target, exchange, operation)
        else:
            document = exchange.response.json()
            assert not document.get("errors"), explain(rule, exchange, f"the model allows {operation}")
        return True
    codes = denial.page_rule_codes if expected == PAGE else denial.mutation_codes
    code_rule = codes.get(operation)
    if expected == AUTH and (not is_mutation(exchange) or denial.mutation_failures == "graphql_error"):
        code_rule = None
    if code_rule is None:
        messages = [e.get("message") for e in exchange.response.json().get("errors") or []]
        assert messages == [denial.forbidden], explain(
            rule, exchange, f"the model refuses {operation} by @auth: expected one error {denial.forbidden!r}"
        )
        return False
    code = target.rules[code_rule].data_as(ErrorCode).code
    if is_mutation(exchange):
        status = pages.result_of(exchange, operation).get("responseResult") or {}
        assert not status.get("succeeded"), explain(rule, exchange, f"the model refuses {operation} ({expected})")
        check_status(target, exchange, operation, code)
    else:
        check_query_error(target, exchange, code)
    return False


@pytest.mark.parametrize(
    "strict",
    [
        pytest.param(False, marks=pytest.mark.rule(PERMISSION_MODEL)),
        pytest.param(True, marks=pytest.mark.rule(AUTH_DENIED)),
    ],
)
@pytest.mark.usefixtures("writable")
@settings(max_examples=page_writing_examples())
@given(data=st.data())
def test_a_drawn_group_gets_what_the_model_predicts(wikijs: Target, data: st.DataObject, strict: bool) -> None:
    model = wikijs.rules[PERMISSION_MODEL].data_as(PermissionModel)
    base = wikijs.unique_path("perm")
    path, moved = f"{base}/doc", f"{base}/moved"
    group = data.draw(groups(model, base, path), label="group")
    group_id = sandbox.create_group(wikijs, sorted(group.permissions), group.page_rules)
    _, key = sandbox.create_key(wikijs, group_id)
    as_key = dataclasses.replace(wikijs, client=key)

    expected = verdict(model, group, "pages.create", LOCALE, path)
    exchange = pages.create(as_key, pages.NewPage(path, "doc", "text"))
    payload = ((exchange.response.json().get("data") or {}).get("pages") or {}).get("create") or {}
    made: dict[str, Any] = payload.get("page") or {}
    if isinstance(made.get("id"), int):
        pages.track_page(wikijs, made["id"], path)
    if not check_answer(wikijs, exchange, "pages.create", expected, strict=strict):
        made = pages.result_of(pages.create_and_track(wikijs, pages.NewPage(path, "doc", "text")), "pages.create")
        made = made["page"]
    page_id: int = made["id"]

    _check_listing(wikijs, key, model, group, path, page_id, strict)
    single = pages.single(key, page_id, "id")
    check_answer(wikijs, single, "pages.single", verdict(model, group, "pages.single", LOCALE, path), strict=strict)
    history = pages.history(key, page_id)
    expected = verdict(model, group, "pages.history", LOCALE, path)
    check_answer(wikijs, history, "pages.history", expected, strict=strict)
    update = pages.update(key, page_id, "changed by the sandbox key", "doc")
    expected = verdict(model, group, "pages.update", LOCALE, path)
    check_answer(wikijs, update, "pages.update", expected, strict=strict)
    expected = verdict(model, group, "pages.move", LOCALE, path, moved)
    if check_answer(wikijs, pages.move(key, page_id, moved), "pages.move", expected, strict=strict):
        path = moved
    expected = verdict(model, group, "pages.delete", LOCALE, path)
    check_answer(wikijs, pages.delete(as_key, page_id), "pages.delete", expected, strict=strict)


def _check_listing(
    target: Target, key: HttpClient, model: PermissionModel, group: Group, path: str, page_id: int, strict: bool
) -> None:
    expected = verdict(model, group, "pages.list", LOCALE, path)
    exchange = pages.listing(key)
    if expected == AUTH:
        check_answer(target, exchange, "pages.list", AUTH, strict=strict)
        return
    listed = {item["id"] for item in (exchange.response.json().get("data") or {})["pages"]["list"]}
    assert (page_id in listed) == (expected == ALLOWED), explain(
        target.rules[PERMISSION_MODEL], exchange, f"the model {'shows' if expected == ALLOWED else 'hides'} page {path}"
    )
