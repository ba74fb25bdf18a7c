"""``python -m mock_server``: options, the listening line, clean stop, logs and persistence."""

from __future__ import annotations

import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from mock_server.accesslog import redact_query
from mock_server.faults import FAULTS
from tests.mock_server.processes import REPO_ROOT, SECRET, START_TIMEOUT_S, post, running


def run_cli(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mock_server", *arguments], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("api", "options"),
    [
        ("kontent", ("--model", "--environment-id", "--preview-api-key", "--secure-api-key", "--secure-environment",
                     "--latency", "--rate-limit", "--cache-ttl", "--disable-graphql")),
        ("wikijs", ("--data-dir", "--cors", "--admin-api-key", "--admin-email", "--admin-password")),
    ],
)  # fmt: skip
def test_each_api_has_its_own_help_with_the_frontend_options_first(api: str, options: tuple[str, ...]) -> None:
    result = run_cli(api, "--help")
    assert result.returncode == 0
    common = ("--host", "--port", "--emulate", "--body-timeout", "--log-level", "--fault", "--list-faults")
    positions = [result.stdout.index(f"\n  {option}") for option in (*options, *common)]
    assert positions[: len(options)] == sorted(positions[: len(options)]) and max(positions[: len(options)]) < min(
        positions[len(options) :]
    )
    assert not [fault for fault in FAULTS.values() if f"{fault.id}: {fault.description}" in result.stdout]
    other = ({"kontent", "wikijs"} - {api}).pop()
    assert not [o for o in run_cli(other, "--help").stdout.split() if o in options and o != "--emulate"]


@pytest.mark.parametrize("api", ["kontent", "wikijs"])
def test_fault_ids_are_listed_on_request(api: str) -> None:
    listed = run_cli(api, "--list-faults")
    assert listed.returncode == 0
    assert {line.partition(": ")[0] for line in listed.stdout.splitlines()} == {
        fault_id for fault_id, fault in FAULTS.items() if fault.api == api
    }


@pytest.mark.parametrize(
    ("arguments", "complaint"),
    [
        (["wikijs", "--fault", "wikijs.http.nope"], "known fault ids for wikijs: "),
        (["wikijs", "--environment-id", "975bf280-fd91-488c-994c-2f04416e5ee3"], "unrecognized arguments"),
        (["kontent", "--environment-id", "not-a-uuid"], "UUID"),
        (["kontent", "--cors", "http://localhost:1"], "unrecognized arguments"),
        (["kontent", "--emulate", "2.5.314"], "invalid choice: '2.5.314'"),
        (["wikijs", "--fault", "kontent.http.cors"], "another api"),
        (["kontent", "--rate-limit", "200/hour"], "UNITS/s or UNITS/min"),
        (["kontent", "--rate-limit", "0/s"], "UNITS >= 1"),
        (["kontent", "--rate-limit", "1/s,2/sec"], "given twice"),
        (["kontent", "--cache-ttl", "-1"], "cannot be negative"),
        (["kontent", "--latency", "fast"], "MIN-MAX"),
        (["wikijs", "--rate-limit", "200/s"], "unrecognized arguments"),
        (["kontent", "--disable-graphql", "00000000-0000-0000-0000-000000000000"], "does not serve"),
        (["kontent", "--secure-environment", "00000000-0000-0000-0000-000000000000"], "needs a secure key"),
        (["kontent", "--secure-api-key", "00000000-0000-0000-0000-000000000000=k"], "does not serve"),
        (["kontent", "--environment-id", "not-a-uuid"], "not an environment id"),
    ],
)
def test_bad_options_are_argparse_errors(arguments: list[str], complaint: str) -> None:
    result = run_cli(*arguments)
    assert result.returncode == 2 and complaint in result.stderr, result.stderr


def test_start_serve_log_and_stop(tmp_path: Path) -> None:
    stderr = tmp_path / "stderr.log"
    with running(["kontent"], stderr) as (process, url):
        assert url.endswith("/975bf280-fd91-488c-994c-2f04416e5ee3")
        assert post(url, "{ __typename }") == {"data": {"__typename": "_RootQuery"}}
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=START_TIMEOUT_S) == 0
    log = stderr.read_text()
    assert "POST /975bf280-fd91-488c-994c-2f04416e5ee3?token=*** 200 " in log
    assert SECRET not in log


def test_pages_persist_across_restarts(tmp_path: Path) -> None:
    create = (
        'mutation { pages { create(content: "kept", description: "", editor: "markdown", isPublished: true,'
        ' isPrivate: false, locale: "en", path: "persisted", tags: [], title: "P") { page { id } } } }'
    )
    data = ["wikijs", "--data-dir", str(tmp_path / "data"), "--admin-api-key", SECRET]
    with running(data, tmp_path / "first.log") as (_, url):
        page_id = post(url, create)["data"]["pages"]["create"]["page"]["id"]  # type: ignore[index]
    with running(data, tmp_path / "second.log") as (process, url):
        found = post(url, "query($id: Int!) { pages { single(id: $id) { path } } }", {"id": page_id})
        assert found == {"data": {"pages": {"single": {"path": "persisted"}}}}
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=START_TIMEOUT_S) == 0


def test_redaction() -> None:
    assert (
        redact_query(f"query=%7Ba%7D&token={SECRET}&api_key=k&Key=z") == "query=%7Ba%7D&token=***&api_key=***&Key=***"
    )
    assert len(redact_query("query=" + "x" * 10_000)) < 200


def test_keys_per_environment_from_the_command_line_never_reach_the_log(tmp_path: Path) -> None:
    first, second = "975bf280-fd91-488c-994c-2f04416e5ee3", "11111111-2222-3333-4444-555555555555"
    keys = ["--secure-api-key", f"{first}={SECRET}", "--secure-api-key", f"{second}=other-{SECRET}"]
    arguments = ["kontent", "--environment-id", first, "--environment-id", second, *keys, "--log-level", "DEBUG"]
    stderr = tmp_path / "stderr.log"
    with running(arguments, stderr) as (_, url):
        assert post(url, "{ __typename }") == {"data": {"__typename": "_RootQuery"}}
        with pytest.raises(urllib.error.HTTPError) as refused:
            post(url.replace(first, second), "{ __typename }")
        assert refused.value.code == 401
    assert SECRET not in stderr.read_text()
