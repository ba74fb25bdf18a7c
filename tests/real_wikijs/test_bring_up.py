"""The parts of the real-server bring-up that need no server: where the source is, the release
build's edits, the run plan and the figures file."""

from __future__ import annotations

import io
import json
import subprocess
import tarfile
from pathlib import Path

import pytest

from real_wikijs import runs, source
from reliability.__main__ import build_parser

MASTER = """doctype html
html
  head
    //- CSS
    <% for (var css in htmlWebpackPlugin.files.css) { %>
    link(type='text/css', rel='stylesheet', href!='<%= htmlWebpackPlugin.files.css[css] %>')
    <% } %>
  body
    block body
"""


def _tree(root: Path) -> Path:
    (root / "client" / "static").mkdir(parents=True)
    (root / "client" / "static" / "favicon.ico").write_bytes(b"icon")
    (root / "dev" / "templates").mkdir(parents=True)
    (root / "dev" / "templates" / "master.pug").write_text(MASTER, encoding="utf-8")
    (root / "server" / "views").mkdir(parents=True)
    (root / "package.json").write_text(json.dumps({"name": "wiki", "version": "2.0.0", "dev": True}), encoding="utf-8")
    return root


def test_a_git_archive_is_unpacked_without_its_prefix(tmp_path: Path) -> None:
    tree = _tree(tmp_path / "src" / "wiki-2.5.314")
    archive = tmp_path / "wiki.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(tree, arcname="wiki-2.5.314")
    assert source.locate(tmp_path) == archive  # a directory holding exactly one tarball
    source.unpack(archive, tmp_path / "work" / "wiki")
    assert json.loads((tmp_path / "work" / "wiki" / "package.json").read_text())["name"] == "wiki"


def test_something_else_is_refused(tmp_path: Path) -> None:
    with pytest.raises(source.SourceError):
        source.locate(tmp_path)
    archive = tmp_path / "other.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        data = json.dumps({"name": "other"}).encode()
        info = tarfile.TarInfo("other/package.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    with pytest.raises(source.SourceError):
        source.unpack(archive, tmp_path / "wiki")


def test_the_release_build_sets_the_version_and_drops_the_webpack_block(tmp_path: Path) -> None:
    wiki = _tree(tmp_path / "wiki")
    source.release_build(wiki)
    source.release_build(wiki)  # idempotent: the original package.json is kept aside
    package = json.loads((wiki / "package.json").read_text())
    assert (package["version"], package["dev"]) == (source.VERSION, False)
    master = (wiki / "server" / "views" / "master.pug").read_text()
    assert "<%" not in master and "CSS" not in master and "block body" in master
    assert (wiki / "assets" / "favicon.ico").read_bytes() == b"icon"


def test_the_plan_and_the_figures(tmp_path: Path) -> None:
    steps = runs.plan("http://127.0.0.1:3000/graphql", workers=2, repeat=2)
    assert [s.name for s in steps] == [
        "2.5.314-admin-writes-1", "2.5.314-readonly-1", "2.5.314-admin-writes-2", "2.5.314-readonly-2", "docs",
    ]  # fmt: skip
    assert [s.must_pass for s in steps] == [True, True, True, True, False]
    assert "--allow-writes" not in steps[1].arguments and steps[1].key == "readonly"
    figures = [runs.Figures("docs", "-m pytest suites", "admin", 1, 70, 12, 9, 300.0, False, ("a.b",), (), ("c.d",))]
    runs.write_results(tmp_path, figures, "/src")
    assert json.loads((tmp_path / "results.json").read_text())["runs"][0]["failed"] == 12
    written = (tmp_path / "results.md").read_text()
    assert "| docs | admin | 1 | 70 | 12 | 9 | 300.0 | no |" in written
    assert "did not fire: a.b" in written and "without a recorded deviation: c.d" in written
    assert not figures[0].green and runs.Figures("docs", "", "admin", 1, 70, 12, 9, 1.0, False).green
    skipped = runs.Figures("docs", "", "admin", 1, 70, 12, 9, 1.0, False, skipped_deviations=("wikijs.auth.x",))
    assert not skipped.green, "a deviation whose test was skipped is not reported, so the docs run is not green"
    docs = next(s for s in steps if s.name == runs.DOCS)
    assert {"--allow-api-switch", "--allow-rate-limit-burst", "--allow-writes"} <= set(docs.arguments)


def test_the_docs_run_is_held_to_the_recorded_deviations(tmp_path: Path) -> None:
    """A summary failing one deviation's rule and one other rule, skipping one: the rest are silent."""
    expected = sorted(runs.deviations())
    outcomes = {expected[0]: "failed", "wikijs.no.deviation": "failed", expected[1]: "skipped", expected[2]: "passed"}
    summary = tmp_path / "summary.json"
    summary.write_text(json.dumps({"rules": {k: {"outcome": v} for k, v in outcomes.items()}}), encoding="utf-8")
    held = runs.against_deviations(summary)
    assert held == (tuple(expected[2:]), (expected[1],), ("wikijs.no.deviation",))
    assert runs.against_deviations(tmp_path / "missing.json") == (tuple(expected), (), ())


def test_the_differential_command_is_one_the_campaign_accepts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The job once called the campaign without its required --sequences and --out: it would only
    have printed a usage error. The command it builds must parse, and its exit code is the verdict."""
    sent: list[list[str]] = []

    def fake_run(command: list[str], **_: object) -> subprocess.CompletedProcess[str]:
        sent.append(command)
        return subprocess.CompletedProcess(command, 1)

    monkeypatch.setattr(runs, "run", fake_run)
    keys = {"admin": {"key": "k"}}
    figures = runs.run_differential("http://127.0.0.1:3000/graphql", keys, tmp_path, tmp_path, sequences=12)
    arguments = build_parser().parse_args(sent[0][3:])
    assert (arguments.campaign, arguments.sequences, arguments.out) == (
        "differential",
        12,
        tmp_path / "differential.json",
    )
    assert figures.must_pass and not figures.green
