"""The ``node server`` process: its config.yml, start in a session of its own, health, stop."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request

from real_wikijs.workdir import State, Workdir, write_private

TREE_JOB = ("Rebuilding page tree: [", "Error when running job rebuild-tree")
"""Every start runs the rebuild-tree job shortly after /healthz turns ok; page writes that overlap it
can fail (a 2.5.314 defect), so the server is handed over only once the job has logged its end."""
LOOPBACK = urllib.request.build_opener(urllib.request.ProxyHandler({}))
"""The server is on 127.0.0.1: an http_proxy of the environment must not be used."""


class ServerError(RuntimeError):
    """The server did not start, or stopped answering."""


def base_url(state: State) -> str:
    return f"http://127.0.0.1:{state.port}"


def write_config(workdir: Workdir, state: State) -> None:
    """Loopback only, the database of ``state``, data inside the work directory, 5 MB bodies (the default)."""
    config = f"""port: {state.port}
bindIP: 127.0.0.1
db:
  type: postgres
  host: 127.0.0.1
  port: {state.pg_port}
  user: {state.database}
  pass: {state.database_password}
  db: {state.database}
  ssl: false
  schema: public
ssl:
  enabled: false
logLevel: info
offline: false
ha: false
dataPath: '{workdir.data}'
bodyParserLimit: 5mb
"""
    write_private(workdir.wiki / "config.yml", config)


def running_pid(workdir: Workdir) -> int | None:
    """The recorded pid, if that process is still this work directory's ``node server``."""
    try:
        pid = int(workdir.pid_file.read_text(encoding="utf-8"))
        if os.readlink(f"/proc/{pid}/cwd") != str(workdir.wiki):
            return None
    except (OSError, ValueError):
        return None
    return pid


def start(workdir: Workdir) -> int:
    """NODE_ENV unset, as in the official image (Apollo in development mode: what 2.5.314 users run)."""
    if running_pid(workdir) is not None:
        raise ServerError("already running")
    environment = {name: value for name, value in os.environ.items() if name != "NODE_ENV"}
    with workdir.log.open("a", encoding="utf-8") as log:
        log.write(f"==== {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} real_wikijs: node server\n")
        log.flush()
        process = subprocess.Popen(
            ["node", "server"], cwd=workdir.wiki, env=environment, stdin=subprocess.DEVNULL,
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    workdir.pid_file.write_text(str(process.pid), encoding="utf-8")
    return process.pid


def stop(workdir: Workdir) -> None:
    """The server leads its own process group: the group (job workers included) gets the signal."""
    pid = running_pid(workdir)
    if pid is None:
        return
    os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + 20
    while running_pid(workdir) is not None and time.monotonic() < deadline:
        time.sleep(0.5)
    if running_pid(workdir) is not None:
        os.killpg(pid, signal.SIGKILL)
    workdir.pid_file.unlink(missing_ok=True)


def healthy(state: State) -> bool:
    try:
        with LOOPBACK.open(base_url(state) + "/healthz", timeout=5) as response:
            return response.status == 200 and b'"ok":true' in response.read()
    except (OSError, urllib.error.URLError):
        return False


def listening(state: State) -> bool:
    """Setup mode answers every GET with a 500: only the TCP connection tells it is up."""
    try:
        LOOPBACK.open(base_url(state) + "/healthz", timeout=5).close()
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
    return True


def wait_for(check: str, state: State, workdir: Workdir, seconds: float = 300) -> None:
    probe = healthy if check == "healthy" else listening
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if probe(state):
            return
        if running_pid(workdir) is None:
            raise ServerError(f"node server exited (log: {workdir.log})")
        time.sleep(1)
    raise ServerError(f"not {check} after {seconds:.0f} s (log: {workdir.log})")


def wait_tree_job(workdir: Workdir, log_offset: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with workdir.log.open("rb") as log:
            log.seek(log_offset)
            text = log.read().decode("utf-8", "replace")
        if any(marker in text for marker in TREE_JOB):
            return
        time.sleep(1)
