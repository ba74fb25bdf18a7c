"""A PostgreSQL database of its own for the wiki, on the machine's cluster, reachable on 127.0.0.1 only.

Debian's cluster tools (``pg_lsclusters``, ``pg_ctlcluster``) and ``psql`` as the ``postgres`` user:
the bring-up runs as root on a Debian-like machine, like the official image's own setup.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

from real_wikijs.workdir import State

LOOPBACK = "listen_addresses = '127.0.0.1'"


class DatabaseError(RuntimeError):
    """PostgreSQL is missing, does not answer, or the database name is someone else's."""


def psql(port: int, sql: str, database: str = "postgres") -> str:
    command = ["runuser", "-u", "postgres", "--", "psql", "-X", "-q", "-A", "-t", "-p", str(port)]
    done = subprocess.run(
        [*command, "-v", "ON_ERROR_STOP=1", "-d", database, "-c", sql],
        cwd="/", capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout.strip()


def _cluster() -> tuple[str, str, int, str]:
    """(version, name, port, status) of the first online cluster, else the first one."""
    if shutil.which("pg_lsclusters") is None:
        raise DatabaseError("PostgreSQL is not installed (apt-get install postgresql)")
    rows = [line.split() for line in subprocess.run(
        ["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=True
    ).stdout.splitlines() if line.strip()]  # fmt: skip
    if not rows:
        raise DatabaseError("no PostgreSQL cluster (pg_createcluster)")
    version, name, port, status = next((row for row in rows if row[3] == "online"), rows[0])[:4]
    return version, name, int(port), status


def ensure_database(state: State) -> None:
    """Cluster online on loopback, then the role and database named ``state.database`` (created by
    this work directory, or refused: a database of the same name that it did not create is left alone)."""
    version, name, port, status = _cluster()
    conf = Path("/etc/postgresql") / version / name / "conf.d" / "loopback.conf"
    if not conf.exists() or conf.read_text(encoding="utf-8").strip() != LOOPBACK:
        conf.parent.mkdir(parents=True, exist_ok=True)
        conf.write_text(LOOPBACK + "\n", encoding="utf-8")
    if status != "online":
        subprocess.run(["pg_ctlcluster", version, name, "start"], check=True)
    _wait(port)
    if psql(port, "show listen_addresses") != "127.0.0.1":
        subprocess.run(["pg_ctlcluster", version, name, "restart"], check=True)
        _wait(port)
    state.pg_cluster, state.pg_port = f"{version}/{name}", port
    exists = psql(port, f"select count(*) from pg_roles where rolname = '{state.database}'") == "1"
    if exists and not state.database_created:
        raise DatabaseError(f"role or database {state.database!r} exists and is not this work directory's")
    verb = "alter" if exists else "create"
    psql(port, f"{verb} role \"{state.database}\" with login password '{state.database_password}'")
    if psql(port, f"select count(*) from pg_database where datname = '{state.database}'") != "1":
        psql(port, f"create database \"{state.database}\" owner \"{state.database}\" encoding 'UTF8' "
             "lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8' template template0")  # fmt: skip
    state.database_created = True


def configured(state: State) -> bool:
    """Wiki.js leaves its setup mode once the ``settings`` table has rows."""
    tables = psql(state.pg_port, "select count(*) from pg_tables where tablename = 'settings'", state.database)
    return tables == "1" and int(psql(state.pg_port, "select count(*) from settings", state.database)) > 0


def drop(state: State) -> None:
    if state.database_created:
        psql(state.pg_port, f'drop database if exists "{state.database}"')
        psql(state.pg_port, f'drop role if exists "{state.database}"')
        state.database_created = False


def _wait(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            psql(port, "select 1")
            return
        except subprocess.CalledProcessError:
            time.sleep(1)
    raise DatabaseError(f"PostgreSQL does not answer on port {port}")
