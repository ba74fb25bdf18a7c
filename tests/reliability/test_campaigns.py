"""The crash check's own power and the admin session's recovery. Small runs of every campaign with
their goals are the tox env ``reliability`` (``python -m reliability ci``), which CI runs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mock_server.wikijs.samples import ADMIN_USER_ID
from reliability import bounded, crash
from reliability.__main__ import run_bounded
from reliability.calls import CallError, call
from reliability.crash import CrashTally, Ledger, check
from reliability.mock import MockUnderTest
from reliability.rekey import ADMIN_ONLY, LOGIN, Rekeyer
from reliability.wiki import PageState


def _stored(monkeypatch: pytest.MonkeyPatch, chain: list[str], tags: frozenset[str]) -> None:
    monkeypatch.setattr(crash, "contents_in_order", lambda url, token, page_id: chain)
    monkeypatch.setattr(crash, "read", lambda url, token, page_id: PageState(chain[-1], tags))


@pytest.mark.parametrize(
    ("chain", "tags", "lost", "corrupt"),
    [
        (["a", "b"], frozenset({"t"}), 0, 0),
        (["a"], frozenset({"t"}), 1, 0),  # the acknowledged update "b" is gone
        (["a", "b", "x"], frozenset({"t"}), 0, 1),  # a content nobody wrote
        (["a", "b"], frozenset({"u"}), 0, 1),  # tags of no write
        (["a", "b", "c"], frozenset({"v"}), 0, 0),  # the write in flight committed
    ],
)
def test_the_crash_check_counts_lost_and_corrupt_pages(
    monkeypatch: pytest.MonkeyPatch, chain: list[str], tags: frozenset[str], lost: int, corrupt: int
) -> None:
    ledger = Ledger({1: [PageState("a", frozenset({"s"})), PageState("b", frozenset({"t"}))]})
    ledger.in_flight = (1, PageState("c", frozenset({"v"})))
    tally = CrashTally()
    _stored(monkeypatch, chain, tags)
    check("http://unused", None, ledger, tally)
    assert (tally.lost, tally.corrupt) == (lost, corrupt)


@pytest.mark.parametrize(
    ("stored", "lost", "corrupt"),
    [
        ({7: "b", 8: "c"}, 0, 0),
        ({7: "b", 8: "c", 9: "new"}, 0, 0),  # the creation in flight committed
        ({8: "c"}, 1, 0),  # the acknowledged comment 7 is gone
        ({7: "a", 8: "c"}, 0, 1),  # comment 7 lost its acknowledged update
        ({7: "b", 8: "c", 9: "x"}, 0, 1),  # a comment nobody wrote
    ],
)
def test_the_crash_check_counts_lost_and_corrupt_comments(
    monkeypatch: pytest.MonkeyPatch, stored: dict[int, str], lost: int, corrupt: int
) -> None:
    ledger = Ledger(paths={1: "reliability/p"}, comments={7: (1, "b"), 8: (1, "c")})
    ledger.comment_in_flight = (None, 1, "new")
    monkeypatch.setattr(crash, "comments", lambda url, token, path: dict(stored))
    tally = CrashTally()
    crash.check_comments("http://unused", None, ledger, tally)
    assert (tally.lost, tally.corrupt) == (lost, corrupt)


@pytest.fixture
def wiki() -> Iterator[tuple[MockUnderTest, Rekeyer]]:
    """A Wiki.js mock and the campaign's operator sessions, logged in."""
    mock = MockUnderTest("wikijs")
    mock.start()
    try:
        rekeyer = mock.rekeyer()
        assert rekeyer is not None and rekeyer.session
        yield mock, rekeyer
        assert mock.starts == 1
    finally:
        mock.stop()


REVOKE_AND_DISABLE = (
    "mutation { authentication { revokeApiKey(id: 1) { responseResult { succeeded } }"
    " setApiState(enabled: false) { responseResult { succeeded } } } }"
)


@pytest.mark.slow
def test_the_admin_session_gets_api_access_back_without_a_restart(wiki: tuple[MockUnderTest, Rekeyer]) -> None:
    mock, rekeyer = wiki
    call(mock.url, mock.token, REVOKE_AND_DISABLE)
    with pytest.raises(CallError, match="API is disabled"):
        call(mock.url, mock.token, "{ __typename }")
    key = rekeyer.new_key()
    assert key is not None, rekeyer.failure
    assert call(mock.url, key, "{ authentication { apiState } }") == {"authentication": {"apiState": True}}


REGENERATE = "mutation { authentication { regenerateCertificates { responseResult { succeeded } } } }"
MAX_LOGINS = 100
"""Only a bound for filling the login window, whatever its size."""


@pytest.mark.slow
def test_a_regenerated_secret_and_a_full_login_window_need_no_restart(wiki: tuple[MockUnderTest, Rekeyer]) -> None:
    """The admin's session no longer verifies, and the fuzzed logins have filled the login window
    of the campaign's address: the operator logs in again from its own address."""
    mock, rekeyer = wiki
    call(mock.url, mock.token, REGENERATE)
    with pytest.raises(CallError, match="Forbidden"):
        call(mock.url, rekeyer.session, ADMIN_ONLY)
    credentials = {"user": rekeyer.email, "password": rekeyer.password}
    logins = (call(mock.url, None, LOGIN, credentials)["authentication"]["login"] for _ in range(MAX_LOGINS))
    assert any(login["jwt"] is None for login in logins), "the campaign's address was never refused a login"
    key = rekeyer.new_key()
    assert key is not None, rekeyer.failure
    assert "apiKeys" in call(mock.url, key, ADMIN_ONLY)["authentication"]


ORPHAN_ADMIN = (
    f"mutation {{ users {{ update(id: {ADMIN_USER_ID}, groups: []) {{ responseResult {{ succeeded }} }} }} }}"
)


@pytest.mark.slow
def test_an_admin_taken_out_of_every_group_leaves_the_second_administrator(wiki: tuple[MockUnderTest, Rekeyer]) -> None:
    """The real server lets ``users.update`` empty the first admin's groups; its session is then
    refused everything, and the administrator the campaign added at the start takes over."""
    mock, rekeyer = wiki
    assert len(rekeyer.operators) == 2
    call(mock.url, mock.token, ORPHAN_ADMIN)
    with pytest.raises(CallError, match="Forbidden"):
        call(mock.url, rekeyer.session, ADMIN_ONLY)
    key = rekeyer.new_key()
    assert key is not None, rekeyer.failure
    assert "apiKeys" in call(mock.url, key, ADMIN_ONLY)["authentication"]


def test_the_bounded_runs_go_apart_and_each_failure_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Runs are processes of their own, two at a time: their output comes in the runs' order and
    every failed run is named."""
    monkeypatch.setattr(bounded, "RUNS", {"first": ("no-such-campaign",), "second": ("table",)})
    assert run_bounded(tmp_path) == 1
    printed = capsys.readouterr().out
    assert printed.index("invalid choice: 'no-such-campaign'") < printed.index("unrecognized arguments: --out")
    assert "GOAL MISSED in no-such-campaign, table" in printed
    assert (tmp_path / bounded.SUMMARY).exists()
