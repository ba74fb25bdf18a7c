"""A sample run and its events (hostile target text included) that the report tests share, and
the parsers that look at a report the way a browser or a Markdown renderer would."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from reports.events import FAILED, PASSED, SKIPPED, OutcomeEvent

HOSTILE = (
    "<script>window.pwned=1</script></td></tr></table><img src=x onerror=alert(1)> "
    "[x](javascript:alert(1)) | pipes | ``` `backticks` **bold** <!-- & &amp;"
)
DOC_HOSTS = {"docs.requarks.io", "kontent.ai", "github.com"}
REPLAY = (
    "python -m pytest -p no:cacheprovider 'suites/http/test_limits.py::test_limit_around[kontent.http.max_body]' "
    "--hypothesis-seed=7 --api=kontent",
    "python3 -m tox -e conformance -- 'suites/http/test_limits.py::test_limit_around[kontent.http.max_body]' "
    "--hypothesis-seed=7 --api=kontent",
)
CURL = "curl -sS -i -X POST -H 'Authorization: Bearer ***' http://127.0.0.1:5000/env"
REPRO = (
    "Replay the test:\n  pytest 'suites/http/test_limits.py::test_limit_around[kontent.http.max_body]' "
    "--hypothesis-seed=7 --api=kontent\nLast request (tokens redacted):\n"
    "  curl -sS -i -X POST -H 'Authorization: Bearer ***' http://127.0.0.1:5000/env"
)
RUN = {
    "apis": ["kontent"],
    "target_url": "http://127.0.0.1:5000/<b>env</b>",
    "implementation": "docs",
    "faults": [],
    "hypothesis_profile": "dev",
    "seed": 7,
    "started": "2026-11-22T00:00:00Z",
    "duration_seconds": 1.0,
    "versions": {"python": "3.11"},
}


def sample_events() -> list[OutcomeEvent]:
    return [
        OutcomeEvent(
            "suites/http/test_limits.py::test_limit_around[kontent.http.max_body]",
            ("kontent.http.max_body",),
            FAILED,
            duration=0.5,
            examples=4,
            requests=4,
            message=f"AssertionError: body {HOSTILE}",
            reproduce=REPRO,
            target=f"http://127.0.0.1:5000/env (embedded mock) {HOSTILE}",
            seed="7",
            example=f"Failing test case: f(x={HOSTILE!r})",
            replay=REPLAY,
            curl=CURL,
            exchange=f"POST http://127.0.0.1:5000/env -> 200 application/json: {HOSTILE!r}",
            failing_check=True,
            diff=f"assert 200 == 413\n  where 200 = status {HOSTILE}",
        ),
        OutcomeEvent("suites/http/test_methods.py::test_get", ("kontent.http.get_query",), PASSED, 0.1, 2, 2, seed="7"),
        OutcomeEvent(
            "suites/http/test_ide.py::test_cors", ("kontent.http.cors",), SKIPPED, 0.0, 0, 0, message=HOSTILE, seed="7"
        ),
    ]


class Structure(HTMLParser):
    """Counts elements the way a browser would parse them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: dict[str, int] = {}
        self.rows: dict[str, int] = {}
        self.in_script = False
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] = self.tags.get(tag, 0) + 1
        values = dict(attrs)
        if tag == "tr" and "data-outcome" in values:
            outcome = values["data-outcome"] or ""
            self.rows[outcome] = self.rows.get(outcome, 0) + 1
        self.in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script:
            self.scripts.append(data)


def outside_code_blocks(markdown: str) -> str:
    """The Markdown text a renderer interprets: fenced blocks (closed by a fence as long) removed."""
    kept: list[str] = []
    fence: str | None = None
    for line in markdown.splitlines():
        match = re.match(r"^(`{3,})", line)
        if fence is None and match:
            fence = match.group(1)
        elif fence is not None and re.fullmatch("`{" + str(len(fence)) + r",}\s*", line):
            fence = None
        elif fence is None:
            kept.append(line)
    assert fence is None, "a code block is never left open"
    return "\n".join(kept)
