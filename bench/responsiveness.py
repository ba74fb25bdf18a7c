"""How long a wide request holds the Wiki.js mock: /healthz latency while one query of N aliases runs.

``python bench/responsiveness.py --aliases 40000 --field typename --out bench/out/responsiveness.json``
starts the mock, sends the one wide query on a thread and probes ``/healthz`` every 50 ms until three
seconds after it is answered; the figure is the worst probe latency (issue 22: at most one second). The mock's resident
memory is read before the request, at its peak and a few seconds after the answer (issue 22: memory
returns after it), and the CPU time the mock spent from the request to the last reading.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

FIELDS = {"typename": "__typename", "pages": "pages { list(limit: 1) { id title } }"}
KEY = "bench-key"
PROBE_INTERVAL_S = 0.05
SETTLE_S = 3.0
"""How long after the answer ``/healthz`` is still probed (a pause to free the request's objects
counts too) and the memory read again."""


def memory_mb(pid: int, field: str) -> float:
    """``VmRSS`` (resident now) or ``VmHWM`` (peak resident) of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
        if line.startswith(field + ":"):
            return round(int(line.split()[1]) / 1024, 1)
    raise LookupError(field)


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system) the process has used: a wide request's cost that a loaded
    machine barely moves, unlike its wall time."""
    fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(aliases: int, field: str) -> dict[str, float | int | str]:
    command = [sys.executable, "-m", "mock_server", "wikijs", "--port", "0", "--admin-api-key", KEY]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) as mock:
        assert mock.stdout is not None
        url = mock.stdout.readline().split(" on ", 1)[1].strip()
        query = "{ " + " ".join(f"a{i}: {FIELDS[field]}" for i in range(aliases)) + " }"
        body = json.dumps({"query": query}).encode()
        idle_mb, idle_cpu_s = memory_mb(mock.pid, "VmRSS"), cpu_s(mock.pid)
        elapsed: list[float] = []

        def wide() -> None:
            started = time.perf_counter()
            headers = {"Content-Type": "application/json", "Authorization": f"Bearer {KEY}"}
            with urllib.request.urlopen(urllib.request.Request(url, body, headers), timeout=900) as answer:
                answer.read()
            elapsed.append(time.perf_counter() - started)

        sender = threading.Thread(target=wide)
        sender.start()
        worst, probes = 0.0, 0
        answered = float("inf")
        while time.perf_counter() < answered + SETTLE_S:
            started = time.perf_counter()
            urllib.request.urlopen(url.rsplit("/graphql", 1)[0] + "/healthz", timeout=900).read()
            worst, probes = max(worst, time.perf_counter() - started), probes + 1
            if answered == float("inf") and not sender.is_alive():
                answered = time.perf_counter()
            time.sleep(PROBE_INTERVAL_S)
        memory = {"rss_idle_mb": idle_mb, "rss_peak_mb": memory_mb(mock.pid, "VmHWM"),
                  "rss_after_mb": memory_mb(mock.pid, "VmRSS")}  # fmt: skip
        request_cpu_s = round(cpu_s(mock.pid) - idle_cpu_s, 2)
        mock.terminate()
    return {"field": field, "aliases": aliases, "body_bytes": len(body), "wide_request_s": round(elapsed[0], 2),
            "mock_cpu_s": request_cpu_s,
            "healthz_probes": probes, "worst_healthz_s": round(worst, 3), **memory}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aliases", type=int, default=40_000)
    parser.add_argument("--field", choices=sorted(FIELDS), default="typename")
    parser.add_argument("--out", type=Path, default=Path("bench/out/responsiveness.json"))
    args = parser.parse_args()
    result = measure(args.aliases, args.field)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
