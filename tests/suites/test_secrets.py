"""Secrets never reach reproduction commands or messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.client import Exchange, Request, Response
from harness.secrets import Redactor, credentials_from_environment
from suites.reproduce import curl_command

TOKEN = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.signature-part"


def exchange(url: str, body: bytes | None, token: str = TOKEN) -> Exchange:
    request = Request("POST", url, (("Authorization", f"Bearer {token}"), ("Content-Type", "application/json")), body)
    return Exchange(request, Response(400, (), b"{}"), 0.01)


def test_redactor_masks_known_secrets_and_any_bearer_token() -> None:
    redactor = Redactor([TOKEN])
    text = f"token {TOKEN} and Authorization: bearer other-secret-value"
    redacted = redactor.redact(text)
    assert TOKEN not in redacted and "other-secret-value" not in redacted


@pytest.mark.parametrize("big", [False, True])
def test_curl_command_has_no_token_inline_or_in_files(tmp_path: Path, big: bool) -> None:
    body = (b'{"query":"{ __typename }","token":"' + TOKEN.encode() + b'"}') * (200 if big else 1)
    url = "http://127.0.0.1:1/graphql" + ("?pad=" + "x" * 5000 if big else "")
    command = curl_command(exchange(url, body), Redactor([TOKEN]), tmp_path)
    assert TOKEN not in command and command.startswith("curl ")
    for artefact in tmp_path.iterdir():
        assert TOKEN.encode() not in artefact.read_bytes()
    assert ("@" in command) == (big or TOKEN.encode() in body)


def test_credentials_only_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIKIJS_API_KEY", " key-1 ")
    monkeypatch.delenv("KONTENT_API_KEY", raising=False)
    monkeypatch.setenv("KONTENT_PREVIEW_API_KEY", "")
    assert credentials_from_environment() == {"WIKIJS_API_KEY": "key-1"}


@pytest.mark.parametrize(
    "text",
    [
        '{"query": "mutation { login(username: \\"a\\", password: \\"pw-SECRET\\") { jwt } }"}',
        '{"variables": {"email": "e", "passwordRaw": "pw-SECRET"}}',
        '{"body": "{\\"newPassword\\": \\"pw-SECRET\\"}"}',
        '{"data": {"authentication": {"login": {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJpZCI6MX0.pw-SECRET"}}}}',
    ],
)
def test_passwords_and_handed_out_tokens_are_masked(text: str) -> None:
    """Run-made passwords and the JWTs a login answers with are named by no option."""
    redacted = Redactor(()).redact(text)
    assert "SECRET" not in redacted and "***" in redacted
