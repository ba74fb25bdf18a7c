"""A pre-imported parent that forks one child pytest per request: ``python -m tests.forkserver``.

The meta-tests run a child pytest per mock fault, about 150 per CI run. Each fresh interpreter
spent more than a second importing pytest, hypothesis, graphql-core, aiohttp and the rule loader
before doing any work, close to half of a child's CPU time on a two-core machine. This server
imports them once; each request forks a child that calls ``pytest.main`` with them already
loaded. Only third-party packages, ``specs`` and the mock (which the children fork,
``tests/mockfork.py``) are preloaded: the conformance plugin and the suites are imported by the
child, so pytest still rewrites their assertions as in a fresh process.

Protocol, one JSON object per line: the client writes ``{"args", "cwd", "env", "stdout",
"stderr"}``; the server answers ``{"pid": n}`` once the child runs (its own session, so the
client can kill the group) and ``{"returncode": n}`` once it ended. End of input stops the server.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any, TextIO

PRELOADED = (
    "pytest",
    "_pytest.python",
    "hypothesis",
    "graphql",
    "aiohttp",
    "yaml",
    "jsonschema",
    "specs",
    "mock_server.cli",
)


def _child(request: dict[str, Any]) -> int:
    """Runs in the forked process: its own session, environment, directory and output files."""
    os.setsid()
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.dont_write_bytecode = "PYTHONDONTWRITEBYTECODE" in os.environ
    streams = ((0, os.devnull, os.O_RDONLY), (1, request["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC))
    for fd, path, flags in (*streams, (2, request["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)):
        target = os.open(path, flags, 0o644)
        os.dup2(target, fd)
        os.close(target)
    sys.argv = ["pytest", *request["args"]]
    import pytest

    try:
        return int(pytest.main(request["args"]))
    finally:
        sys.stdout.flush()
        sys.stderr.flush()


def _answer(out: TextIO, **message: int) -> None:
    out.write(json.dumps(message) + "\n")
    out.flush()


def serve(requests: TextIO, answers: TextIO) -> None:
    """One request at a time: a worker of the outer pytest runs one test, so one child, at once."""
    for line in requests:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                code = _child(request)
            finally:
                os._exit(code)
        _answer(answers, pid=pid)
        _, status = os.waitpid(pid, 0)
        _answer(answers, returncode=os.waitstatus_to_exitcode(status))


def _warm() -> None:
    """Fill the per-process caches of an app's build (the parsed Wiki.js SDL, the checked Kontent.ai
    sample model) before forking, so each forked mock does not fill them anew (0.3 s each)."""
    from mock_server.kontent.sample import sample_model
    from mock_server.wikijs.schema import wikijs_schema

    wikijs_schema()
    sample_model()


def main() -> None:
    for module in PRELOADED:
        __import__(module)
    _warm()
    # The protocol owns the real stdout; stray prints of preloaded modules must not corrupt it.
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    serve(sys.stdin, answers)


if __name__ == "__main__":
    main()
