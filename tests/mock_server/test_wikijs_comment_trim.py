"""A new comment is stored trimmed, as the real server's ``postNewComment`` does (the differential
campaign saw a comment sent as " >quote" come back as ">quote" from a real 2.5.314)."""

from __future__ import annotations

from pathlib import Path

from reliability.calls import call
from reliability.mock import MockUnderTest

CREATE = "mutation($c: String!) { comments { create(pageId: 1, content: $c) { responseResult { succeeded } id } } }"
SINGLE = "query($id: Int!) { comments { single(id: $id) { content } } }"


def test_a_new_comment_is_stored_trimmed(tmp_path: Path) -> None:
    mock = MockUnderTest("wikijs", emulate="2.5.314", log_file=tmp_path / "mock.log")
    mock.start()
    try:
        created = call(mock.url, mock.token, CREATE, {"c": " \ufeff>quoted\u00a0\n"})["comments"]["create"]
        stored = call(mock.url, mock.token, SINGLE, {"id": created["id"]})["comments"]["single"]
    finally:
        mock.stop()
    assert created["responseResult"]["succeeded"]
    assert stored == {"content": ">quoted"}
