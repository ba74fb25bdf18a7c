"""The mock ``--emulate 2.5.314`` answers as a real Wiki.js 2.5.314 did: each exchange of
``tests/fixtures/wikijs_2_5_314_answers.json`` (recorded from an unmodified 2.5.314, see its
``recorded_from``) is sent to the mock and the answers are compared as the differential campaign
compares them (:mod:`reliability.normalize`). These are the differences that campaign found and
the mock now matches: graphql-js 15 wording and Apollo's codes of request errors, Apollo's own
HTTP errors, success messages, users.create's validator messages, the local strategy's title, a
new wiki's navigation, a created page's answer (toc and editor) and an active strategy's props."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reliability.differential import Server
from reliability.mock import MockUnderTest
from reliability.normalize import Answer, differences, normalize
from reliability.sequence_steps import Step

FIXTURE = Path(__file__).parents[2] / "fixtures" / "wikijs_2_5_314_answers.json"
EXCHANGES: list[dict[str, Any]] = json.loads(FIXTURE.read_text(encoding="utf-8"))["exchanges"]


def _step(request: dict[str, Any]) -> Step:
    if "raw" in request:
        method, content_type, body = request["raw"]
        return Step("recorded", "recorded", raw=(method, content_type, body.encode()))
    return Step("recorded", "recorded", request["q"], request.get("v", {}))


@pytest.fixture(scope="module")
def emulation(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    mock = MockUnderTest("wikijs", emulate="2.5.314", log_file=tmp_path_factory.mktemp("recorded") / "mock.log")
    mock.start()
    try:
        assert mock.token is not None
        yield Server(mock.url, mock.token)
    finally:
        mock.stop()


@pytest.mark.parametrize("exchange", EXCHANGES, ids=[exchange["what"] for exchange in EXCHANGES])
def test_the_emulation_answers_as_the_real_server(emulation: Server, exchange: dict[str, Any]) -> None:
    real = exchange["real"]
    body = real["body"] if isinstance(real["body"], str) else json.dumps(real["body"])
    recorded = Answer(real["status"], real["content_type"], body.encode())
    answer = emulation.send(_step(exchange["request"]), exchange["request"].get("source"))
    assert differences(normalize(recorded), normalize(answer)) == [], answer.view()
