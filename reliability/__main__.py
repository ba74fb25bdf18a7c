"""``python -m reliability fuzz|crash|concurrency|differential ... --out FILE``: exit 1 when a goal is missed."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from reliability import bounded
from reliability.concurrency import run_concurrency
from reliability.cors import run_cors
from reliability.crash import run_crash
from reliability.differential import run_differential
from reliability.differential import summary as differential_summary
from reliability.fuzz import FuzzPlan, run_fuzz
from reliability.results import write
from reliability.table import summary, table
from reliability.uploads import run_uploads


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m reliability", description=__doc__)
    commands = parser.add_subparsers(dest="campaign", required=True)
    fuzz = commands.add_parser("fuzz", help="schema-driven and malformed requests against one mock")
    fuzz.add_argument("--api", choices=("kontent", "wikijs"), required=True)
    fuzz.add_argument("--requests", type=int, required=True, metavar="N")
    fuzz.add_argument("--emulate", help="the mock's --emulate (e.g. 2.5.314); its documented 500s are excused")
    fuzz.add_argument("--seed", type=int, default=0, help="replays a stream (default: %(default)s)")
    fuzz.add_argument("--workers", type=int, default=4, help="concurrent connections (default: %(default)s)")
    fuzz.add_argument("--timeout", type=float, default=15.0, help="seconds before a request is a hang")
    fuzz.add_argument("--pool", type=int, default=300, help="hypothesis-graphql documents drawn per pool")
    fuzz.add_argument("--max-rss-mb", type=int, default=512, help="memory goal for the mock process")
    fuzz.add_argument("--max-seconds", type=float, help="stop the stream after this long (default: no limit)")
    crash = commands.add_parser("crash", help="kill -9 the Wiki.js mock during writes; check acknowledged writes")
    crash.add_argument("--rounds", type=int, required=True, metavar="N")
    crash.add_argument("--seed", type=int, default=0, help="replays the kill moments (default: %(default)s)")
    concurrency = commands.add_parser("concurrency", help="many clients on the same Wiki.js pages and users")
    concurrency.add_argument("--clients", type=int, default=50, help="(default: %(default)s)")
    concurrency.add_argument("--operations", type=int, default=20, help="per client (default: %(default)s)")
    concurrency.add_argument("--seed", type=int, default=0, help="(default: %(default)s)")
    differential = commands.add_parser(
        "differential", help="the same drawn sequences to a real Wiki.js and the mock --emulate 2.5.314; compare"
    )
    differential.add_argument(
        "--real-url", required=True, help="the real server's /graphql (admin key: WIKIJS_API_KEY)"
    )
    differential.add_argument("--sequences", type=int, required=True, metavar="N")
    differential.add_argument("--seed", type=int, default=0, help="replays the sequences (default: %(default)s)")
    differential.add_argument("--max-seconds", type=float, help="stop starting sequences after this long")
    commands.add_parser("uploads", help="hostile names, planted symlinks, oversized files against Wiki.js POST /u")
    commands.add_parser("cors", help="allowed, foreign and near-miss origins against every route of each mock")
    for command in commands.choices.values():
        command.add_argument("--out", type=Path, required=True, metavar="FILE", help="JSON figures")
    shown = commands.add_parser("table", help="a Markdown table of figure files (for bench/RESULTS.md)")
    shown.add_argument("files", type=Path, nargs="+", metavar="FILE")
    ci = commands.add_parser("ci", help="every campaign at a bounded size (reliability/bounded.py), then summary.md")
    ci.add_argument("--out-dir", type=Path, required=True, metavar="DIR", help="JSON figures and summary.md")
    return parser


def run_bounded(out_dir: Path) -> int:
    """Every run, also after a failed one; 1 when any goal was missed. Runs go
    :data:`reliability.bounded.PARALLEL_RUNS` at a time, each its own process (a campaign's client
    and mock take turns: about one core), their output printed in the runs' order."""
    commands = bounded.commands(out_dir)
    failed = []
    with ThreadPoolExecutor(bounded.PARALLEL_RUNS) as pool:
        for argv, (code, output) in zip(commands, pool.map(_run_apart, commands), strict=True):
            sys.stdout.write(output)  # in the runs' order: map yields them so, whichever ends first
            sys.stdout.flush()
            if code != 0:
                failed.append(argv[0])
    files = [path for path in bounded.figure_files(out_dir) if path.exists()]
    (out_dir / bounded.SUMMARY).write_text(summary(files), encoding="utf-8")
    print(f"ci: {'every goal met' if not failed else 'GOAL MISSED in ' + ', '.join(failed)}; see {out_dir}")
    return 1 if failed else 0


def _run_apart(argv: list[str]) -> tuple[int, str]:
    """A run as a process of its own: its exit code and its output (stdout and stderr)."""
    done = subprocess.run(
        [sys.executable, "-m", "reliability", *argv], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False
    )
    return done.returncode, done.stdout.decode("utf-8", "replace")


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(argv) if argv is not None else sys.argv[1:]
    args = build_parser().parse_args(arguments)
    if args.campaign == "table":
        print(table(args.files))
        return 0
    if args.campaign == "ci":
        return run_bounded(args.out_dir)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))  # so the mock is stopped too
    with tempfile.TemporaryDirectory(prefix="reliability-") as work:
        if args.campaign == "fuzz":
            plan = FuzzPlan(
                args.api,
                args.requests,
                args.emulate,
                args.seed,
                args.workers,
                args.timeout,
                args.pool,
                args.max_rss_mb,
                args.max_seconds,
            )
            figures, goals = run_fuzz(plan, Path(work))
        elif args.campaign == "differential":
            token = os.environ["WIKIJS_API_KEY"]
            figures = run_differential(args.real_url, token, args.sequences, args.seed, Path(work), args.max_seconds)
            goals = {"no difference": figures["differences"] == 0}
            args.out.with_suffix(".md").write_text(differential_summary(figures), encoding="utf-8")
        elif args.campaign == "cors":
            figures, goals = run_cors(Path(work))
        elif args.campaign == "uploads":
            figures, goals = run_uploads(Path(work))
        elif args.campaign == "crash":
            figures, goals = run_crash(args.rounds, args.seed, Path(work))
        else:
            figures, goals = run_concurrency(args.clients, args.operations, args.seed, Path(work))
    met = write(args.out, args.campaign, figures, goals, arguments)
    print(f"{args.campaign}: {'every goal met' if met else 'GOAL MISSED'}; figures in {args.out}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
