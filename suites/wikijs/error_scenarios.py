"""The pages, users and login scenarios of the error codes: each acts out a rule's
``trigger.scenario`` (drawn inputs, or one example each where the operation is rate-limited);
``test_error_codes`` checks the answers against the error table."""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Callable

import pytest
from hypothesis import strategies as st

from harness.client import Exchange
from harness.requests import Style
from harness.targets import Target
from specs.model import PermissionModel, Trigger
from suites.wikijs import pages, sandbox
from suites.wikijs.rule_ids import PERMISSION_MODEL

slugs = st.from_regex(r"[a-z][a-z0-9]{0,15}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
names = st.from_regex(r"[a-z][a-z0-9]{1,12}", fullmatch=True)
no_at = st.text(st.characters(codec="ascii", categories=("L", "N"), include_characters="._-"), min_size=1, max_size=20)
USER = "{ users { list { id isSystem } } }"
UPDATE_USER = 'mutation($id: Int!) { users { update(id: $id, name: "conformance") { %s } } }'
DELETE_USER = "mutation($id: Int!) { users { delete(id: $id, replaceId: $id) { %s } } }"
UPDATE_PROFILE = (
    'mutation { users { updateProfile(name: "conformance", location: "", jobTitle: "", timezone: "UTC",'
    ' dateFormat: "", appearance: "") { %s } } }'
)
CHANGE_PASSWORD = (
    "mutation($current: String!, $new: String!) { users { changePassword(current: $current, new: $new) { %s } } }"
)
NONEXISTENT_USER_ID = pages.NONEXISTENT_PAGE_ID


def _password() -> str:
    return "Cf-" + secrets.token_urlsafe(12)


# ---- pages ----------------------------------------------------------------------------------


def _duplicate_path(target: Target, trigger: Trigger, data: st.DataObject, style: Style) -> Exchange:
    path = target.unique_path(data.draw(slugs, label="slug"))
    pages.create_and_track(target, pages.NewPage(path, "first", "first"), style)
    variant = data.draw(st.sampled_from([path, f"/{path}", f"{path}/"]), label="same path")
    return pages.create_and_track(target, pages.NewPage(variant, "second", "second"), style)


def _missing_id(target: Target, trigger: Trigger, data: st.DataObject, style: Style) -> Exchange:
    return pages.delete(target, pages.NONEXISTENT_PAGE_ID, style)


def _empty_content(target: Target, trigger: Trigger, data: st.DataObject, style: Style) -> Exchange:
    path = target.unique_path(data.draw(slugs, label="slug"))
    content = data.draw(st.sampled_from(trigger.values["content"]), label="content")
    return pages.create_and_track(target, pages.NewPage(path, "empty", content), style)


def _illegal_path(target: Target, trigger: Trigger, data: st.DataObject, style: Style) -> Exchange:
    path = target.unique_path(data.draw(slugs, label="slug"))
    fragment = data.draw(st.sampled_from(trigger.values["path_fragments"]), label="fragment")
    cut = data.draw(st.integers(min_value=len(target.run_prefix) + 1, max_value=len(path) - 1), label="position")
    return pages.create_and_track(target, pages.NewPage(path[:cut] + fragment + path[cut:], "illegal", "body"), style)


def _move_collision(target: Target, trigger: Trigger, data: st.DataObject, style: Style) -> Exchange:
    page_id, path = pages.new_page(target, data.draw(slugs, label="slug"))
    onto_itself = data.draw(st.booleans(), label="onto its own path")
    destination = path if onto_itself else pages.new_page(target, "occupied")[1]
    return pages.move(target.client, page_id, destination)


def _page_rule_denied(target: Target, trigger: Trigger, data: st.DataObject, style: Style) -> Exchange:
    roles = target.rules[PERMISSION_MODEL].data_as(PermissionModel).page_rule_roles
    writer, open_path = sandbox.restricted_writer(target, roles)
    name = data.draw(names, label="page")
    operation = trigger.operation
    if operation == "pages.create":
        path = target.unique_path(f"locked-{name}")
        exchange = pages.create(dataclasses.replace(target, client=writer), pages.NewPage(path, name, "text"), style)
        made = pages.result_of(exchange, operation).get("page") or {}
        if isinstance(made.get("id"), int):  # wrongly created: the admin removes it
            pages.track_page(target, made["id"], path)
        return exchange
    page_id, _ = pages.new_page(target, f"locked-{name}")
    if operation == "pages.update":
        return pages.update(writer, page_id, "changed", name)
    if operation == "pages.move":
        return pages.move(writer, page_id, f"{open_path}/{name}-{target.counter}")
    if operation == "pages.delete":
        return pages.delete(dataclasses.replace(target, client=writer), page_id, style)
    if operation == "pages.restore":
        updated = pages.result_of(pages.update(target.client, page_id, "second version", name), "pages.update")
        assert updated["responseResult"]["succeeded"], f"setting up a version of page {page_id}: {updated}"
        trail = target.client.graphql_data(pages.HISTORY, {"id": page_id})["pages"]["history"]["trail"]
        assert trail, f"no history after an update of page {page_id}"
        return pages.restore(writer, page_id, trail[0]["versionId"])
    if operation == "pages.history":
        return pages.history(writer, page_id)
    if operation == "pages.single":
        return pages.single(writer, page_id)
    raise AssertionError(f"no page_rule_denied scenario for {operation}")


# ---- users ----------------------------------------------------------------------------------


def _duplicate_email(target: Target, trigger: Trigger, data: st.DataObject, style: Style) -> Exchange:
    email = sandbox.user_email(target, data.draw(names, label="user"))
    created = sandbox.create_user(target, email, _password())
    assert created["responseResult"]["succeeded"], f"setting up user {email}: {created}"
    sandbox.create_user(target, email, _password())
    return target.client.journal[-1]


def _malformed_email(target: Target, trigger: Trigger, data: st.DataObject, style: Style) -> Exchange:
    # Every address carries the run's marker, so a wrongly created user is still found and removed.
    bad = data.draw(st.sampled_from(trigger.values["emails"]) | no_at, label="malformed part")
    sandbox.create_user(target, f"{target.unique_name('user')}-{bad}", _password())
    return target.client.journal[-1]


def _missing_user(target: Target, trigger: Trigger, data: st.DataObject, style: Style) -> Exchange:
    return target.client.graphql(UPDATE_USER % pages.RESPONSE_STATUS, {"id": NONEXISTENT_USER_ID})


def _protected_user(target: Target, trigger: Trigger, data: st.DataObject, style: Style) -> Exchange:
    if not target.embedded:
        pytest.skip("a live wiki's protected accounts are never touched, not even by a refused delete")
    system = [u["id"] for u in target.client.graphql_data(USER)["users"]["list"] if u["isSystem"]]
    victim = data.draw(st.sampled_from(system), label="system account")
    return target.client.graphql(DELETE_USER % pages.RESPONSE_STATUS, {"id": victim})


def _guest_profile(target: Target, trigger: Trigger, data: st.DataObject, style: Style) -> Exchange:
    return target.client.with_headers({}).graphql(UPDATE_PROFILE % pages.RESPONSE_STATUS)


DRAWN: dict[str, Callable[[Target, Trigger, st.DataObject, Style], Exchange]] = {
    "duplicate_path": _duplicate_path,
    "missing_id": _missing_id,
    "empty_content": _empty_content,
    "illegal_path": _illegal_path,
    "move_collision": _move_collision,
    "page_rule_denied": _page_rule_denied,
    "duplicate_email": _duplicate_email,
    "malformed_email": _malformed_email,
    "missing_user": _missing_user,
    "protected_user": _protected_user,
    "guest_profile": _guest_profile,
}


# ---- rate-limited operations: one example each ----------------------------------------------


def _wrong_password(target: Target) -> Exchange:
    result: Exchange = sandbox.log_in(target, sandbox.user_email(target, "nobody"), _password())
    return result


def _unknown_strategy(target: Target) -> Exchange:
    result: Exchange = sandbox.log_in(target, "nobody@conformance.invalid", _password(), target.unique_name("strategy"))
    return result


def _wrong_current_password(target: Target) -> Exchange:
    email, password = sandbox.user_email(target, "pw"), _password()
    created = sandbox.create_user(target, email, password)
    assert created["responseResult"]["succeeded"], f"setting up user {email}: {created}"
    login = sandbox.log_in(target, email, password)
    jwt = (pages.result_of(login, "authentication.login") or {}).get("jwt")
    assert jwt, f"could not log in as {email}: {login.response.text(300)}"
    user = sandbox.bearer(target, jwt)
    return user.graphql(CHANGE_PASSWORD % pages.RESPONSE_STATUS, {"current": password + "-wrong", "new": _password()})


SINGLE: dict[str, Callable[[Target], Exchange]] = {
    "wrong_password": _wrong_password,
    "unknown_strategy": _unknown_strategy,
    "wrong_current_password": _wrong_current_password,
}
