"""The Wiki.js source: unpacked from a ``git archive`` tarball (or copied from a checkout),
its production dependencies installed, and the few steps of the release build that the server
needs (no webpack: only ``/graphql``, uploads and assets are exercised)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

VERSION = "2.5.314"
DEPENDENCIES_DONE = "node_modules/.real-wikijs-deps"
WEBPACK_BLOCK = re.compile(r"^\s*//- CSS\s*$|<%|%>")


class SourceError(RuntimeError):
    """The given source is not a usable Wiki.js 2.5.314 checkout or archive."""


def locate(given: Path) -> Path:
    """A checkout (has package.json), a tarball, or a directory holding exactly one tarball."""
    if given.is_file():
        return given
    if (given / "package.json").is_file():
        return given
    tarballs = sorted(given.glob("*.tar.gz")) if given.is_dir() else []
    if len(tarballs) == 1:
        return tarballs[0]
    raise SourceError(f"{given}: neither a Wiki.js checkout nor a directory with one git-archive tarball")


def unpack(source: Path, wiki: Path) -> None:
    """Into ``wiki`` (once): tarballs lose their single top directory, as ``git archive --prefix`` adds one."""
    if (wiki / "package.json").exists():
        return
    partial = wiki.with_name(wiki.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    if source.is_dir():
        shutil.copytree(source, partial, ignore=shutil.ignore_patterns(".git", "node_modules"))
    else:
        with tarfile.open(source) as archive:
            archive.extractall(partial, filter="data")
        entries = list(partial.iterdir())
        if len(entries) == 1 and entries[0].is_dir():
            top = entries[0]
            for entry in top.iterdir():
                entry.rename(partial / entry.name)
            top.rmdir()
    package = json.loads((partial / "package.json").read_text(encoding="utf-8"))
    if package.get("name") != "wiki":
        raise SourceError(f"{source}: package.json names {package.get('name')!r}, not Wiki.js")
    partial.rename(wiki)


def install(wiki: Path, log: Path) -> None:
    """``yarn install --production --frozen-lockfile --ignore-scripts`` then the postinstall step
    (patch-package) that --ignore-scripts skipped: what the official Dockerfile installs."""
    if (wiki / DEPENDENCIES_DONE).exists():
        return
    yarn = shutil.which("yarn") or _install_yarn()
    with log.open("a", encoding="utf-8") as out:
        for command in (
            [yarn, "install", "--production", "--frozen-lockfile", "--non-interactive", "--ignore-scripts",
             "--network-timeout", "600000"],
            [str(wiki / "node_modules" / ".bin" / "patch-package")],
        ):  # fmt: skip
            subprocess.run(command, cwd=wiki, stdout=out, stderr=subprocess.STDOUT, check=True)
    (wiki / DEPENDENCIES_DONE).touch()


def _install_yarn() -> str:
    subprocess.run(["npm", "install", "-g", "yarn@1.22.22"], check=True, capture_output=True)
    prefix = subprocess.run(["npm", "prefix", "-g"], check=True, capture_output=True, text=True).stdout.strip()
    return str(Path(prefix) / "bin" / "yarn")


def release_build(wiki: Path) -> None:
    """The release build's effect on the server: ``dev: false`` and the version in package.json (the
    server reports it), static assets in ``assets/``, and ``server/views/master.pug`` from its template
    without the webpack-injected block (found by its markers, not by line numbers)."""
    original = wiki / "package.json.orig"
    if not original.exists():
        shutil.copy(wiki / "package.json", original)
    package = json.loads(original.read_text(encoding="utf-8"))
    package.update(dev=False, version=VERSION)
    (wiki / "package.json").write_text(json.dumps(package, indent=2) + "\n", encoding="utf-8")
    shutil.copytree(wiki / "client" / "static", wiki / "assets", dirs_exist_ok=True)
    lines = (wiki / "dev" / "templates" / "master.pug").read_text(encoding="utf-8").splitlines()
    marked = [index for index, line in enumerate(lines) if WEBPACK_BLOCK.search(line)]
    if not marked:
        raise SourceError("dev/templates/master.pug: no webpack block found")
    kept = lines[: marked[0]] + lines[marked[-1] + 1 :]
    (wiki / "server" / "views" / "master.pug").write_text("\n".join(kept) + "\n", encoding="utf-8")
