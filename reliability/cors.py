"""The CORS campaign: every route of each mock, with allowed, foreign and tricky ``Origin`` headers,
as simple requests and as preflights; the mocks run as configured (Wiki.js without and with
``--cors``, Kontent.ai as its ``kontent.http.cors`` rule says).

A violation is an answer that grants an origin the configuration does not allow (its own
value or ``*`` in ``Access-Control-Allow-Origin``), any ``Access-Control-*`` header where CORS
is off, credentials allowed, or a 5xx.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from mock_server.http.cors import ANY_ORIGIN
from reliability.calls import CALL_TIMEOUT_SECONDS
from reliability.mock import MockUnderTest
from reliability.results import MAX_FINDINGS
from specs import default_rules
from specs.model import Cors

CONFIGURED = "http://localhost:5173"
ORIGINS = (
    CONFIGURED, "http://evil.example", "null", CONFIGURED + ".evil.example", "http://localhost:5174",
    CONFIGURED.upper(), "https://localhost:5173", CONFIGURED + "/", "*",
)  # fmt: skip
"""The configured origin, foreign ones and near misses (suffix, port, case, scheme, slash, wildcard)."""
ROUTES = ("{endpoint}", "/u", "/healthz", "/missing.png")
METHODS = ("GET", "POST", "OPTIONS")


@dataclass(frozen=True)
class Setup:
    name: str
    api: str
    options: tuple[str, ...]
    allowed: frozenset[str]
    """Origins that may be granted; ``*`` allows any."""


@dataclass
class CorsTally:
    requests: int = 0
    violations: int = 0
    server_errors: int = 0
    findings: list[dict[str, Any]] = field(default_factory=list)

    def note(self, detail: str) -> None:
        if len(self.findings) < MAX_FINDINGS:
            self.findings.append({"what": "cors", "detail": detail})


def setups() -> tuple[Setup, ...]:
    kontent = default_rules()["kontent.http.cors"].data_as(Cors)
    granted = frozenset({kontent.allow_origin or ANY_ORIGIN}) if kontent.enabled else frozenset()
    return (
        Setup("wikijs", "wikijs", (), frozenset()),
        Setup("wikijs --cors", "wikijs", ("--cors", CONFIGURED), frozenset({CONFIGURED})),
        Setup("kontent", "kontent", (), granted),
    )


def _exchange(url: str, method: str, origin: str) -> tuple[int, dict[str, str]]:
    headers = {"Origin": origin, "Content-Type": "application/json"}
    if method == "OPTIONS":
        headers |= {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    body = b'{"query": "{ __typename }"}' if method == "POST" else None
    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=CALL_TIMEOUT_SECONDS) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}


def judge(setup: Setup, headers: dict[str, str]) -> str | None:
    """What is wrong with one answer's CORS headers, or None. Naming the configured origin to a
    foreign one grants nothing (the browser compares), so only the granted value is judged."""
    cors = {name: value for name, value in headers.items() if name.startswith("access-control-")}
    if not setup.allowed:
        return f"CORS is off but the answer has {sorted(cors)}" if cors else None
    if cors.get("access-control-allow-credentials", "").lower() == "true":
        return "credentials allowed"
    granted = cors.get("access-control-allow-origin")
    if granted is None or granted in setup.allowed or ANY_ORIGIN in setup.allowed:
        return None
    return f"granted {granted!r}"


def run_setup(setup: Setup, tally: CorsTally, work_dir: Path) -> int:
    mock = MockUnderTest(setup.api, options=setup.options, log_file=work_dir / f"mock-{setup.api}.log")
    url = mock.start()
    parts = urlsplit(url)
    try:
        for route in ROUTES:
            path = route.format(endpoint=parts.path)
            target = urlunsplit((parts.scheme, parts.netloc, path, "", ""))
            for method in METHODS:
                for origin in ORIGINS:
                    status, headers = _exchange(target, method, origin)
                    tally.requests += 1
                    if status >= 500:
                        tally.server_errors += 1
                        tally.note(f"{setup.name}: {method} {path} Origin {origin!r}: HTTP {status}")
                    elif problem := judge(setup, headers):
                        tally.violations += 1
                        tally.note(f"{setup.name}: {method} {path} Origin {origin!r}: {problem}")
    finally:
        mock.stop()
    return mock.peak_rss


def run_cors(work_dir: Path) -> tuple[dict[str, Any], dict[str, bool]]:
    tally = CorsTally()
    started = time.monotonic()
    peak = max(run_setup(setup, tally, work_dir) for setup in setups())
    figures = {
        "setups": [setup.name for setup in setups()],
        "requests": tally.requests,
        "violations": tally.violations,
        "5xx": tally.server_errors,
        "peak_rss_bytes": peak,
        "seconds": round(time.monotonic() - started, 1),
        "findings": tally.findings,
    }
    return figures, {"CORS only as configured": tally.violations == 0, "no 5xx": tally.server_errors == 0}
