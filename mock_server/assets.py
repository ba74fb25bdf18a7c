"""Install the GraphiQL page's assets: ``python -m mock_server.assets``.

The IDE page must work offline, so its scripts are served by the mock itself from
``mock_server/static/graphiql/`` (git-ignored). This fetches the pinned packages with the
ordinary ``npm pack`` client and keeps only the four files the page loads.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from pathlib import Path

from mock_server.graphiql_assets import ASSET_DIR, ASSET_FILES, INSTALL_COMMAND, PACKAGES, installed

NPM_TIMEOUT_S = 600


class AssetError(RuntimeError):
    """The assets could not be installed; the message says what to do."""


def _npm_pack(npm: str, workdir: Path) -> dict[str, Path]:
    """Run ``npm pack`` for every package; return package name -> downloaded tarball."""
    specs = [f"{name}@{version}" for name, version in PACKAGES.items()]
    try:
        done = subprocess.run(
            [npm, "pack", "--json", *specs],
            cwd=workdir,
            capture_output=True,
            text=True,
            timeout=NPM_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise AssetError(f"npm pack did not finish within {NPM_TIMEOUT_S} s") from error
    if done.returncode != 0:
        raise AssetError(f"npm pack failed (exit {done.returncode}):\n{done.stderr.strip()}")
    try:
        packed = json.loads(done.stdout)
        return {entry["name"]: workdir / entry["filename"] for entry in packed}
    except (ValueError, KeyError, TypeError) as error:
        raise AssetError(f"unexpected output from npm pack: {done.stdout[:200]!r}") from error


def _extract(tarball: Path, member: str, target: Path) -> None:
    with tarfile.open(tarball, "r:gz") as archive:
        source = archive.extractfile(member)
        if source is None:
            raise AssetError(f"{tarball.name} has no file {member}")
        partial = target.with_name(target.name + ".partial")
        with source, partial.open("wb") as out:
            shutil.copyfileobj(source, out)
        os.replace(partial, target)


def install(directory: Path = ASSET_DIR, npm: str = "npm") -> bool:
    """Install the assets into ``directory``; False when they were already there."""
    if installed(directory):
        return False
    npm_path = shutil.which(npm)
    if npm_path is None:
        raise AssetError(
            f"`{npm}` was not found on PATH. Install Node.js with npm (for example "
            "`apt-get install npm`), then run this command again."
        )
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="graphiql-assets-") as workdir:
        tarballs = _npm_pack(npm_path, Path(workdir))
        for name, (package, member) in ASSET_FILES.items():
            if package not in tarballs:
                raise AssetError(f"npm pack did not produce a tarball for {package}")
            _extract(tarballs[package], member, directory / name)
    return True


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=INSTALL_COMMAND,
        description=(
            "Install the GraphiQL page's assets ("
            + ", ".join(f"{name}@{version}" for name, version in PACKAGES.items())
            + f") into {ASSET_DIR} with `npm pack`. Does nothing when they are already there."
        ),
    )
    parser.add_argument("--npm", default="npm", help="the npm executable to use (default: npm)")
    parser.add_argument(
        "--optional",
        action="store_true",
        help="exit 0 with a warning when the assets cannot be installed (the page then shows how to)",
    )
    args = parser.parse_args(argv)
    try:
        changed = install(npm=args.npm)
    except AssetError as error:
        print(f"{'warning' if args.optional else 'error'}: {error}", file=sys.stderr)
        return 0 if args.optional else 1
    print(f"GraphiQL assets {'installed in' if changed else 'already present in'} {ASSET_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
