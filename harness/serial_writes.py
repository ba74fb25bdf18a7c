"""Page writes of a run go one at a time across pytest-xdist workers on a live target, and no
request of the run is in flight while one of its tests has the wiki's API switched off.

Wiki.js 2.5.314 rebuilds its page tree inside every page create, move and delete; two of those at
once make the rebuild fail (errorCode 1 with SQL, although the write happened), so two workers
writing pages would make each other's checks fail. A run's own writes must not race each other
unless a test is about concurrency: a file lock in the run's report directory (shared by the
workers) is held from request to answer of every page mutation.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PAGE_MUTATION = re.compile(r"^\s*mutation\b.*\bpages\s*\{", re.DOTALL)
LOCK_NAME = ".page-writes.lock"
API_SWITCH_LOCK_NAME = ".api-switch.lock"


def is_page_write(body: bytes | None) -> bool:
    """A JSON body (or batch) whose operation is a mutation of the ``pages`` namespace."""
    if not body:
        return False
    try:
        payload = json.loads(body)
    except ValueError:
        return False
    operations = payload if isinstance(payload, list) else [payload]
    return any(
        isinstance(operation, dict) and PAGE_MUTATION.search(str(operation.get("query") or ""))
        for operation in operations
    )


@dataclass(frozen=True)
class FileLock:
    """An ``flock`` on a file in the run's report directory: the workers are processes, so only a
    lock the kernel holds for the file orders them."""

    path: Path

    @classmethod
    def in_directory(cls, directory: Path, name: str) -> FileLock:
        directory.mkdir(parents=True, exist_ok=True)
        return cls(directory / name)

    @contextlib.contextmanager
    def held(self, *, shared: bool = False) -> Iterator[None]:
        with self.path.open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


@dataclass(frozen=True)
class PageWriteLock:
    lock: FileLock

    @classmethod
    def in_directory(cls, directory: Path) -> PageWriteLock:
        return cls(FileLock.in_directory(directory, LOCK_NAME))

    @contextlib.contextmanager
    def held_for(self, body: bytes | None) -> Iterator[None]:
        if not is_page_write(body):
            yield
            return
        with self.lock.held():
            yield


@dataclass
class ApiSwitchLock:
    """``--allow-api-switch`` on a live target: every request of every worker holds this lock shared,
    the test that switches the API off holds it exclusively from switching off to switching back on,
    so no other test of the run meets a disabled API. Within that stretch the test's own requests
    (same process) pass without the lock, which they could never get."""

    lock: FileLock
    _exclusive: bool = False

    @classmethod
    def in_directory(cls, directory: Path) -> ApiSwitchLock:
        return cls(FileLock.in_directory(directory, API_SWITCH_LOCK_NAME))

    @contextlib.contextmanager
    def shared(self) -> Iterator[None]:
        if self._exclusive:
            yield
            return
        with self.lock.held(shared=True):
            yield

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        with self.lock.held():
            self._exclusive = True
            try:
                yield
            finally:
                self._exclusive = False
