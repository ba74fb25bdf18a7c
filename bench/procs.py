"""Server processes: start one, wait for its ready line, read its memory and CPU from /proc, stop it.

Each server runs in its own process (one at a time: the machine has 2 cores, one for the server and one
for the load generator). Its stdout is drained to a log file after the ready line so that a server that
logs every request can never block on a full pipe, which would show up as a fake slowdown.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

READY_URL = re.compile(r"listening on (http://\S+)")


class ServerStartError(RuntimeError):
    """The server exited or stayed silent instead of printing its ready line."""


@dataclass
class ServerProcess:
    """A running server: its process, GraphQL endpoint URL, and where its output goes."""

    name: str
    proc: subprocess.Popen[str]
    url: str
    log_path: Path
    _drain: threading.Thread | None = field(default=None, repr=False)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def peak_rss_mb(self) -> float:
        """Peak resident set (VmHWM) of the server and any children it started, in MiB."""
        return sum(_vm_hwm_kb(pid) for pid in _process_tree(self.pid)) / 1024

    def cpu_seconds(self) -> float:
        """User + system CPU time used so far by the server process tree."""
        tick = os.sysconf("SC_CLK_TCK")
        return sum(_cpu_ticks(pid) for pid in _process_tree(self.pid)) / tick

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it lingers; never leaves the process behind."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        if self._drain is not None:
            self._drain.join(timeout=2)


def start_server(
    name: str,
    argv: list[str],
    log_dir: Path,
    *,
    cwd: Path,
    env: dict[str, str] | None = None,
    timeout: float = 120.0,
) -> ServerProcess:
    """Start `argv` and return once it printed `... listening on URL` on stdout (a loaded machine slows the
    start of a Python server tenfold: up to `timeout` seconds)."""
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"{name}.log"
    log = log_path.open("w")
    proc = subprocess.Popen(
        argv,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
        bufsize=1,
    )
    assert proc.stdout is not None
    url = _wait_ready(proc, proc.stdout, log, timeout)
    if url is None:
        proc.kill()
        proc.wait()
        log.close()
        tail = log_path.read_text()[-2000:]
        raise ServerStartError(f"{name} did not print a ready line ({' '.join(argv)}); log tail:\n{tail}")
    drain = threading.Thread(target=_copy_lines, args=(proc.stdout, log), daemon=True)
    drain.start()
    return ServerProcess(name=name, proc=proc, url=url, log_path=log_path, _drain=drain)


def _wait_ready(proc: subprocess.Popen[str], stdout: IO[str], log: IO[str], timeout: float) -> str | None:
    """Read stdout lines (copying them to the log) until the ready line, EOF or the deadline."""
    result: list[str] = []

    def reader() -> None:
        for line in stdout:
            log.write(line)
            log.flush()
            match = READY_URL.search(line)
            if match:
                result.append(match.group(1))
                return

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    thread.join(timeout)
    return result[0] if result else None


def _copy_lines(src: IO[str], dst: IO[str]) -> None:
    try:
        for line in src:
            dst.write(line)
    except (OSError, ValueError):
        pass
    finally:
        dst.close()


def _process_tree(pid: int) -> list[int]:
    """`pid` and its descendants, from /proc/PID/task/*/children."""
    pids = [pid]
    index = 0
    while index < len(pids):
        task_dir = Path(f"/proc/{pids[index]}/task")
        index += 1
        try:
            tasks = list(task_dir.iterdir())
        except OSError:
            continue
        for task in tasks:
            try:
                pids.extend(int(child) for child in (task / "children").read_text().split())
            except OSError:
                continue
    return pids


def _vm_hwm_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cpu_ticks(pid: int) -> int:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0
    fields = stat[stat.rindex(")") + 2 :].split()
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
