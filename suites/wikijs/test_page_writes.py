"""Page writes where the real 2.5.314 server departs from a plain reading of the schema: update with
arguments left out, create with a locale or editor that does not exist, and the tags of a restore.

Each runs on pages of the run's prefix; the refused creates make nothing (a wrongly made page is
tracked and deleted at the end all the same).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from harness.client import Exchange
from harness.targets import Target
from specs.model import ErrorCode, PageRestore, ServedSchema, UnknownReference, UpdateSemantics
from suites.oracles import explain
from suites.wikijs import pages
from suites.wikijs.rule_ids import PAGE_RESTORE, SCHEMA_SERVED
from suites.wikijs.status import check_status

UPDATE_RULE = "wikijs.pages.update_omitted_arguments"
UNKNOWN_RULE = "wikijs.pages.create_unknown_reference"
PLAIN_CODE = 1
"""errorCode of an error without a documented code."""
UNKNOWN_VALUES = {"locale": "xx", "editor": "nope"}
"""A locale no wiki installs and an editor no wiki has (probes P5c, P5d)."""
FIELDS = "id path title content isPublished tags { tag }"
UPDATE = (
    "mutation($id: Int!, $content: String, $title: String, $tags: [String], $isPublished: Boolean, $path: String) "
    "{ pages { update(id: $id, content: $content, title: $title, tags: $tags, isPublished: $isPublished, "
    f"path: $path) {{ {pages.RESPONSE_STATUS} }} }} }}"
)


def update(target: Target, page_id: int, **arguments: Any) -> Exchange:
    """An update sending only ``arguments`` (an argument absent from the variables is omitted)."""
    return target.client.graphql(UPDATE, {"id": page_id, **arguments})


def page_state(target: Target, page_id: int) -> dict[str, Any]:
    found: dict[str, Any] = target.client.graphql_data(pages.SINGLE % FIELDS, {"id": page_id})["pages"]["single"]
    return {**found, "tags": [tag["tag"] for tag in found["tags"]]}


def status_of(exchange: Exchange) -> dict[str, Any]:
    status: dict[str, Any] = pages.result_of(exchange, "pages.update").get("responseResult") or {}
    return status


def succeeded(target: Target, exchange: Exchange) -> None:
    """Success only: slug and message are the ResponseStatus rule's, checked by its own tests."""
    assert status_of(exchange).get("succeeded") is True, explain(
        target.rules[UPDATE_RULE], exchange, "expected success"
    )


def plain_error(target: Target, rule_id: str, exchange: Exchange, slug: str, message: str) -> None:
    wanted = {"succeeded": False, "errorCode": PLAIN_CODE, "slug": slug, "message": message}
    assert status_of(exchange) == wanted, explain(target.rules[rule_id], exchange, f"expected {wanted}")


@pytest.mark.rule(UPDATE_RULE)
@pytest.mark.usefixtures("writable")
def test_update_treats_omitted_arguments_as_the_rule_says(wikijs: Target) -> None:
    rule = wikijs.rules[UPDATE_RULE]
    semantics = rule.data_as(UpdateSemantics)
    path = wikijs.unique_path("update-omitted")
    created = pages.create_and_track(wikijs, pages.NewPage(path, "Before", "v1", tags=("kept",)))
    page_id: int = pages.result_of(created, "pages.create")["page"]["id"]

    exchange = update(wikijs, page_id, content="v2", title="After", tags=["kept"])
    succeeded(wikijs, exchange)
    published = semantics.omitted == "keep" or bool(semantics.reset_values.get("isPublished", True))
    state = page_state(wikijs, page_id)
    assert (state["content"], state["title"], state["isPublished"]) == ("v2", "After", published), explain(
        rule, wikijs.client.journal[-1], f"after an update without isPublished the page is {state}"
    )

    exchange = update(wikijs, page_id, content="v3", isPublished=True)
    if semantics.missing_tags == "plain_error":
        error = semantics.missing_tags_error
        plain_error(wikijs, UPDATE_RULE, exchange, error.slug, error.message)
    else:
        succeeded(wikijs, exchange)
    state = page_state(wikijs, page_id)
    assert (state["content"], state["title"], state["tags"]) == ("v3", "After", ["kept"]), explain(
        rule, wikijs.client.journal[-1], f"after an update without tags and title the page is {state}"
    )

    destination = f"{path}-moved"
    exchange = update(wikijs, page_id, content="v4", title="After", tags=["kept"], isPublished=True, path=destination)
    if semantics.path_without_locale == "plain_error":
        plain_error(wikijs, UPDATE_RULE, exchange, "Error", semantics.path_without_locale_message)
        destination = path
    else:
        succeeded(wikijs, exchange)
    state = page_state(wikijs, page_id)
    assert (state["path"], state["content"]) == (destination, "v4"), explain(
        rule,
        wikijs.client.journal[-1],
        f"after an update with a new path and no locale the page is at {state['path']} with {state['content']!r}",
    )


@pytest.mark.rule(PAGE_RESTORE)
@pytest.mark.usefixtures("writable")
def test_a_restore_brings_back_what_the_rule_says(wikijs: Target) -> None:
    """A tagged page, updated (its tags kept) and moved, then restored to its first version: its
    content comes back, its path too if the rule says so, and its tags stay or go as the rule says.
    (The state machine of ``test_page_lifecycle`` reaches such a restore only by chance.)"""
    rule, restoring = wikijs.rules[PAGE_RESTORE], wikijs.rules[PAGE_RESTORE].data_as(PageRestore)
    path = wikijs.unique_path("restore")
    created = pages.create_and_track(wikijs, pages.NewPage(path, "One", "v1", tags=("kept",)))
    page_id: int = pages.result_of(created, "pages.create")["page"]["id"]
    succeeded(wikijs, update(wikijs, page_id, content="v2", title="Two", tags=["kept"], isPublished=True))
    moved = pages.move(wikijs.client, page_id, f"{path}-moved")
    assert pages.result_of(moved, "pages.move")["responseResult"]["succeeded"], explain(rule, moved, "move failed")
    trail = wikijs.client.graphql_data(pages.HISTORY, {"id": page_id})["pages"]["history"]["trail"]
    assert trail, explain(rule, wikijs.client.journal[-1], "no history row after an update and a move")
    exchange = pages.restore(wikijs.client, page_id, min(row["versionId"] for row in trail))
    assert pages.result_of(exchange, "pages.restore")["responseResult"]["succeeded"], explain(
        rule, exchange, "expected the restore to succeed"
    )
    wanted = (
        "v1",
        path if "path" in restoring.fields else f"{path}-moved",
        [] if "tags" in restoring.cleared else ["kept"],
    )
    state = page_state(wikijs, page_id)
    assert (state["content"], state["path"], state["tags"]) == wanted, explain(
        rule,
        wikijs.client.journal[-1],
        f"after the restore the page is {state}, expected (content, path, tags) {wanted}",
    )


def leaks(target: Target, text: str) -> list[str]:
    served = target.rules[SCHEMA_SERVED].data_as(ServedSchema)
    return [pattern for pattern in served.internal_detail if re.search(pattern, text, re.IGNORECASE | re.MULTILINE)]


@pytest.mark.rule(UNKNOWN_RULE, SCHEMA_SERVED)
@pytest.mark.usefixtures("writable")
def test_create_refuses_an_unknown_locale_or_editor(wikijs: Target) -> None:
    """A leak of SQL in the message fails the served-schema rule too (excused where it deviates)."""
    rule = wikijs.rules[UNKNOWN_RULE]
    unknown = rule.data_as(UnknownReference)
    for argument in unknown.arguments:
        page = pages.NewPage(wikijs.unique_path(f"unknown-{argument}"), "Unknown", "x")
        exchange = pages.create_and_track(wikijs, pages.NewPage(**{**vars(page), argument: UNKNOWN_VALUES[argument]}))
        status = pages.result_of(exchange, unknown.operation).get("responseResult") or {}
        if unknown.answer == "sql_error":
            wanted = {"succeeded": False, "errorCode": PLAIN_CODE, "slug": unknown.sql_error.slug}
            assert {k: status.get(k) for k in wanted} == wanted, explain(rule, exchange, f"expected {wanted}")
            assert status.get("message") == unknown.sql_message(argument), explain(
                rule, exchange, "expected the database's message"
            )
        else:
            check_status(wikijs, exchange, unknown.operation, wikijs.rules[unknown.error_code].data_as(ErrorCode).code)
        found = leaks(wikijs, str(status.get("message")))
        assert not found, explain(wikijs.rules[SCHEMA_SERVED], exchange, f"internal detail in the message: {found}")
