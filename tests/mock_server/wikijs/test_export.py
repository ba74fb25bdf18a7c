"""``system.export`` writes the wiki as files under ``<data-dir>/exports`` only, and
``system.exportStatus`` reports the finished export (rule ``wikijs.system.export``)."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from specs import default_rules
from specs.model import DataExport
from tests.mock_server.support import MockClient
from tests.mock_server.uploads import PNG, upload

Mock = Callable[..., MockClient]
RULE = default_rules()["wikijs.system.export"].data_as(DataExport)
EXPORT = (
    "mutation($e: [String]!, $p: String!) { system { export(entities: $e, path: $p) "
    "{ responseResult { succeeded errorCode slug message } } } }"
)
STATUS = "{ system { exportStatus { status progress message startedAt } } }"
PLAIN = {"succeeded": False, "errorCode": 1, "slug": "Error"}


def export(client: MockClient, entities: list[str], path: str) -> dict[str, Any]:
    answer = client.query(EXPORT, {"e": entities, "p": path})
    status: dict[str, Any] = answer["data"]["system"]["export"]["responseResult"]
    return status


def refused(client: MockClient, entities: list[str], path: str, message: str) -> None:
    assert export(client, entities, path) == {**PLAIN, "message": message}


def gzipped(path: Path) -> Any:
    return json.loads(gzip.decompress(path.read_bytes()))


def test_every_entity_becomes_its_file(mock: Mock, tmp_path: Path) -> None:
    client = mock("wikijs", data_dir=tmp_path)
    assert client.query(STATUS)["data"]["system"]["exportStatus"]["status"] == "notrunning"
    upload(client, "logo.png", PNG)
    assert export(client, list(RULE.entities), "/backups/first")["succeeded"]
    status = client.query(STATUS)["data"]["system"]["exportStatus"]
    assert (status["status"], status["progress"], status["message"]) == ("success", 100, "")
    assert status["startedAt"]
    out = tmp_path / RULE.directory / "backups" / "first"
    assert (out / RULE.entities["assets"] / "logo.png").read_bytes() == PNG
    pages = gzipped(out / RULE.entities["pages"])
    assert [p["path"] for p in pages] == ["home", "guides/getting-started", "guides/markdown"]
    assert pages[0]["author"]["id"] == pages[0]["authorId"] and pages[0]["tags"] == ["welcome"]
    assert len(gzipped(out / RULE.entities["history"])) == len(pages)
    assert gzipped(out / RULE.entities["comments"])[0]["content"] == "Short and to the point, thanks."
    users = gzipped(out / RULE.entities["users"])
    assert users and all("passwordHash" not in u and "tfaSecret" not in u for u in users)
    assert {"id": 1, "name": "Administrators"} in users[0]["groups"]
    groups = json.loads((out / RULE.entities["groups"]).read_text())
    assert [g["name"] for g in groups][:2] == ["Administrators", "Guests"]
    assert "tree" in json.loads((out / RULE.entities["navigation"]).read_text())
    settings = json.loads((out / RULE.entities["settings"]).read_text())
    assert "jwtSecret" not in json.dumps(settings) and all("key" not in k for k in settings["apiKeys"])


def test_only_the_named_entities_are_written(mock: Mock, tmp_path: Path) -> None:
    client = mock("wikijs", data_dir=tmp_path)
    assert export(client, ["groups", "nope"], "only-groups")["succeeded"]
    written = sorted(p.name for p in (tmp_path / RULE.directory / "only-groups").iterdir())
    assert written == [RULE.entities["groups"]]


@pytest.mark.parametrize("path", ["../escape", "a/../../escape", "/", "", ".", "nul\x00byte"])
def test_a_path_outside_the_export_directory_is_refused(mock: Mock, tmp_path: Path, path: str) -> None:
    client = mock("wikijs", data_dir=tmp_path)
    refused(client, ["pages"], path, RULE.messages["outside"])
    assert not (tmp_path / "escape").exists()


def test_a_link_out_of_the_export_directory_is_refused(mock: Mock, tmp_path: Path) -> None:
    client = mock("wikijs", data_dir=tmp_path)
    (tmp_path / RULE.directory).mkdir()
    (tmp_path / RULE.directory / "link").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    refused(client, ["pages"], "link/inside", RULE.messages["outside"])


def test_no_entity_and_a_used_directory_are_refused(mock: Mock, tmp_path: Path) -> None:
    client = mock("wikijs", data_dir=tmp_path)
    refused(client, [], "empty", RULE.messages["no_entities"])
    assert export(client, ["groups"], "twice")["succeeded"]
    refused(client, ["groups"], "twice", RULE.messages["not_empty"])


def test_without_a_data_dir_the_export_goes_to_a_temporary_directory(mock: Mock) -> None:
    client = mock("wikijs")
    assert export(client, ["pages"], "tmp")["succeeded"]
    assert client.query(STATUS)["data"]["system"]["exportStatus"]["status"] == "success"
