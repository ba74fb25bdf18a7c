"""``pages.update`` with a title sent as an explicit null (``wikijs.pages.update_omitted_arguments``):
the docs reading keeps the title; a real 2.5.314 refuses it with its model's validation error and
changes nothing but the history trail, which gains the version the server snapshots before it
validates (found by the differential campaign)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reliability.calls import call
from reliability.mock import MockUnderTest
from specs import default_rules
from specs.model import UpdateSemantics

RULE = "wikijs.pages.update_omitted_arguments"
CREATE = (
    'mutation { pages { create(path: "null-title", title: "Kept", content: "c", description: "", editor: "markdown",'
    ' isPublished: true, isPrivate: false, locale: "en", tags: []) { page { id } } } }'
)
UPDATE = (
    'mutation($id: Int!) { pages { update(id: $id, content: "d", title: null, tags: []) {'
    " responseResult { succeeded errorCode slug message } } } }"
)
TITLE = "query($id: Int!) { pages { single(id: $id) { title content } } }"
VERSIONS = "query($id: Int!) { pages { history(id: $id) { total } } }"


@pytest.mark.parametrize("emulate", [None, "2.5.314"])
def test_a_null_title(tmp_path: Path, emulate: str | None) -> None:
    semantics = default_rules()[RULE].as_implemented_by(emulate or "docs").data_as(UpdateSemantics)
    mock = MockUnderTest("wikijs", emulate=emulate, log_file=tmp_path / "mock.log")
    mock.start()
    try:
        page = call(mock.url, mock.token, CREATE)["pages"]["create"]["page"]["id"]
        result = call(mock.url, mock.token, UPDATE, {"id": page})["pages"]["update"]["responseResult"]
        stored = call(mock.url, mock.token, TITLE, {"id": page})["pages"]["single"]
        versions = call(mock.url, mock.token, VERSIONS, {"id": page})["pages"]["history"]["total"]
    finally:
        mock.stop()
    assert versions == 1, "the page as it was before the update is a version, also when the update fails"
    if semantics.null_title == "keep":
        assert result["succeeded"] and stored == {"title": "Kept", "content": "d"}
        return
    assert semantics.null_title_error is not None
    expected = {"succeeded": False, "errorCode": 1, "slug": semantics.null_title_error.slug}
    assert result == {**expected, "message": semantics.null_title_error.message}
    assert stored == {"title": "Kept", "content": "c"}
