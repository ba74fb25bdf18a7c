"""``gqlconf``: every tool behind one installed command, each with its own options unchanged."""

from __future__ import annotations

import importlib

import pytest

from gqlconf.cli import COMMANDS, main


def test_usage_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    printed = capsys.readouterr().out
    assert all(f"  {name} " in printed for name in COMMANDS)


def test_an_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve"]) == 2
    assert "unknown command 'serve'" in capsys.readouterr().err


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_command_reaches_its_module(name: str) -> None:
    assert callable(importlib.import_module(COMMANDS[name].module).main)


def test_arguments_pass_through_unchanged(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["mock", "wikijs", "--help"])
    assert exit_info.value.code == 0
    assert "usage: python -m mock_server wikijs" in capsys.readouterr().out
