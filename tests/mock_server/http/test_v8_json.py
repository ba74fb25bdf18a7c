"""Bodies that are not JSON, as a real 2.5.314 (Node.js 20) answers them
(tests/mock_server/http/data/v8-json-probes.json) and as the mock answers them: V8's words under the
emulation, the mock's own in the docs behaviour."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mock_server.http.v8_json import v8_message
from tests.mock_server.support import MockClient, Request, start

PROBES = json.loads((Path(__file__).resolve().parent / "data" / "v8-json-probes.json").read_text(encoding="utf-8"))
REFUSED = [probe for probe in PROBES["probes"] if probe["status"] == 400]
OWN_WORDS = "The request body is not valid JSON: "


def _answer(client: MockClient, body: str) -> tuple[int, str, str]:
    reply = client.send(Request.post_raw(body.encode("utf-8")))
    message = reply.json()["errors"][0]["message"] if reply.media_type == "application/json" else reply.text
    return reply.status, reply.headers.get("Content-Type", ""), message


def _probe(probe: dict[str, Any]) -> Any:
    reason = PROBES["unmatched"].get(probe["body"])
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(probe, marks=marks, id=repr(probe["body"])[:40])


@pytest.mark.parametrize("probe", [_probe(probe) for probe in REFUSED if probe["body"] not in PROBES["unmatched"]])
def test_the_scanner_words_and_places_each_refusal_as_v8(probe: dict[str, Any]) -> None:
    assert v8_message(probe["body"]) == probe["message"]


def test_json_objects_and_arrays_pass_the_scanner() -> None:
    assert v8_message('{"query": "{ a }", "variables": {"n": [1, -2.5e3, true, null, "\\u00e9"]}}') is None
    assert v8_message("[" * 3000 + "]" * 3000) is None


@pytest.fixture(scope="module")
def emulation() -> Any:
    client = start("wikijs", emulate="2.5.314")
    yield client
    client.close()


@pytest.mark.parametrize("probe", [_probe(probe) for probe in PROBES["probes"]])
def test_the_emulation_answers_as_the_real_server(emulation: MockClient, probe: dict[str, Any]) -> None:
    assert _answer(emulation, probe["body"]) == (probe["status"], probe["content_type"], probe["message"])


def test_the_docs_behaviour_keeps_its_own_words(mock: Callable[..., MockClient]) -> None:
    client = mock("wikijs")
    status, _, message = _answer(client, "{")
    assert status == 400 and message.startswith(OWN_WORDS)
