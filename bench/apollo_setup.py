"""Install Apollo Server with npm into bench/.scratch/apollo (git-ignored) and describe the install.

The committed bench/apollo/{package.json,server.mjs} are copied there and `npm install` runs only when
package.json changed since the last install, so repeated benchmark runs don't pay for it. Node resolves
packages next to the script, which is why server.mjs runs from the scratch copy.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
SOURCE_DIR = BENCH_DIR / "apollo"
SCRATCH_DIR = BENCH_DIR / ".scratch" / "apollo"
STAMP = SCRATCH_DIR / ".installed-package.json"


class ApolloSetupError(RuntimeError):
    """Node or npm is missing, or npm install failed."""


def prepare() -> Path:
    """Make the scratch install current; return the path of server.mjs to run with node."""
    for tool in ("node", "npm"):
        if shutil.which(tool) is None:
            raise ApolloSetupError(f"{tool} is not on PATH: Apollo Server can't be run")
    SCRATCH_DIR.mkdir(parents=True, exist_ok=True)
    package = (SOURCE_DIR / "package.json").read_text()
    shutil.copyfile(SOURCE_DIR / "server.mjs", SCRATCH_DIR / "server.mjs")
    installed = (SCRATCH_DIR / "node_modules" / "@apollo" / "server").is_dir()
    if not installed or not STAMP.exists() or STAMP.read_text() != package:
        (SCRATCH_DIR / "package.json").write_text(package)
        print("installing Apollo Server with npm into bench/.scratch/apollo ...", flush=True)
        done = subprocess.run(
            [
                "npm",
                "install",
                "--no-audit",
                "--no-fund",
                "--no-package-lock",
                "--omit=dev",
                "--loglevel=error",
            ],
            cwd=SCRATCH_DIR,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if done.returncode != 0:
            raise ApolloSetupError(f"npm install failed:\n{done.stdout}\n{done.stderr}")
        STAMP.write_text(package)
    return SCRATCH_DIR / "server.mjs"


def versions() -> dict[str, str]:
    """Node's version and the installed versions of the npm packages that matter."""
    node = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False).stdout.strip()
    found = {"node": node}
    for package in ("@apollo/server", "graphql"):
        manifest = SCRATCH_DIR / "node_modules" / package / "package.json"
        if manifest.exists():
            found[f"npm:{package}"] = json.loads(manifest.read_text())["version"]
    return found
