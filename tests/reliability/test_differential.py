"""The differential campaign's own parts: normalisation, comparison, and a few drawn sequences
sent to two mocks that emulate the same release (which must agree)."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from reliability.differential import Differential, Server, Tally, clean_up
from reliability.documents import draw
from reliability.excused import EXCUSED_FIELDS
from reliability.normalize import UNORDERED, Answer, differences, normalize, scope, split_excused
from reliability.sequence_pages import OLDEST_VERSION, SHARED_PAGE, shared_page
from reliability.sequence_steps import ROOTS, Step
from reliability.sequences import sequences


def _json(body: object, status: int = 200) -> Answer:
    return Answer(status, "application/json; charset=utf-8", json.dumps(body).encode())


def test_ids_dates_hashes_and_tokens_are_taken_out() -> None:
    real = {
        "data": {
            "page": {"id": 12, "pageId": 3, "createdAt": "2026-12-07T15:00:01.123Z", "hash": "ab" * 20},
            "login": {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOjF9.c2lnbmF0dXJl", "continuationToken": "x1"},
            "item": {"id": "9d2c3a8e-6f0b-4c51-9a57-0d6c1e4b7f21", "label": "Home"},
        }
    }
    mock = {
        "data": {
            "page": {"id": 4, "pageId": 7, "createdAt": "2024-01-15T10:00:00.000Z", "hash": "cd" * 20},
            "login": {"jwt": "eyJ0eXAiOiJKV1QifQ.eyJzdWIiOjJ9.b3RoZXI", "continuationToken": "y2"},
            "item": {"id": "0f0f0f0f-0000-4000-8000-000000000000", "label": "Home"},
        }
    }
    assert differences(normalize(_json(real)), normalize(_json(mock))) == []


def test_rate_limit_waits_and_stack_traces_are_taken_out() -> None:
    trace = {"stacktrace": ["Error: at /srv/wiki/server/x.js:1"]}
    real = {"errors": [{"message": "Too many requests, please try again in 41 seconds.", "extensions": {
        "code": "INTERNAL_SERVER_ERROR", "exception": trace}}]}  # fmt: skip
    mock = {"errors": [{"message": "Too many requests, please try again in 60 seconds.", "extensions": {
        "code": "INTERNAL_SERVER_ERROR"}}]}  # fmt: skip
    assert differences(normalize(_json(real)), normalize(_json(mock))) == []


def test_messages_statuses_and_media_types_are_compared() -> None:
    real = Answer(400, "text/html; charset=utf-8", b"GET query missing.")
    mock = Answer(400, "application/json; charset=utf-8", b'{"errors": [{"message": "GET query missing."}]}')
    assert differences(normalize(real), normalize(mock)) == ["body", "content_type"]
    worded = _json({"errors": [{"message": 'Cannot query field "x" on type "Y".'}]}, 400)
    core = _json({"errors": [{"message": "Cannot query field 'x' on type 'Y'."}]}, 400)
    assert differences(normalize(worded), normalize(core)) == ["body.errors.0.message"]
    assert differences(normalize(worded), normalize(_json({"errors": []}, 400))) == ["body.errors"]


def test_lists_keep_only_the_sandbox_objects_when_scoped() -> None:
    listed = {"data": {"groups": {"list": [{"id": 1, "name": "Administrators"}, {"id": 9, "name": "diff-a-1-group1"}]}}}
    assert scope(listed, "diff-a-1") == {"data": {"groups": {"list": [{"id": 9, "name": "diff-a-1-group1"}]}}}
    other = {"data": {"groups": {"list": [{"id": 5, "name": "diff-a-1-group1"}, {"id": 3, "name": "API Writers"}]}}}
    assert differences(normalize(_json(listed), "diff-a-1"), normalize(_json(other), "diff-a-1")) == []


def test_an_unordered_list_is_compared_as_a_set() -> None:
    """groups.list has no ORDER BY on the real server: storage order is not compared, content is."""
    storage_order = [(7, "s-group3"), (5, "s-group1-x"), (6, "s-group2")]
    groups = [{"id": number, "name": name} for number, name in storage_order]
    real = Answer(200, "application/json", json.dumps({"data": {"groups": {"list": groups}}}).encode())
    by_id = [{"id": number, "name": name} for number, name in sorted(storage_order)]
    mock = Answer(200, "application/json", json.dumps({"data": {"groups": {"list": by_id}}}).encode())
    assert "groups.list" in UNORDERED
    assert not differences(normalize(real, "s-", unordered=True), normalize(mock, "s-", unordered=True))
    assert differences(normalize(real, "s-"), normalize(mock, "s-")), "an ordered comparison sees the order"
    renamed = [{**group, "name": "s-group9"} if group["id"] == 6 else group for group in by_id]
    changed = Answer(200, "application/json", json.dumps({"data": {"groups": {"list": renamed}}}).encode())
    assert differences(normalize(real, "s-", unordered=True), normalize(changed, "s-", unordered=True))


def test_only_the_fields_excused_for_an_operation_are_taken_out_of_the_count() -> None:
    fields = EXCUSED_FIELDS["system.extensions"]
    paths = ["body.data.system.extensions.0.isInstalled", "body.data.system.extensions.1.description"]
    assert split_excused(paths, fields) == ([], [fields["isInstalled"], fields["description"]])
    assert split_excused([*paths, "body.data.system.extensions.0.title"], fields)[0] == [
        "body.data.system.extensions.0.title"
    ]
    assert split_excused(["body.data.system.extensions"], fields) == (["body.data.system.extensions"], [])


def _extensions(*installed: bool, title: str = "Git") -> Answer:
    listed = [{"key": "git", "title": title, "description": "x", "isInstalled": flag} for flag in installed]
    return _json({"data": {"system": {"extensions": listed}}})


@pytest.mark.parametrize(
    ("mock", "counted", "excused"),
    [(_extensions(False), 0, 1), (_extensions(False, title="Gît"), 1, 0), (_extensions(True, True), 1, 0)],
)
def test_a_difference_only_in_excused_fields_is_listed_with_a_reason(mock: Answer, counted: int, excused: int) -> None:
    step = Step("system", "system.extensions", "query { system { extensions { key } } }")
    real = _extensions(True)
    tally = Tally()
    tally.note(step, b"{}", real, mock, differences(normalize(real), normalize(mock)))
    assert (tally.differing, tally.excused_count) == (counted, excused)
    listed = tally.excused if excused else tally.kinds
    assert ("reason" in next(iter(listed.values()))) is bool(excused)


def test_the_clean_up_deletes_what_a_sequence_bound() -> None:
    ops = [step.op for step in clean_up(["made-page0", "made-user0", "group3", "made-key0", SHARED_PAGE.name, "user1"])]
    assert sorted(ops) == sorted(
        ["pages.delete", "pages.delete", "users.delete", "groups.delete", "authentication.revokeApiKey"]
    )


def test_the_oldest_version_is_the_first_made_whatever_the_trail_order() -> None:
    """2.5.314 lists versions of one date in no fixed order: a bind by place named a different
    version on each server."""
    server = Server("http://127.0.0.1:1/graphql", "key")
    trail = [{"versionId": v} for v in (380, 379, 375, 378, 373)]
    server.bind(("v", OLDEST_VERSION), _json({"data": {"pages": {"history": {"trail": trail}}}}))
    assert server.ids["v"] == 373
    server.bind(("none", OLDEST_VERSION), _json({"data": {"pages": {"history": None}}}))
    server.bind(("empty", OLDEST_VERSION), _json({"data": {"pages": {"history": {"trail": []}}}}))
    assert "none" not in server.ids and "empty" not in server.ids


def test_drawn_sequences_reach_every_root_field() -> None:
    plans = draw(sequences("diff-t", itertools.count(1)), 100, 0)
    assert {step.root for plan in plans for step in plan.steps} == set(ROOTS)


@pytest.fixture(scope="module")
def two_mocks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, str | None]]:
    from reliability.mock import MockUnderTest

    work = tmp_path_factory.mktemp("differential")
    first = MockUnderTest("wikijs", emulate="2.5.314", log_file=Path(work) / "first.log")
    second = MockUnderTest("wikijs", emulate="2.5.314", log_file=Path(work) / "second.log")
    first.start()
    try:
        second.start()
        try:
            yield first.url, second.url, first.token
        finally:
            second.stop()
    finally:
        first.stop()


def test_two_mocks_of_the_same_release_agree(two_mocks: tuple[str, str, str | None]) -> None:
    first, second, token = two_mocks
    assert token is not None
    campaign = Differential(Server(first, token), Server(second, token))
    plans = list(draw(sequences("diff-t", itertools.count(1)), 6, 1))
    campaign.run("diff-t", plans)
    assert campaign.tally.sequences == len(plans)
    assert campaign.tally.requests > len(plans)
    assert campaign.tally.kinds == {}, campaign.tally.kinds


def test_the_shared_page_outlives_the_sequences(two_mocks: tuple[str, str, str | None]) -> None:
    first, second, token = two_mocks
    assert token is not None
    campaign = Differential(Server(first, token), Server(second, token))
    campaign.step(shared_page("diff-s"))
    for plan in draw(sequences("diff-s", itertools.count(1)), 2, 2):
        campaign.sequence(plan.steps, plan.stem, plan.folder)
    read = Step("pages", "pages.single", "query($id: Int!) { pages { single(id: $id) { path } } }", {"id": SHARED_PAGE})
    assert json.loads(campaign.real.send(read, None).body)["data"]["pages"]["single"] == {"path": "diff/diff-s/shared"}
