"""The comment error codes' scenarios (8002-8006) on a run-created page; ``test_comment_codes``
checks the answers."""

from __future__ import annotations

import time
from collections.abc import Callable

from hypothesis import strategies as st

from harness.client import Exchange, HttpClient
from harness.targets import Target
from harness.wikijs_rate_limits import sdl_limits
from specs.model import FieldRateLimit, PermissionModel, Trigger
from suites.oracles import explain
from suites.wikijs import pages, sandbox
from suites.wikijs.rule_ids import PERMISSION_MODEL

RATE_LIMIT_RULE = "wikijs.rate_limit.directive"
COMMENT_TOO_SHORT = "wikijs.errors.8003"
CREATE_FIELD = ("CommentMutation", "create")
CREATE = (
    "mutation($page: Int!, $content: String!) { comments { create(pageId: $page, content: $content)"
    f" {{ {pages.RESPONSE_STATUS} id }} }} }}"
)
UPDATE = (
    "mutation($id: Int!, $content: String!) { comments { update(id: $id, content: $content)"
    f" {{ {pages.RESPONSE_STATUS} }} }} }}"
)
DELETE = f"mutation($id: Int!) {{ comments {{ delete(id: $id) {{ {pages.RESPONSE_STATUS} }} }} }}"
LIST = "query($locale: String!, $path: String!) { comments { list(locale: $locale, path: $path) { id } } }"
words = st.from_regex(r"[A-Za-z][a-z]{2,12}", fullmatch=True)
padding = st.text(st.sampled_from(" \t\n"), max_size=3)


def _page(target: Target) -> tuple[int, str]:
    """The run's page for comments, created once per run."""
    if "comment_page" not in target.shared:
        target.shared["comment_page"] = pages.new_page(target, "comments")
    page: tuple[int, str] = target.shared["comment_page"]
    return page


def create(target: Target, client: HttpClient, content: str) -> Exchange:
    """``comments.create`` once the previous create's rate-limit window has closed; a comment it
    makes (wrongly or not) is deleted at the end of the run."""
    directive = target.rules[RATE_LIMIT_RULE].data_as(FieldRateLimit).directive
    window = sdl_limits(directive)[CREATE_FIELD].seconds
    pause = target.shared.get("comment_created_at", -window) + window - time.monotonic()
    if pause > 0:
        time.sleep(pause)
    exchange = client.graphql(CREATE, {"page": _page(target)[0], "content": content})
    target.shared["comment_created_at"] = time.monotonic()
    made = ((exchange.response.json().get("data") or {}).get("comments") or {}).get("create") or {}
    if isinstance(made.get("id"), int):
        comment_id = made["id"]
        target.on_cleanup(f"comment {comment_id}", lambda: _delete(target, comment_id))
    return exchange


def _delete(target: Target, comment_id: int) -> None:
    status = pages.result_of(target.client.graphql(DELETE, {"id": comment_id}), "comments.delete")["responseResult"]
    assert status["succeeded"], f"cleanup of comment {comment_id}: {status}"


def _admin_comment(target: Target) -> int:
    """A comment the administrator posted on the run's page, once per run."""
    if "admin_comment" not in target.shared:
        posted = pages.result_of(create(target, target.client, "conformance comment"), "comments.create")
        assert posted["responseResult"]["succeeded"], f"setting up a comment: {posted}"
        target.shared["admin_comment"] = posted["id"]
    comment_id: int = target.shared["admin_comment"]
    return comment_id


def _comment_rule_denied(target: Target, trigger: Trigger, data: st.DataObject) -> Exchange:
    roles = target.rules[PERMISSION_MODEL].data_as(PermissionModel).page_rule_roles
    writer, _ = sandbox.restricted_writer(target, roles)
    text = data.draw(words, label="content")
    if trigger.operation == "comments.create":
        return create(target, writer, text)
    if trigger.operation == "comments.update":
        return writer.graphql(UPDATE, {"id": _admin_comment(target), "content": text})
    if trigger.operation == "comments.list":
        return writer.graphql(LIST, {"locale": "en", "path": _page(target)[1]})
    raise AssertionError(f"no comment_rule_denied scenario for {trigger.operation}")


def _padded_text(data: st.DataObject, length: int) -> str:
    """Drawn text of ``length`` once trimmed, in the Basic Multilingual Plane (the 2.5 server counts
    UTF-16 units), with drawn whitespace around it."""
    core = data.draw(
        st.text(st.characters(categories=("L", "N", "P"), max_codepoint=0xFFFF), min_size=length, max_size=length),
        label="text",
    )
    return data.draw(padding, label="before") + core + data.draw(padding, label="after")


def _comment_too_short(target: Target, trigger: Trigger, data: st.DataObject) -> Exchange:
    """Both sides of the minimum in the rule's one example (comments.create is rate limited): a
    comment exactly at it must be accepted, then the one shorter, returned, must be refused."""
    minimum = trigger.limits["min_length"]
    at_minimum = create(target, target.client, _padded_text(data, minimum))
    status = pages.result_of(at_minimum, trigger.operation).get("responseResult") or {}
    # success only: its slug and message are the ResponseStatus rule's, checked by its own tests
    assert status.get("succeeded") is True, explain(
        target.rules[COMMENT_TOO_SHORT], at_minimum, f"a comment of exactly {minimum} characters is accepted"
    )
    length = data.draw(st.integers(min_value=0, max_value=minimum - 1), label="trimmed length")
    return create(target, target.client, _padded_text(data, length))


def _missing_comment(target: Target, trigger: Trigger, data: st.DataObject) -> Exchange:
    return target.client.graphql(DELETE, {"id": pages.NONEXISTENT_PAGE_ID})


SCENARIOS: dict[str, Callable[[Target, Trigger, st.DataObject], Exchange]] = {
    "comment_rule_denied": _comment_rule_denied,
    "comment_too_short": _comment_too_short,
    "missing_comment": _missing_comment,
}
