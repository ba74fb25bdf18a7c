"""What the client tests share: a missing third-party install fails under ``CI`` (where the tox
set-up installs everything) and skips elsewhere, subprocesses run with a time limit, and mocks
are served on a loopback port for clients in other processes."""

from __future__ import annotations

import asyncio
import os
import subprocess
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest
from aiohttp import web

from clients.packages import marker
from mock_server.http.server import ENDPOINT_PATH

SUBPROCESS_TIMEOUT_S = 60.0


def require(directory: Path, what: str) -> None:
    if marker(directory).is_file():
        return
    message = f"{what} is not installed in {directory}: run `python -m clients.install`"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def run(
    command: list[str], environment: Mapping[str, str], stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_TIMEOUT_S,
        check=False,
        env={**environment},
    )


@contextmanager
def serving(app: web.Application) -> Iterator[str]:
    """The endpoint URL of ``app`` served from a thread (its clients are other processes)."""
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(app, access_log=None)
    loop.run_until_complete(runner.setup())
    site = web.TCPSite(runner, "127.0.0.1", 0)
    loop.run_until_complete(site.start())
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}{app[ENDPOINT_PATH]}"
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        loop.run_until_complete(runner.cleanup())
        loop.close()
