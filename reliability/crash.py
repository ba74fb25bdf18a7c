"""The crash campaign: ``kill -9`` the Wiki.js mock at random moments during a stream of
acknowledged writes, restart it on the same ``--data-dir`` and check every acknowledged write.

One writer sends page creations, page updates (content and tags) and comment creations and
updates one after another, so the acknowledged order is the order the store must show: per page,
the history versions followed by the current content must start with exactly the acknowledged
contents, with at most one more (the write in flight when the process died, which may or may not
have committed); every acknowledged comment must be listed under its page with its last
acknowledged content, and no comment nobody acknowledged may appear but the one in flight.
"""

from __future__ import annotations

import random
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from http.client import HTTPException
from pathlib import Path
from typing import Any

from mock_server.wikijs.database import DB_FILE
from reliability.calls import CallError
from reliability.mock import MockUnderTest
from reliability.results import MAX_FINDINGS
from reliability.wiki import (
    PageState,
    comments,
    contents_in_order,
    create,
    create_comment,
    read,
    update,
    update_comment,
)

TAGS = ("red", "green", "blue", "crash")
MAX_KILL_DELAY_SECONDS = 1.0
NEW_PAGE_SHARE = 0.3
COMMENT_SHARE = 0.3
NEW_COMMENT_SHARE = 0.4
"""Of the comment writes on a page that has comments already, the share that adds another."""
COMMENTER_ADDRESSES = 250
"""``comments.create`` allows one call per client address in its window: each new comment comes
from the next of these loopback addresses (127.0.1.1, 127.0.1.2, ...), as from many readers."""


@dataclass
class Ledger:
    """What the server acknowledged, per page id; ``in_flight`` is the write sent last."""

    acknowledged: dict[int, list[PageState]] = field(default_factory=dict)
    in_flight: tuple[int | None, PageState] | None = None
    writes: int = 0
    paths: dict[int, str] = field(default_factory=dict)
    comments: dict[int, tuple[int, str]] = field(default_factory=dict)
    """Comment id -> (page id, last acknowledged content)."""
    comment_in_flight: tuple[int | None, int, str] | None = None
    """(comment id, or None for a creation; page id; content) of the comment write sent last."""
    commenters: int = 0

    def commenter(self) -> str:
        self.commenters += 1
        return f"127.0.1.{1 + self.commenters % COMMENTER_ADDRESSES}"


@dataclass
class CrashTally:
    rounds: int = 0
    acknowledged_writes: int = 0
    lost: int = 0
    corrupt: int = 0
    findings: list[str] = field(default_factory=list)

    def note(self, what: str) -> None:
        if len(self.findings) < MAX_FINDINGS:
            self.findings.append(what)


def _write_page(url: str, token: str | None, ledger: Ledger, target: int | None, path: str, state: PageState) -> None:
    ledger.in_flight, ledger.comment_in_flight = (target, state), None
    if target is None:
        page_id = create(url, token, path, state)
        ledger.acknowledged[page_id] = [state]
        ledger.paths[page_id] = path
    else:
        update(url, token, target, state)
        ledger.acknowledged[target].append(state)


def _write_comment(url: str, token: str | None, ledger: Ledger, page_id: int, content: str, rng: random.Random) -> None:
    mine = [comment_id for comment_id, (page, _) in ledger.comments.items() if page == page_id]
    comment_id = rng.choice(mine) if mine and rng.random() >= NEW_COMMENT_SHARE else None
    ledger.in_flight, ledger.comment_in_flight = None, (comment_id, page_id, content)
    if comment_id is None:
        comment_id = create_comment(url, token, page_id, content, ledger.commenter())
    else:
        update_comment(url, token, comment_id, content)
    ledger.comments[comment_id] = (page_id, content)


def write_until_failure(url: str, token: str | None, ledger: Ledger, rng: random.Random, label: str) -> None:
    """Write until the server stops answering (it is killed); only acknowledged writes are booked."""
    sequence = 0
    while True:
        sequence += 1
        content = f"{label}-{sequence}"
        draw = rng.random()
        page = None if not ledger.acknowledged or draw < NEW_PAGE_SHARE else rng.choice(list(ledger.acknowledged))
        try:
            if page is not None and draw < NEW_PAGE_SHARE + COMMENT_SHARE:
                _write_comment(url, token, ledger, page, content, rng)
            else:
                state = PageState(content, frozenset(rng.sample(TAGS, rng.randrange(1, len(TAGS)))))
                _write_page(url, token, ledger, page, f"reliability/{content}", state)
        except (CallError, OSError, HTTPException, ValueError):  # ValueError: a body cut by the kill
            return
        ledger.writes += 1


def integrity(data_dir: Path) -> str:
    """SQLite's own check of the file the killed process left (WAL recovery included)."""
    db = sqlite3.connect(data_dir / DB_FILE)
    try:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        db.close()


def check(url: str, token: str | None, ledger: Ledger, tally: CrashTally) -> None:
    in_flight_page, in_flight_state = ledger.in_flight or (None, None)
    for page_id, states in ledger.acknowledged.items():
        expected = [state.content for state in states]
        chain = contents_in_order(url, token, page_id)
        extra = chain[len(expected) :]
        if chain[: len(expected)] != expected:
            tally.lost += 1
            tally.note(f"page {page_id}: acknowledged {expected[-3:]}, stored {chain[-3:]}")
            continue
        allowed_extra = [in_flight_state.content] if in_flight_state and in_flight_page == page_id else []
        if extra not in ([], allowed_extra):
            tally.corrupt += 1
            tally.note(f"page {page_id}: unacknowledged contents {extra[:3]} stored")
            continue
        current = read(url, token, page_id)
        final = in_flight_state if extra and in_flight_state else states[-1]
        if current is None or current.tags != final.tags:
            tally.corrupt += 1
            tally.note(f"page {page_id}: tags {current and sorted(current.tags)}, expected {sorted(final.tags)}")
        elif extra and in_flight_state is not None:
            states.append(in_flight_state)  # committed before the kill: later rounds expect it too
    ledger.in_flight = None
    check_comments(url, token, ledger, tally)


def check_comments(url: str, token: str | None, ledger: Ledger, tally: CrashTally) -> None:
    in_flight = ledger.comment_in_flight
    pages = {page for page, _ in ledger.comments.values()} | ({in_flight[1]} if in_flight else set())
    stored = {
        comment_id: (page_id, content)
        for page_id in sorted(pages)
        for comment_id, content in comments(url, token, ledger.paths[page_id]).items()
    }
    for comment_id, (page_id, content) in list(ledger.comments.items()):
        found = stored.pop(comment_id, None)
        if found is None:
            tally.lost += 1
            tally.note(f"comment {comment_id} of page {page_id}: acknowledged {content!r}, not stored")
        elif found[1] == content:
            continue
        elif in_flight and in_flight[0] == comment_id and found[1] == in_flight[2]:
            ledger.comments[comment_id] = found  # the update in flight committed
        else:
            tally.corrupt += 1
            tally.note(f"comment {comment_id}: acknowledged {content!r}, stored {found[1]!r}")
    for comment_id, (page_id, content) in stored.items():
        if in_flight and in_flight[0] is None and in_flight[1] == page_id and content == in_flight[2]:
            ledger.comments[comment_id] = (page_id, content)  # the creation in flight committed
            in_flight = None
        else:
            tally.corrupt += 1
            tally.note(f"comment {comment_id} of page {page_id}: {content!r} was never acknowledged")
    ledger.comment_in_flight = None


def run_crash(rounds: int, seed: int, work_dir: Path) -> tuple[dict[str, Any], dict[str, bool]]:
    rng = random.Random(seed)
    data_dir = work_dir / "data"
    mock = MockUnderTest("wikijs", data_dir=data_dir, log_file=work_dir / "mock-wikijs.log")
    ledger, tally = Ledger(), CrashTally()
    started = time.monotonic()
    for round_number in range(rounds):
        url = mock.start()
        check(url, mock.token, ledger, tally)
        writer = threading.Thread(
            target=write_until_failure, args=(url, mock.token, ledger, random.Random(rng.random()), f"r{round_number}")
        )
        writer.start()
        time.sleep(rng.uniform(0, MAX_KILL_DELAY_SECONDS))
        mock.kill()
        writer.join()
        tally.rounds += 1
        if (verdict := integrity(data_dir)) != "ok":
            tally.corrupt += 1
            tally.note(f"round {round_number}: integrity_check says {verdict}")
    url = mock.start()
    try:
        check(url, mock.token, ledger, tally)
    finally:
        mock.stop()
    tally.acknowledged_writes = ledger.writes
    figures = {
        "api": "wikijs",
        "seed": seed,
        "rounds": tally.rounds,
        "acknowledged_writes": tally.acknowledged_writes,
        "pages": len(ledger.acknowledged),
        "comments": len(ledger.comments),
        "lost": tally.lost,
        "corrupt": tally.corrupt,
        "peak_rss_bytes": mock.peak_rss,
        "seconds": round(time.monotonic() - started, 1),
        "findings": tally.findings,
    }
    goals = {
        "no lost write": tally.lost == 0,
        "no corrupt store": tally.corrupt == 0,
        "writes were made": ledger.writes > 0,
    }
    return figures, goals
