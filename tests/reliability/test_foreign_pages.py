"""A live run with ``--allow-writes`` leaves other people's pages alone and nothing behind.

The target is a Wiki.js mock (on a ``--data-dir``) that already holds "someone else's" pages,
some with paths close to the run prefix, each with tags and history. The Wiki.js suites run
against it through ``--target-url`` as against a live wiki; afterwards its database must hold
the same pages with the same content, tags and history, and every page path the run ever wrote
(history keeps the paths of deleted pages) must lie under ``conformance/<one run id>/``.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from harness.targets import RUN_PREFIX_ROOT, SUITE_KEY_VARIABLE
from reliability.mock import MockUnderTest
from reliability.wiki import PageState, create, update
from suites import profiles

FOREIGN = ("home-of-someone", "team/notes", "conformance", "conformance-archive/x", f"{RUN_PREFIX_ROOT}/old-run/kept")
LIVE_OPTIONS = ("--max-rate", "1000", "--request-budget", "200000", "--hypothesis-profile", profiles.LIVE)
"""A loopback target: no need for the live defaults' pacing. The check is what the run's writes
touch, which every suite's first examples already do: the profile a live run gets by default
(few examples, page writes fewest, no shrinking), not the 40 examples of CI's default profile."""


def _snapshot(database: Path) -> dict[str, Any]:
    with sqlite3.connect(database) as db:
        pages = {row[0]: row[1:] for row in db.execute("SELECT path, content, tags, updatedAt, title FROM pages")}
        history = sorted(db.execute("SELECT pageId, action, path, content, versionDate FROM page_history"))
    return {"pages": pages, "history": history}


@pytest.mark.slow
@pytest.mark.long(seconds=80)
def test_a_live_run_leaves_foreign_pages_untouched(tmp_path: Path) -> None:
    mock = MockUnderTest("wikijs", data_dir=tmp_path / "wiki", log_file=tmp_path / "mock.log")
    url = mock.start()
    try:
        for number, path in enumerate(FOREIGN):
            page_id = create(url, mock.token, path, PageState(f"theirs {number}", frozenset({"theirs", f"t{number}"})))
            update(url, mock.token, page_id, PageState(f"theirs {number}, edited", frozenset({"theirs"})))
        before = _snapshot(tmp_path / "wiki" / "wiki.sqlite")
        reports = ("--report-dir", str(tmp_path / "reports"))
        command = [sys.executable, "-m", "pytest", "suites/wikijs", "-p", "no:cacheprovider", "-q", "--api", "wikijs",
                   "--target-url", url, "--allow-writes", *LIVE_OPTIONS, *reports]  # fmt: skip
        environment = {**os.environ, SUITE_KEY_VARIABLE: mock.token or ""}
        run = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=1800, check=False)
    finally:
        mock.stop()
    after = _snapshot(tmp_path / "wiki" / "wiki.sqlite")
    assert after["pages"] == before["pages"], run.stdout[-3000:]
    assert set(before["history"]) <= set(after["history"])
    foreign_ids = {row[0] for row in before["history"]}
    new_rows = set(after["history"]) - set(before["history"])
    assert not [row for row in new_rows if row[0] in foreign_ids]
    written = {row[2] for row in new_rows}
    run_ids = {path.split("/")[1] for path in written if path.startswith(f"{RUN_PREFIX_ROOT}/")}
    assert len(run_ids) == 1, (written, run.stdout[-3000:])
    prefix = f"{RUN_PREFIX_ROOT}/{run_ids.pop()}/"
    assert [path for path in written if not path.startswith(prefix)] == []
