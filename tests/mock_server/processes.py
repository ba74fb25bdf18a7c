"""A ``python -m mock_server`` process for a test: started on a free port, its listening line
awaited, stopped with SIGTERM; and a GraphQL POST to it with the tests' token."""

from __future__ import annotations

import json
import select
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 30
SECRET = "s3cr3t-t0ken"


@contextmanager
def running(arguments: Sequence[str], stderr: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """Start the mock, wait for its listening line, stop it with SIGTERM at the end."""
    with (
        stderr.open("w") as errors,
        subprocess.Popen(
            [sys.executable, "-m", "mock_server", *arguments, "--port", "0"],
            cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=errors, text=True,
        ) as process,
    ):  # fmt: skip
        try:
            assert process.stdout is not None
            ready, _, _ = select.select([process.stdout], [], [], START_TIMEOUT_S)
            assert ready, "no listening line"
            line = process.stdout.readline()
            assert line.startswith("mock_server listening on http://127.0.0.1:"), line
            yield process, line.split(" on ", 1)[1].strip()
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=START_TIMEOUT_S)


def post(url: str, document: str, variables: dict[str, object] | None = None) -> object:
    request = urllib.request.Request(
        url + f"?token={SECRET}",
        data=json.dumps({"query": document, "variables": variables}).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {SECRET}"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())
