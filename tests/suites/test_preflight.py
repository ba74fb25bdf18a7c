"""The checks before any test: a mistyped ``--rule`` and an unusable ``--target-url`` are one usage error."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from harness.secrets import Redactor
from specs import default_rules
from suites.preflight import PROBE_TIMEOUT_SECONDS, target_problem, unknown_rules
from tests.meta import REPO_ROOT

EXIT_USAGE_ERROR = 4


def test_a_known_rule_passes_and_a_typo_names_the_closest_ids() -> None:
    known = default_rules().rules.keys()
    assert unknown_rules(["kontent.query.complexity"], known) is None
    problem = unknown_rules(["kontent.query.complexty", "nothing.like.it.at.all"], known)
    assert problem is not None
    typo, unrelated = problem.splitlines()
    assert "kontent.query.complexty" in typo and "did you mean kontent.query.complexity" in typo
    assert "nothing.like.it.at.all" in unrelated and "no rule id is close" in unrelated


class _Handler(BaseHTTPRequestHandler):
    """Answers like a web server that is not a GraphQL endpoint, or never answers at all."""

    def do_POST(self) -> None:
        if self.path == "/stall":
            time.sleep(PROBE_TIMEOUT_SECONDS + 2)
            return
        body = b"<html>not here</html>" if self.path == "/html" else b'{"data": {"__typename": "Query"}}'
        self.send_response(404 if self.path == "/html" else 200)
        self.send_header("Content-Type", "text/html" if self.path == "/html" else "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_graphql_endpoint_passes(server: str) -> None:
    assert target_problem(f"{server}/graphql", Redactor(())) is None


@pytest.mark.parametrize(
    ("path", "expected"),
    [("/html", "does not speak GraphQL: POST '{ __typename }' was answered 404 text/html"), ("/stall", "timed out")],
)
def test_a_url_that_is_no_graphql_endpoint_is_named(server: str, path: str, expected: str) -> None:
    problem = target_problem(f"{server}{path}", Redactor(()))
    assert problem is not None and expected in problem


def test_an_unreachable_target_stops_the_run_before_any_test() -> None:
    url = f"http://127.0.0.1:{_closed_port()}/graphql"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "suites", "-p", "no:cacheprovider", "--api=wikijs", f"--target-url={url}"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == EXIT_USAGE_ERROR, result.stdout + result.stderr
    assert f"--target-url {url} cannot be reached" in result.stderr
    assert "passed" not in result.stdout and "failed" not in result.stdout
