"""``python -m real_wikijs up|down|run``: what ``tox -e real-wikijs`` calls.

``run`` brings the server up (reusing the work directory's installed dependencies and database),
runs the suites (see ``runs``), writes the figures to ``--out`` and stops the server again.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
from pathlib import Path

from real_wikijs import admin, postgres, runs, server, source
from real_wikijs.workdir import State, Workdir

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO.parent / "shared" / "real-wikijs"
SOURCE_VARIABLE = "WIKIJS_SOURCE"
DATABASE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def up(workdir: Workdir, given_source: Path, port: int, database: str) -> State:
    """Idempotent: an installed source, a configured database and a running server are reused."""
    workdir.root.mkdir(parents=True, exist_ok=True)
    state = workdir.load() or State(port=port, database=database)
    if state.database != database and state.database_created:
        raise SystemExit(f"{workdir.root} was set up with database {state.database!r}: use it or another --dir")
    state.port, state.database = port, database
    workdir.save(state)
    postgres.ensure_database(state)
    workdir.save(state)
    source.unpack(source.locate(given_source), workdir.wiki)
    source.install(workdir.wiki, workdir.root / "install.log")
    source.release_build(workdir.wiki)
    server.write_config(workdir, state)
    if server.running_pid(workdir) is not None and server.healthy(state):
        return state
    server.stop(workdir)
    if not postgres.configured(state):
        workdir.keys.unlink(missing_ok=True)
        _start(workdir, state, "listening")
        admin.finalize(state)
        server.wait_for("healthy", state, workdir)
        server.stop(workdir)
    _start(workdir, state, "healthy")
    if not admin.keys_work(workdir, state):
        admin.create_keys(workdir, state)
    return state


def _start(workdir: Workdir, state: State, ready: str) -> None:
    offset = workdir.log.stat().st_size if workdir.log.exists() else 0
    server.start(workdir)
    server.wait_for(ready, state, workdir)
    if ready == "healthy":
        server.wait_tree_job(workdir, offset)


def down(workdir: Workdir, purge: bool) -> None:
    server.stop(workdir)
    state = workdir.load()
    if purge and state is not None:
        postgres.drop(state)
        shutil.rmtree(workdir.root)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m real_wikijs", description=__doc__)
    parser.add_argument("command", choices=["up", "down", "run"])
    parser.add_argument(
        "--source", type=Path, default=Path(os.environ.get(SOURCE_VARIABLE) or DEFAULT_SOURCE),
        help=f"Wiki.js 2.5.314 checkout, its git archive (.tar.gz), or a directory holding one "
        f"(default: ${SOURCE_VARIABLE}, else {DEFAULT_SOURCE})",
    )  # fmt: skip
    parser.add_argument(
        "--dir", type=Path, default=REPO / ".real-wikijs", help="work directory (default: .real-wikijs)"
    )
    parser.add_argument("--port", type=int, default=3000, help="loopback port of the wiki (default 3000)")
    parser.add_argument("--db", default="wikijs_conformance", help="PostgreSQL database and role to create")
    parser.add_argument("--out", type=Path, default=REPO / "reports" / "out" / "real-wikijs", help="figures")
    parser.add_argument("-n", "--workers", type=int, default=2, help="pytest-xdist workers per run (default 2)")
    parser.add_argument("--repeat", type=int, default=1, help="run the two 2.5.314 runs this many times")
    parser.add_argument(
        "--sequences", type=int, default=2000, help="request sequences of the differential test (default 2000)"
    )
    parser.add_argument("--keep", action="store_true", help="run: leave the server running afterwards")
    parser.add_argument("--purge", action="store_true", help="down: also drop the database and the work directory")
    parser.add_argument("pytest_args", nargs="*", help="after --: further pytest arguments for every suite run")
    options = parser.parse_args(argv)
    if not DATABASE_NAME.match(options.db):
        parser.error("--db: lower-case letters, digits and _")
    workdir = Workdir(options.dir.resolve())
    if options.command == "down":
        down(workdir, options.purge)
        return 0
    state = up(workdir, options.source, options.port, options.db)
    url = server.base_url(state) + "/graphql"
    print(f"Wiki.js 2.5.314 is up: {url} (keys: {workdir.keys})", flush=True)
    if options.command == "up":
        return 0
    keys = json.loads(workdir.keys.read_text(encoding="utf-8"))
    options.out.mkdir(parents=True, exist_ok=True)
    figures = []
    try:
        for step in runs.plan(url, options.workers, options.repeat, tuple(options.pytest_args)):
            figures.append(runs.run_step(step, keys, options.out, REPO))
            print(f"{step.name}: exit {figures[-1].exit_code} in {figures[-1].seconds} s", flush=True)
        figures.append(runs.run_differential(url, keys, options.out, REPO, options.sequences))
        print(f"differential: exit {figures[-1].exit_code} in {figures[-1].seconds} s", flush=True)
    finally:
        runs.write_results(options.out, figures, str(options.source))
        if not options.keep:
            server.stop(workdir)
    print(f"figures: {options.out / 'results.md'}")
    return 0 if all(f.green for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
