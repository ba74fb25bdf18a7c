"""A hostile target cannot script or break the reports, and a planted token reaches no artefact."""

from __future__ import annotations

import asyncio
import html
import json
import re
import secrets
import threading
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp import web

from tests.meta import run_suites, tail
from tests.reports.samples import Structure, outside_code_blocks

HOSTILE = (
    "<script>window.pwned=1</script></td></tr></table></pre></details><img src=x onerror=alert(1)>"
    " [x](javascript:alert(1)) | pipes | ``` `backticks` <!-- **"
)
EXIT_TESTS_FAILED = 1


def _hostile_app() -> web.Application:
    async def answer(request: web.Request) -> web.Response:
        echoed = " ".join(f"{name}={value}" for name, value in request.headers.items())
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        # Valid JSON with GraphQL's `errors` key, so the run gets past the preflight and every
        # hostile string travels into the test events.
        body = json.dumps({"errors": [{"message": f"{HOSTILE} token={token} headers={echoed}"}]})
        return web.Response(
            status=200,
            body=body.encode(),
            headers={"Content-Type": "text/html", "X-Hostile": "<script>window.pwned=1</script> | `x`"},
        )

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", answer)
    return app


@pytest.fixture
def hostile_url() -> Iterator[str]:
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(_hostile_app(), access_log=None)
    loop.run_until_complete(runner.setup())
    site = web.TCPSite(runner, "127.0.0.1", 0)
    loop.run_until_complete(site.start())
    port = runner.addresses[0][1]
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/{uuid.uuid4()}"
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        loop.run_until_complete(runner.cleanup())
        loop.close()


def _artefacts(report_dir: Path) -> dict[Path, str]:
    return {
        path: path.read_text(encoding="utf-8", errors="replace") for path in report_dir.rglob("*") if path.is_file()
    }


def _assert_reports_are_inert(report_dir: Path) -> None:
    page = (report_dir / "report.html").read_text(encoding="utf-8")
    assert "<script>window.pwned" not in page and "<img" not in page
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in page, "the target's answer is shown, escaped"
    structure = Structure()
    structure.feed(page)
    assert structure.tags["script"] == 1 and "pwned" not in "".join(structure.scripts)
    assert structure.tags.get("img", 0) == 0 and structure.tags["table"] == structure.tags["thead"] + 1
    markdown = (report_dir / "summary.md").read_text(encoding="utf-8")
    outside = outside_code_blocks(markdown)
    assert "<script" not in outside and "<img" not in outside and "](javascript:" not in outside
    assert "<script" in markdown, "the target's answer is shown, inside a code block"
    junit = ET.parse(report_dir / "junit.xml").getroot()
    failures = [f.text or "" for f in junit.iter("failure")]
    assert failures and all("curl " in text for text in failures)


def _assert_a_newcomer_finds_the_failure(report_dir: Path) -> None:
    """The failed rule, its doc reference and a curl command are in the first failure; counts agree."""
    summary = json.loads((report_dir / "summary.json").read_text(encoding="utf-8"))
    page = (report_dir / "report.html").read_text(encoding="utf-8")
    first = page[page.index('<section id="failures">') : page.index('<section id="matrix">')]
    rule = summary["rules"]["kontent.http.max_body"]
    assert rule["outcome"] == "failed" and html.escape(rule["source"], quote=False) in first
    assert '<pre class="curl">curl -sS' in first and '<pre class="start-mock">python -m mock_server kontent' in first
    suite = ET.parse(report_dir / "junit.xml").getroot().find("testsuite")
    assert suite is not None and int(suite.get("failures", -1)) == summary["test_totals"]["failed"] > 0
    assert int(suite.get("tests", -1)) == sum(summary["test_totals"].values()) == len(summary["tests"])
    structure = Structure()
    structure.feed(page)
    assert structure.rows == summary["totals"]
    markdown = (report_dir / "summary.md").read_text(encoding="utf-8")
    assert markdown.count("<details><summary>suites/") == summary["test_totals"]["failed"]


@pytest.mark.slow
def test_hostile_target_cannot_script_or_break_the_reports(tmp_path: Path, hostile_url: str) -> None:
    token = "tok_" + secrets.token_hex(16)
    result = run_suites(
        ["--api=kontent", f"--target-url={hostile_url}", "--rule=kontent.http.get_query"],
        tmp_path,
        extra_environment={"KONTENT_API_KEY": token},
    )
    assert result.returncode == EXIT_TESTS_FAILED, tail(result)
    _assert_reports_are_inert(tmp_path)
    # the target echoed the token in its bodies: it is masked everywhere
    leaks = [str(path) for path, text in _artefacts(tmp_path).items() if token in text]
    assert not leaks and token not in result.stdout + result.stderr, leaks


@pytest.mark.slow
def test_planted_token_appears_in_no_artefact(tmp_path: Path) -> None:
    token = "tok_" + secrets.token_hex(16)
    junit = tmp_path / "pytest-junit.xml"
    result = run_suites(
        ["--api=kontent", "--fault=kontent.http.max_body", "--rule=kontent.http.max_body", f"--junitxml={junit}"],
        tmp_path,
        extra_environment={"KONTENT_API_KEY": token, "KONTENT_PREVIEW_API_KEY": token[::-1]},
    )
    assert result.returncode == EXIT_TESTS_FAILED, tail(result)
    artefacts = _artefacts(tmp_path)
    names = {path.name for path in artefacts}
    assert {"summary.json", "junit.xml", "report.html", "summary.md", "pytest-junit.xml"} <= names
    assert any(re.match(r"mock-kontent-.*\.log", name) for name in names), names
    assert "Bearer ***" in artefacts[tmp_path / "summary.json"], "the reproduction shows the header, masked"
    _assert_a_newcomer_finds_the_failure(tmp_path)
    for secret in (token, token[::-1]):
        leaks = [str(path) for path, text in artefacts.items() if secret in text]
        assert not leaks, f"token found in {leaks}"
        assert secret not in result.stdout + result.stderr
