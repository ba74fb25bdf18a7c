"""Benchmark: the mock's GraphQL-over-HTTP layer against a bare aiohttp handler and Apollo Server.

A measurement, not a test: it writes its figures to a JSON file, prints a table and the targets from the
issue (ratios to Apollo measured in the same run) and exits 0 whether targets are met or not. Each server
runs alone in its own process while the load generator (wrk, else bench/pyload.py) runs in another.

Apollo's SDL and data are derived from the running mock at start (see schema_export.py), so the three
servers serve the same schema and the same items. ``--api wikijs`` measures the Wiki.js mock instead of
Kontent.ai's: 10 pages stored first, and every request (to all three servers) carries the admin key as a
bearer token, which the mock checks on each request.

Usage: python bench/run.py [--api kontent|wikijs] [--duration S] [--warmup S] [--rounds N] [--concurrency C]
    [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import apollo_setup
import consistency
import http_check
import loadgen
import machine
import noise
import report
import schema_export
from procs import ServerProcess, start_server
from queries import QUERY_SETS, Query

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
SCRATCH = BENCH_DIR / ".scratch"
SPEC_PATH = SCRATCH / "apollo" / "spec.json"
WIKIJS_KEY = "bench-admin-key"
MOCK = f"{shlex.quote(sys.executable)} -m mock_server"
MOCK_CMDS = {
    "kontent": f"{MOCK} kontent --host 127.0.0.1 --port 0",
    "wikijs": f"{MOCK} wikijs --host 127.0.0.1 --port 0 --admin-api-key {WIKIJS_KEY}",
}
HEADERS = {"kontent": {}, "wikijs": {"Authorization": f"Bearer {WIKIJS_KEY}"}}

Answers = dict[str, http_check.Answer]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--api", choices=sorted(MOCK_CMDS), default="kontent", help="which mock to measure")
    parser.add_argument("--duration", type=float, default=3.0, help="measured seconds per server, query, round")
    parser.add_argument("--warmup", type=float, default=1.0, help="discarded seconds before each measurement")
    parser.add_argument("--rounds", type=int, default=3, help="fresh start of every server per round; medians")
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=30.0,
        help="seconds in all to spend waiting for other processes to leave the CPU, or re-measuring",
    )
    parser.add_argument("--concurrency", type=int, default=32, help="open keep-alive connections")
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "out" / "results.json")
    parser.add_argument("--loadgen", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--mock-cmd", help="command that starts the mock (default: the --api's mock on any port)")
    args = parser.parse_args(argv)
    args.mock_cmd = args.mock_cmd or MOCK_CMDS[args.api]
    return args


class Bench:
    """Runs each server in turn (start, check, time every query, stop) and collects the figures.

    With several rounds every round starts fresh processes of all three servers, one after the other, so
    a burst of other work on the machine hits one round of one server, and the median discards it.
    """

    def __init__(self, args: argparse.Namespace, generator: loadgen.LoadGenerator) -> None:
        self.args = args
        self.generator = generator
        self.queries: tuple[Query, ...] = QUERY_SETS[args.api]
        self.headers: dict[str, str] = HEADERS[args.api]
        self.bodies = write_bodies(SCRATCH / "bodies", self.queries)
        self.logs: Path = args.out.parent / "logs"
        self.rounds: dict[str, list[dict[str, Any]]] = {}
        self.commands: dict[str, str] = {}
        self.answers: dict[str, Answers] = {}
        self.gate = noise.QuietGate(args.quiet_wait)

    def run(
        self,
        name: str,
        argv: list[str],
        *,
        label: str,
        cwd: Path = REPO,
        env: dict[str, str] | None = None,
        before: Callable[[ServerProcess], None] | None = None,
    ) -> None:
        """Start one server, run `before` on it (e.g. export its schema), measure it, stop it."""
        server = start_server(name, argv, self.logs, cwd=cwd, env=env)
        try:
            if before is not None:
                before(server)
            figures, self.answers[name] = self.measure(server)
        finally:
            server.stop()
        self.rounds.setdefault(name, []).append(figures)
        self.commands[name] = label

    def measure(self, server: ServerProcess) -> tuple[dict[str, Any], Answers]:
        """Check each query once, then time it; figures per query plus the server's RSS."""
        print(f"measuring {server.name} at {server.url} (pid {server.pid}) ...", flush=True)
        duration, warmup = self.args.duration, self.args.warmup
        idle_rss = server.peak_rss_mb()
        figures: dict[str, Any] = {}
        answers: Answers = {}
        for query in self.queries:
            body = self.bodies[query.key].read_bytes()
            answer = answers[query.key] = http_check.post(server.url, body, headers=self.headers)
            result, cpu_used, others = self.timed_run(server, query.key)
            figures[query.key] = {
                "rps": round(result.rps, 1),
                "p50_ms": round(result.p50_ms, 3),
                "p99_ms": round(result.p99_ms, 3),
                "max_ms": round(result.max_ms, 3),
                "errors": result.errors(answer.status),
                "requests": result.requests,
                "http_status": answer.status,
                "response_bytes": answer.size,
                "server_cpu_pct": round(100 * cpu_used / (duration + warmup), 1),
                "other_cpu_pct": others.other_cpu_pct,
                "steal_pct": others.steal_pct,
                "noise_pct": others.noise_pct,
                "peak_rss_mb": round(server.peak_rss_mb(), 1),
            }
            flag = f"  (noise {others.noise_pct:.0f}% of a core)" if others.noisy else ""
            print(f"  {query.key:<14} {result.rps:>9,.0f} req/s  p99 {result.p99_ms:.2f} ms{flag}", flush=True)
        peak = round(server.peak_rss_mb(), 1)
        return {"idle_rss_mb": round(idle_rss, 1), "peak_rss_mb": peak, "queries": figures}, answers

    def timed_run(self, server: ServerProcess, key: str) -> tuple[loadgen.LoadResult, float, noise.Background]:
        """Time one query: load figures, server CPU seconds, and what other processes used meanwhile.

        Runs once more (after waiting for quiet) when other processes disturbed the first run.
        """
        for attempt in range(2):
            self.gate.wait()
            cpu_before, snapshot = server.cpu_seconds(), noise.CpuSnapshot.take()
            result = self.generator.measure(server.url, self.bodies[key], self.args.duration, self.args.warmup)
            cpu_used = server.cpu_seconds() - cpu_before
            others = noise.background(snapshot, noise.CpuSnapshot.take(), cpu_used)
            if not others.noisy or self.gate.budget_s <= 0 or attempt == 1:
                break
            print(f"  {key:<14} noise {others.noise_pct:.0f}% of a core (other processes, steal): again", flush=True)
            self.gate.budget_s -= self.args.duration + self.args.warmup  # a re-run spends the same budget
        return result, cpu_used, others

    def servers(self) -> dict[str, dict[str, Any]]:
        """Per server: the command and the figures aggregated over rounds (medians, worst cases)."""
        return {
            name: {"command": self.commands[name], **report.aggregate(rounds)} for name, rounds in self.rounds.items()
        }

    def differences(self) -> list[str]:
        """How the mock's and Apollo's answers differ, query by query (empty when they agree)."""
        mock, apollo = self.answers[report.MOCK], self.answers[report.APOLLO]
        notes = (consistency.compare(query.key, mock[query.key], apollo[query.key]) for query in self.queries)
        return [note for note in notes if note]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    wrk = None if args.loadgen == "python" else loadgen.ensure_wrk()
    if args.loadgen == "wrk" and wrk is None:
        print("wrk is not available", file=sys.stderr)
        return 2
    generator = loadgen.LoadGenerator(wrk, args.concurrency, HEADERS[args.api])
    apollo_script = apollo_setup.prepare()
    started = time.monotonic()
    bench = Bench(args, generator)
    run_rounds(bench, apollo_script)
    results = results_document(bench, wrk, started)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")

    print(report.table(results["servers"], results["ratios"], bench.queries))
    for note in results["answer_differences"]:
        print(f"WARNING mock and Apollo answer differently: {note}")
    for note in report.noise_warnings(results["servers"]):
        print(f"WARNING {note}")
    missed = results["missed_targets"]
    print("missed targets: " + ("; ".join(missed) if missed else "none"))
    print(f"results written to {args.out}")
    return 0


def run_rounds(bench: Bench, apollo_script: Path) -> None:
    """Each round measures the mock, Apollo and the bare handler, one after the other; the first
    round's mock also exports what Apollo serves."""
    args = bench.args
    apollo_env = {key: value for key, value in os.environ.items() if not key.startswith("APOLLO_")}
    apollo_env |= {"NODE_ENV": "production", "BENCH_APOLLO_SPEC": str(SPEC_PATH)}
    bare_argv = [sys.executable, str(BENCH_DIR / "bare_aiohttp.py"), "--host", "127.0.0.1", "--port", "0"]
    for round_index in range(args.rounds):
        print(f"round {round_index + 1}/{args.rounds}", flush=True)
        first = round_index == 0
        prepare = EXPORTS[args.api] if first else SEEDS[args.api]
        bench.run(report.MOCK, shlex.split(args.mock_cmd), label=args.mock_cmd, before=prepare)
        bench.run(
            report.APOLLO,
            ["node", str(apollo_script)],
            label="NODE_ENV=production node bench/.scratch/apollo/server.mjs",
            cwd=apollo_script.parent,
            env=apollo_env | {"BENCH_PORT": str(free_port())},
        )
        bench.run(report.BARE, bare_argv, label="python bench/bare_aiohttp.py")


def results_document(bench: Bench, wrk: str | None, started: float) -> dict[str, Any]:
    """The figures with the machine and the settings they were measured with."""
    args = bench.args
    servers = bench.servers()
    ratio_table, missed = report.ratios(servers)
    extra = {**apollo_setup.versions(), "loadgen": bench.generator.name}
    if wrk:
        extra["wrk"] = loadgen.wrk_version(wrk)
    return {
        "machine": machine.describe(REPO, extra),
        "settings": {
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "rounds": args.rounds,
            "concurrency": args.concurrency,
            "api": args.api,
            "headers": sorted(HEADERS[args.api]),
            "queries": {query.key: query.text for query in bench.queries},
            "wall_time_s": round(time.monotonic() - started, 1),
        },
        "servers": servers,
        "ratios": ratio_table,
        "missed_targets": missed,
        "answer_differences": bench.differences(),
    }


def export_spec(mock: ServerProcess) -> None:
    """Write the SDL and items Apollo will serve, read from the running mock."""
    SPEC_PATH.parent.mkdir(parents=True, exist_ok=True)
    SPEC_PATH.write_text(json.dumps(schema_export.export_apollo_spec(mock.url)))


def seed_wikijs(mock: ServerProcess) -> None:
    """A fresh Wiki.js mock holds one page: make it the 10 of the list query."""
    schema_export.seed_wikijs_pages(mock.url, HEADERS["wikijs"])


def export_wikijs_spec(mock: ServerProcess) -> None:
    """Seed the pages, then write the SDL and the answers' data Apollo will serve."""
    seed_wikijs(mock)
    SPEC_PATH.parent.mkdir(parents=True, exist_ok=True)
    spec = schema_export.export_root_value_spec(mock.url, QUERY_SETS["wikijs"][1].text, HEADERS["wikijs"])
    SPEC_PATH.write_text(json.dumps(spec))


def no_preparation(_: ServerProcess) -> None:
    """Kontent.ai's generated items need nothing before a later round."""


EXPORTS: dict[str, Callable[[ServerProcess], None]] = {"kontent": export_spec, "wikijs": export_wikijs_spec}
SEEDS: dict[str, Callable[[ServerProcess], None]] = {"kontent": no_preparation, "wikijs": seed_wikijs}


def write_bodies(folder: Path, queries: tuple[Query, ...]) -> dict[str, Path]:
    """One file per query body, for wrk's script and the Python generator to send."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for query in queries:
        path = folder / f"{query.key}.json"
        path.write_bytes(query.body())
        paths[query.key] = path
    return paths


def free_port() -> int:
    """A port free on loopback right now (Apollo is told which port to use)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


if __name__ == "__main__":
    sys.exit(main())
