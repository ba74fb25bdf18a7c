"""Stateful pages: a hypothesis state machine creates, updates, moves, deletes and restores pages and
reads their history; after every step list, single, singleByPath, history, tree and search must agree
with the model, and every ResponseStatus must be the one the model predicts. A restore of a version
at another path moves the page back (two history rows), or answers 6006 when that path is taken.

Page names come from a small pool so that creates collide (6002), moves land on taken paths (6006)
and deletes hit deleted pages (6003). Titles never equal a path segment, so a move leaves them be;
every title starts with a word unique to the machine run, the word search looks for.

The same steps run twice, because a failed test fails every rule it names: once naming only the
ResponseStatus rule (every status as documented; list, single, singleByPath), so that an
implementation with another success status fails on that rule alone, and once naming the page-read
rules (history, tree, search, restore), where a status is only checked for success or the predicted code.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, rule, run_state_machine_as_test

from harness.client import Exchange
from harness.targets import Target
from specs.model import ErrorCode, PageHistory, PageHistoryActions, PageRestore, ResponseStatus
from suites.oracles import explain
from suites.profiles import page_writing_examples
from suites.wikijs import pages
from suites.wikijs.rule_ids import PAGE_RESTORE
from suites.wikijs.status import STATUS_RULE, check_query_error, check_status

DUPLICATE, MISSING, EMPTY, COLLISION = (
    "wikijs.errors.6002",
    "wikijs.errors.6003",
    "wikijs.errors.6004",
    "wikijs.errors.6006",
)
NAMES = st.sampled_from(["alpha", "beta", "gamma", "delta"])
TEXTS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=60).filter(
    str.strip
)
HISTORY_RULE, TREE_RULE, SEARCH_RULE = "wikijs.pages.history", "wikijs.pages.tree", "wikijs.pages.search"
ACTIONS_RULE = "wikijs.pages.history_actions"
STEPS = 12
"""Steps per machine run: each is followed by a full comparison, a few requests per live page."""
STEM_LENGTH = 12


@dataclass
class Version:
    title: str
    content: str
    path: str


@dataclass
class Page:
    id: int
    path: str
    title: str
    content: str
    live: bool = True
    versions: dict[int, Version] = field(default_factory=dict)
    """History rows by version id: the page as it was before each update, move and restore."""


Checker = Callable[[Exchange, str, int | None], None]
"""Checks a mutation's ResponseStatus: (exchange, operation, expected error code or None)."""


def strict(target: Target) -> Checker:
    def check(exchange: Exchange, operation: str, code: int | None) -> None:
        check_status(target, exchange, operation, code)

    return check


def outcome_only(target: Target) -> Checker:
    """Success or the predicted code, whatever the slug and message: those are the status rule's."""
    success = target.rules[STATUS_RULE].data_as(ResponseStatus).success

    def check(exchange: Exchange, operation: str, code: int | None) -> None:
        status = pages.result_of(exchange, operation).get("responseResult") or {}
        wanted = (code is None, success.errorCode if code is None else code)
        got = (status.get("succeeded"), status.get("errorCode"))
        assert got == wanted, explain(target.rules[STATUS_RULE], exchange, f"{operation}: expected {wanted}, got {got}")

    return check


class PageMachine(RuleBasedStateMachine):
    """One run's pages live under their own folder of the run prefix; :func:`page_machine` binds
    the target and the status check."""

    target: Target
    check: Checker
    created = Bundle("pages")

    def __init__(self) -> None:
        super().__init__()
        self.base = self.target.unique_path("machine")
        self.stem = "w" + hashlib.sha1(self.base.encode()).hexdigest()[:STEM_LENGTH]
        self.pages: dict[int, Page] = {}
        self.restored_fields = self.target.rules[PAGE_RESTORE].data_as(PageRestore).fields

    def code(self, rule_id: str) -> int:
        return self.target.rules[rule_id].data_as(ErrorCode).code

    def title(self, text: str) -> str:
        return f"T{self.stem} {text}"

    def live_at(self, path: str) -> Page | None:
        return next((p for p in self.pages.values() if p.live and p.path == path), None)

    def record(self, page: Page, rule_id: str, *rows: Version) -> None:
        """Learn the ids of the history rows the last action wrote (the newest of the trail),
        oldest first: ``rows`` are what they hold."""
        trail = self.target.client.graphql_data(pages.HISTORY, {"id": page.id})["pages"]["history"]["trail"]
        new = sorted(row["versionId"] for row in trail if row["versionId"] not in page.versions)
        assert len(new) == len(rows), explain(
            self.target.rules[rule_id],
            self.target.client.journal[-1],
            f"expected {len(rows)} new history rows, got {new}",
        )
        page.versions.update(zip(new, rows, strict=True))

    @rule(target=created, name=NAMES, title=TEXTS, content=TEXTS)
    def create(self, name: str, title: str, content: str) -> int:
        path = f"{self.base}/{name}"
        exchange = pages.create_and_track(self.target, pages.NewPage(path, self.title(title), content))
        if self.live_at(path) is not None:
            self.check(exchange, "pages.create", self.code(DUPLICATE))
            return -1
        self.check(exchange, "pages.create", None)
        page_id: int = pages.result_of(exchange, "pages.create")["page"]["id"]
        self.pages[page_id] = Page(page_id, path, self.title(title), content)
        return page_id

    @rule(page_id=created, title=TEXTS, content=st.one_of(TEXTS, st.sampled_from(["", " ", "\n"])))
    def update(self, page_id: int, title: str, content: str) -> None:
        page = self.pages.get(page_id)
        if page is None or not page.live:
            return  # an update of a missing page is not the documented 6003 on 2.5.314 (errorCode 1)
        exchange = pages.update(self.target.client, page_id, content, self.title(title))
        if not content.strip():
            self.check(exchange, "pages.update", self.code(EMPTY))
            return
        self.check(exchange, "pages.update", None)
        self.record(page, HISTORY_RULE, self.now(page))
        page.title, page.content = self.title(title), content

    @staticmethod
    def now(page: Page) -> Version:
        """The page as the model holds it: what the history row of its next action holds."""
        return Version(page.title, page.content, page.path)

    @rule(page_id=created, name=NAMES)
    def move(self, page_id: int, name: str) -> None:
        page = self.pages.get(page_id)
        if page is None or not page.live:
            return
        destination = f"{self.base}/{name}"
        exchange = pages.move(self.target.client, page_id, destination)
        if self.live_at(destination) is not None:
            self.check(exchange, "pages.move", self.code(COLLISION))
            return
        self.check(exchange, "pages.move", None)
        self.record(page, HISTORY_RULE, self.now(page))
        page.path = destination

    @rule(page_id=consumes(created))
    def delete(self, page_id: int) -> None:
        page = self.pages.get(page_id)
        exchange = pages.delete(self.target, page_id if page is not None else pages.NONEXISTENT_PAGE_ID)
        if page is None or not page.live:
            self.check(exchange, "pages.delete", self.code(MISSING))
            return
        self.check(exchange, "pages.delete", None)
        page.live = False

    @rule(page_id=created, pick=st.integers(min_value=0))
    def restore(self, page_id: int, pick: int) -> None:
        """The version's title and content come back, then its path (the restore rule): a
        second history row and a move, or 6006 with the page left where it is."""
        page = self.pages.get(page_id)
        if page is None or not page.live or not page.versions:
            return
        version_id = sorted(page.versions)[pick % len(page.versions)]
        version = page.versions[version_id]
        moving = "path" in self.restored_fields and version.path != page.path
        taken = moving and self.live_at(version.path) is not None
        exchange = pages.restore(self.target.client, page_id, version_id)
        self.check(exchange, "pages.restore", self.code(COLLISION) if taken else None)
        rows = [self.now(page)]
        if "title" in self.restored_fields:
            page.title = version.title
        if "content" in self.restored_fields:
            page.content = version.content
        if moving and not taken:
            rows.append(self.now(page))
            page.path = version.path
        self.record(page, PAGE_RESTORE, *rows)

    def live(self) -> list[Page]:
        return [p for p in self.pages.values() if p.live]

    def problem(self, rule_id: str, exchange: Exchange, text: str) -> str:
        return explain(self.target.rules[rule_id], exchange, f"model and target disagree: {text}")


def page_machine(target: Target, check: Checker) -> type[PageMachine]:
    """The machine against ``target``, its statuses held to ``check``."""
    bound: type[PageMachine] = type(
        "BoundPageMachine", (PageMachine,), {"target": target, "check": staticmethod(check)}
    )
    return bound


def status_machine(target: Target) -> type[RuleBasedStateMachine]:
    """Every status as documented; list, single and singleByPath after every step."""

    class StatusMachine(page_machine(target, strict(target))):  # type: ignore[misc]
        @invariant()
        def listing_agrees(self) -> None:
            exchange = pages.listing(target.client)
            listed = {item["id"] for item in exchange.response.json()["data"]["pages"]["list"]
                      if item["path"].startswith(self.base + "/")}  # fmt: skip
            expected = {p.id for p in self.live()}
            assert listed == expected, self.problem(
                STATUS_RULE, exchange, f"list shows {sorted(listed)}, model {sorted(expected)}"
            )

        @invariant()
        def every_page_agrees(self) -> None:
            for page in self.pages.values():
                if not page.live:
                    check_query_error(target, pages.single(target.client, page.id), self.code(MISSING))
                    continue
                exchange = pages.single(target.client, page.id)
                got = exchange.response.json()["data"]["pages"]["single"] or {}
                wanted = {"id": page.id, "path": page.path, "title": page.title, "content": page.content}
                assert {k: got.get(k) for k in wanted} == wanted, self.problem(
                    STATUS_RULE, exchange, f"single != {wanted}"
                )
                exchange = pages.by_path(target.client, page.path)
                found = (exchange.response.json()["data"]["pages"]["singleByPath"] or {}).get("id")
                assert found == page.id, self.problem(STATUS_RULE, exchange, f"singleByPath({page.path!r}) is {found}")

    return StatusMachine


def expected_actions(page: Page, names: Mapping[str, str]) -> dict[int, tuple[str, str | None, str | None]]:
    """The rule's actionType of each version the model knows: the oldest is ``first``, a version
    whose path differs from the next older one is ``moved`` (from that path to its own)."""
    expected: dict[int, tuple[str, str | None, str | None]] = {}
    older: Version | None = None
    for version_id in sorted(page.versions):
        version = page.versions[version_id]
        if older is None:
            expected[version_id] = (names["first"], None, None)
        elif older.path != version.path:
            expected[version_id] = (names["moved"], older.path, version.path)
        else:
            expected[version_id] = (names["other"], None, None)
        older = version
    return expected


def reads_machine(target: Target) -> type[RuleBasedStateMachine]:
    """History, tree and search after every step."""
    newest_first = target.rules[HISTORY_RULE].data_as(PageHistory).order == "newest_first"
    names = target.rules[ACTIONS_RULE].data_as(PageHistoryActions).actions

    class ReadsMachine(page_machine(target, outcome_only(target))):  # type: ignore[misc]
        @invariant()
        def history_agrees(self) -> None:
            """Every version the model knows, none else, in the rule's order."""
            for page in self.live():
                exchange = pages.history(target.client, page.id)
                found = exchange.response.json()["data"]["pages"]["history"]
                listed = [row["versionId"] for row in found["trail"]]
                wanted = sorted(page.versions, reverse=newest_first)
                assert (listed, found["total"]) == (wanted, len(wanted)), self.problem(
                    HISTORY_RULE, exchange, f"trail {listed} (total {found['total']}), model {wanted}"
                )
                actions = {row["versionId"]: pages.trail_action(row) for row in found["trail"]}
                expected = expected_actions(page, names)
                assert actions == expected, self.problem(
                    ACTIONS_RULE, exchange, f"actionType/valueBefore/valueAfter {actions}, model {expected}"
                )

        @invariant()
        def tree_agrees(self) -> None:
            """The run's folder holds exactly the live pages, each a page node with its title."""
            exchange = pages.tree(target.client, self.base)
            folder = next((n for n in pages.tree_nodes(exchange) if n["path"] == self.base), None)
            children: list[dict[str, Any]] = []
            if folder is not None:
                exchange = pages.tree(target.client, parent=folder["id"])
                children = pages.tree_nodes(exchange)
            shown = {(n["path"], n["pageId"], n["title"], n["isFolder"]) for n in children}
            wanted = {(p.path, p.id, p.title, False) for p in self.live()}
            assert shown == wanted, self.problem(TREE_RULE, exchange, f"tree shows {shown}, model {wanted}")

        @invariant()
        def search_agrees(self) -> None:
            """The run's title word finds exactly the live pages, as they now are."""
            exchange = pages.search(target.client, self.stem, self.base)
            hits = {(hit["id"], hit["path"], hit["title"]) for hit in pages.search_results(exchange)}
            wanted = {(str(p.id), p.path, p.title) for p in self.live()}
            assert hits == wanted, self.problem(SEARCH_RULE, exchange, f"search finds {hits}, model {wanted}")

    return ReadsMachine


def run(machine: type[RuleBasedStateMachine]) -> None:
    steps = settings(settings.default, stateful_step_count=STEPS, max_examples=page_writing_examples())
    run_state_machine_as_test(machine, settings=steps)


@pytest.mark.rule(STATUS_RULE)
@pytest.mark.usefixtures("writable")
def test_pages_follow_the_model(wikijs: Target) -> None:
    run(status_machine(wikijs))


@pytest.mark.rule(HISTORY_RULE, ACTIONS_RULE, TREE_RULE, SEARCH_RULE, PAGE_RESTORE)
@pytest.mark.usefixtures("writable")
def test_history_tree_and_search_follow_the_model(wikijs: Target) -> None:
    run(reads_machine(wikijs))
