"""Access lines: redacted, batched, and never lost at exit."""

from __future__ import annotations

import asyncio
import io
import logging

from aiohttp.test_utils import make_mocked_request
from aiohttp.web import Response

from mock_server.accesslog import FLUSH_INTERVAL_S, AccessLog, BatchingStreamHandler, describe_target


def test_target_is_truncated_and_redacted() -> None:
    request = make_mocked_request("GET", "/graphql?query=%7Bx%7D&access_token=abc&apiKey=def")
    target = describe_target(request)
    assert target.startswith("/graphql?query=%7Bx%7D") and "abc" not in target and "def" not in target
    assert len(describe_target(make_mocked_request("GET", "/" + "p" * 5000))) < 300


def test_lines_are_batched_inside_the_loop_and_immediate_outside() -> None:
    stream = io.StringIO()
    handler = BatchingStreamHandler(stream)
    handler.add_line("outside")
    assert stream.getvalue() == "outside\n"

    async def inside() -> str:
        handler.add_line("one")
        handler.add_line("two")
        before = stream.getvalue()
        await asyncio.sleep(FLUSH_INTERVAL_S * 3)
        return before

    assert asyncio.run(inside()) == "outside\n"
    assert stream.getvalue() == "outside\none\ntwo\n"


def test_access_log_writes_through_the_batching_handler() -> None:
    stream = io.StringIO()
    logger = logging.getLogger("tests.mock_server.access")
    logger.setLevel(logging.INFO)
    logger.addHandler(BatchingStreamHandler(stream))
    try:
        access = AccessLog(logger, "")
        request = make_mocked_request("POST", "/graphql?token=secret", headers={"Authorization": "Bearer secret"})
        access.log(request, Response(body=b"{}"), 0.0012)
        assert access.enabled
        line = stream.getvalue()
        assert "POST /graphql?token=*** 200 2B 1.2ms" in line and "secret" not in line
    finally:
        logger.handlers.clear()
