"""Load generation in a separate process: wrk when it can be had, else bench/pyload.py.

wrk (C, epoll) is preferred because on a 2-core machine the client competes with the server for CPU: a
client that costs less per request leaves more to the server and so measures it, not itself. The benchmark
installs wrk with apt-get when it runs as root and wrk is missing; if that fails it falls back to the
Python generator. A warm-up run (discarded) precedes each measured run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
WRK_SCRIPT = BENCH_DIR / "wrk_report.lua"
PYLOAD = BENCH_DIR / "pyload.py"


@dataclass(frozen=True)
class LoadResult:
    """Figures of one measured run against one server with one query."""

    requests: int
    duration_s: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    socket_errors: int
    timeouts: int
    statuses: dict[str, int]

    @property
    def rps(self) -> float:
        return self.requests / self.duration_s if self.duration_s else 0.0

    def errors(self, expected_status: int) -> int:
        """Transport errors plus responses whose status differs from the one the check request got."""
        wrong_status = sum(n for status, n in self.statuses.items() if int(status) != expected_status)
        return self.socket_errors + self.timeouts + wrong_status

    @classmethod
    def from_report(cls, report: dict[str, object]) -> LoadResult:
        def num(key: str) -> float:
            value = report[key]
            assert isinstance(value, int | float), key
            return float(value)

        statuses = report["statuses"]
        assert isinstance(statuses, dict)
        return cls(
            requests=int(num("requests")),
            duration_s=num("duration_us") / 1e6,
            p50_ms=num("p50_us") / 1e3,
            p99_ms=num("p99_us") / 1e3,
            max_ms=num("max_us") / 1e3,
            socket_errors=int(num("socket_errors")),
            timeouts=int(num("timeouts")),
            statuses={str(k): int(v) for k, v in statuses.items()},
        )


def ensure_wrk() -> str | None:
    """Path of wrk, installing it with apt-get if missing and we are root; None if it can't be had."""
    found = shutil.which("wrk")
    if found or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    print("wrk not found: installing it with apt-get ...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}

    def apt(*args: str) -> bool:
        done = subprocess.run(["apt-get", *args], env=env, capture_output=True, timeout=300, check=False)
        return done.returncode == 0

    # A fresh machine may have no package lists yet: update only if the first try fails.
    if not apt("install", "-y", "-q", "wrk") and apt("update", "-q"):
        apt("install", "-y", "-q", "wrk")
    return shutil.which("wrk")


def wrk_version(wrk: str) -> str:
    done = subprocess.run([wrk, "--version"], capture_output=True, text=True, check=False)
    return (done.stdout or done.stderr).splitlines()[0].strip() if (done.stdout or done.stderr) else "?"


class LoadGenerator:
    """Runs one warm-up and one measured run per (server, query), with wrk or the Python client."""

    def __init__(self, wrk: str | None, concurrency: int, headers: Mapping[str, str] | None = None) -> None:
        self.wrk = wrk
        self.concurrency = concurrency
        self.headers = [f"{name}: {value}" for name, value in (headers or {}).items()]
        """Sent with every request besides the JSON content type (e.g. ``Authorization``)."""

    @property
    def name(self) -> str:
        return "wrk" if self.wrk else "python-aiohttp (bench/pyload.py)"

    def measure(self, url: str, body_file: Path, duration: float, warmup: float) -> LoadResult:
        if self.wrk:
            if warmup > 0:
                self._wrk(url, body_file, warmup)
            return self._wrk(url, body_file, duration)
        return self._pyload(url, body_file, duration, warmup)

    def _wrk(self, url: str, body_file: Path, duration: float) -> LoadResult:
        assert self.wrk is not None
        argv = [
            self.wrk,
            "-t1",
            f"-c{self.concurrency}",
            f"-d{max(1, round(duration))}s",
            "--timeout",
            "10s",
            "-s",
            str(WRK_SCRIPT),
            url,
            "--",
            str(body_file),
            *self.headers,
        ]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=duration + 60, check=False)
        for line in done.stdout.splitlines():
            if line.startswith("BENCH_JSON "):
                return LoadResult.from_report(json.loads(line.removeprefix("BENCH_JSON ")))
        raise RuntimeError(f"wrk gave no report (exit {done.returncode}):\n{done.stdout}\n{done.stderr}")

    def _pyload(self, url: str, body_file: Path, duration: float, warmup: float) -> LoadResult:
        argv = [
            sys.executable,
            str(PYLOAD),
            url,
            str(body_file),
            "--duration",
            str(duration),
            "--warmup",
            str(warmup),
            "--concurrency",
            str(self.concurrency),
            *(arg for header in self.headers for arg in ("--header", header)),
        ]
        timeout = duration + warmup + 60
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, check=True)
        return LoadResult.from_report(json.loads(done.stdout))
