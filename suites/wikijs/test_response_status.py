"""Every mutation answers a ResponseStatus of the documented shape; error codes match the table."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from specs import Rule
from specs.model import ErrorCode, ResponseStatus, thaw
from suites.oracles import explain
from suites.requests import STYLES, Style
from suites.targets import Target
from suites.wikijs import pages

STATUS_RULE = "wikijs.response_status.shape"
slugs = st.from_regex(r"[a-z][a-z0-9]{0,15}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
titles = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(
    str.strip
)
contents = st.text(min_size=1, max_size=200).filter(str.strip)


def check_status(target: Target, exchange: Any, operation: str, code: int | None = None) -> dict[str, Any]:
    """The ResponseStatus is well-formed; a success or the given error code as documented."""
    rule = target.rules[STATUS_RULE]
    shape = rule.data_as(ResponseStatus)
    assert exchange.response.status == 200, explain(rule, exchange, "mutations answer 200")
    status = pages.result_of(exchange, operation).get("responseResult")
    try:
        jsonschema.validate(status, thaw(shape.schema))
    except jsonschema.ValidationError as exc:
        raise AssertionError(
            explain(rule, exchange, f"responseResult breaks the documented shape: {exc.message}")
        ) from exc
    assert isinstance(status, dict)
    if code is None:
        success = shape.success
        assert status["succeeded"] and status["slug"] == success.slug, explain(
            rule, exchange, f"success slug must be {success.slug!r}"
        )
        message = success.message_for(operation)
        assert message is None or status["message"] == message, explain(
            rule, exchange, f"success message must be {message!r}"
        )
    else:
        error_rule = target.rules[f"wikijs.errors.{code}"]
        error = error_rule.data_as(ErrorCode)
        assert status["errorCode"] == code, explain(error_rule, exchange, f"expected errorCode {code}")
        assert (status["slug"], status["message"]) == (error.slug, error.message), explain(
            error_rule, exchange, f"code {code} must read slug {error.slug!r}, message {error.message!r}"
        )
    return status


@pytest.mark.rule(STATUS_RULE)
@pytest.mark.usefixtures("writable")
@given(slug=slugs, title=titles, content=contents, style=st.sampled_from(STYLES))
def test_success_status_on_create_and_delete(wikijs: Target, slug: str, title: str, content: str, style: Style) -> None:
    page = pages.NewPage(wikijs.unique_path(slug), title, content)
    created = pages.create_and_track(wikijs, page, style)
    check_status(wikijs, created, "pages.create")
    page_id = pages.result_of(created, "pages.create")["page"]["id"]
    check_status(wikijs, pages.delete(wikijs, page_id, style), "pages.delete")


def _trigger(rule: Rule) -> Any:
    trigger = rule.data_as(ErrorCode).trigger
    assert trigger is not None
    return trigger


def _scenario_exchange(target: Target, rule: Rule, data: st.DataObject, style: Style) -> Any:
    trigger = _trigger(rule)
    path = target.unique_path(data.draw(slugs, label="slug"))
    if trigger.scenario == "missing_id":
        return pages.delete(target, pages.NONEXISTENT_PAGE_ID, style)
    if trigger.scenario == "duplicate_path":
        pages.create_and_track(target, pages.NewPage(path, "first", "first"), style)
        variant = data.draw(st.sampled_from([path, f"/{path}", f"{path}/"]), label="same path")
        return pages.create_and_track(target, pages.NewPage(variant, "second", "second"), style)
    if trigger.scenario == "empty_content":
        content = data.draw(st.sampled_from(trigger.values["content"]), label="content")
        return pages.create_and_track(target, pages.NewPage(path, "empty", content), style)
    if trigger.scenario == "illegal_path":
        fragment = data.draw(st.sampled_from(trigger.values["path_fragments"]), label="fragment")
        cut = data.draw(st.integers(min_value=len(target.run_prefix) + 1, max_value=len(path) - 1), label="position")
        return pages.create_and_track(
            target, pages.NewPage(path[:cut] + fragment + path[cut:], "illegal", "body"), style
        )
    raise AssertionError(f"{rule.id}: unknown trigger scenario {trigger.scenario!r}")


@pytest.mark.rule_kind("error_code", where=lambda rule: rule.data.trigger is not None)
@pytest.mark.usefixtures("writable")
@given(data=st.data(), style=st.sampled_from(STYLES))
def test_error_code_trigger(wikijs: Target, rule: Rule, data: st.DataObject, style: Style) -> None:
    exchange = _scenario_exchange(wikijs, rule, data, style)
    check_status(wikijs, exchange, _trigger(rule).operation, rule.data_as(ErrorCode).code)
