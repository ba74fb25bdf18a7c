"""The GraphiQL asset installer: idempotent, and clear when npm is missing (no network here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mock_server import assets
from mock_server.graphiql_assets import ASSET_FILES, installed

MISSING_NPM = "no-such-npm-client"


def test_missing_npm_is_a_clear_error(tmp_path: Path) -> None:
    assert not installed(tmp_path)
    with pytest.raises(assets.AssetError, match="was not found on PATH"):
        assets.install(tmp_path, npm=MISSING_NPM)


def test_installed_assets_are_left_alone(tmp_path: Path) -> None:
    for name in ASSET_FILES:
        (tmp_path / name).write_text("// stand-in")
    assert installed(tmp_path)
    assert assets.install(tmp_path, npm=MISSING_NPM) is False


def test_optional_install_never_fails(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(assets, "installed", lambda _directory: False)  # as on a fresh checkout
    assert assets.main(["--optional", "--npm", MISSING_NPM]) == 0
    assert "warning:" in capsys.readouterr().err
    assert assets.main(["--npm", MISSING_NPM]) == 1
