"""What the suites change for a live target: page writes one at a time, the key's capabilities,
the 2.5.x built-in directives, and bad-request variants."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

from harness.serial_writes import ApiSwitchLock, PageWriteLock, is_page_write
from specs import default_rules
from specs.directives import read_sdl
from specs.model import BadRequest, ServedSchema
from specs.sdl_schema import build_sdl_schema
from suites.wikijs.capabilities import Capabilities, required_scopes


def _body(query: str) -> bytes:
    return json.dumps({"query": query}).encode()


def test_only_page_mutations_take_the_lock() -> None:
    assert is_page_write(_body('mutation { pages { create(path: "a") { responseResult { succeeded } } } }'))
    assert is_page_write(json.dumps([{"query": "mutation M { pages { delete(id: 1) { x } } }"}]).encode())
    assert not is_page_write(_body("{ pages { list { id } } }"))
    assert not is_page_write(_body("mutation { comments { create(pageId: 1) { x } } }"))
    assert not is_page_write(b"\xff not json")


def test_page_writes_of_two_workers_do_not_overlap(tmp_path: Path) -> None:
    lock = PageWriteLock.in_directory(tmp_path)
    body = _body("mutation { pages { delete(id: 1) { x } } }")
    inside: list[int] = []
    overlaps: list[bool] = []

    def write() -> None:
        with lock.held_for(body):
            inside.append(1)
            overlaps.append(len(inside) > 1)
            time.sleep(0.05)
            inside.pop()

    threads = [threading.Thread(target=write) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert overlaps == [False] * 4


def test_no_request_of_another_worker_meets_the_api_switched_off(tmp_path: Path) -> None:
    """Worker A holds the switch; worker B's request waits until A is done, while A's own requests
    (same lock object) go through at once instead of waiting for themselves."""
    switching, other = ApiSwitchLock.in_directory(tmp_path), ApiSwitchLock.in_directory(tmp_path)
    events: list[str] = []

    def request() -> None:
        with other.shared():
            events.append("other request")

    with switching.exclusive():
        events.append("api off")
        thread = threading.Thread(target=request)
        thread.start()
        with switching.shared():
            events.append("own request")
        time.sleep(0.1)
        events.append("api on")
    thread.join()
    assert events == ["api off", "own request", "api on", "other request"]


def test_capabilities_follow_the_auth_directive() -> None:
    assert set(required_scopes("pages.update", mutation=True)) == {"write:pages", "manage:pages", "manage:system"}
    reader = Capabilities(admin=False, scopes=frozenset({"read:pages", "read:comments"}))
    assert not reader.may_call("pages.update", mutation=True)
    assert not reader.may_call("users.single", mutation=False)
    assert reader.may_call("pages.list", mutation=False)
    assert Capabilities(admin=True, scopes=frozenset()).may_call("users.single", mutation=False)


def test_the_expected_schema_has_the_servers_builtins() -> None:
    served = default_rules()["wikijs.schema.served"].data_as(ServedSchema)
    schema = build_sdl_schema(read_sdl(served.sdl_dir))
    names = {d.name: [location.name for location in d.locations] for d in schema.directives}
    assert "oneOf" not in names
    assert names["deprecated"] == ["FIELD_DEFINITION", "ENUM_VALUE"]
    assert {"cacheControl", "auth", "rateLimit"} <= set(names) and schema.get_type("Upload") is not None


def test_a_variant_answers_otherwise() -> None:
    rule = default_rules().as_implemented_by("2.5.314")["wikijs.http.errors.bad_variables"].data_as(BadRequest)
    assert rule.answer_for("unparsable_string").content_type == "text/html"
    assert rule.answer_for(None).content_type == "application/json"
    docs = default_rules()["wikijs.http.errors.bad_variables"].data_as(BadRequest)
    assert docs.answer_for("unparsable_string") == docs.answer_for(None)
