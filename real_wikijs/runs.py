"""The runs against the real server and their figures (command, exit code, test counts, time).

The 2.5.314 profile must be green with an administrator key (writing) and with a read-only key;
the docs profile is expected to fail, once per recorded deviation, so its exit code is recorded but
does not fail the job. The differential test is run when the ``reliability.differential`` module
exists (it is built on another branch).
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from subprocess import run
from typing import Any

SUITES = ["-m", "pytest", "suites", "-p", "no:cacheprovider", "--api", "wikijs"]


@dataclass(frozen=True)
class Step:
    name: str
    key: str
    arguments: tuple[str, ...]
    must_pass: bool


@dataclass(frozen=True)
class Figures:
    name: str
    command: str
    key: str
    exit_code: int
    passed: int | None
    failed: int | None
    skipped: int | None
    seconds: float
    must_pass: bool


def plan(url: str, workers: int, repeat: int, extra: tuple[str, ...] = ()) -> list[Step]:
    """``extra``: further pytest arguments for every suite run (e.g. ``--rule RULE_ID``)."""
    parallel = ("-n", str(workers)) if workers > 1 else ()
    pinned = ("--target-url", url, "--profile", "wikijs-2.5.314", *parallel, *extra)
    steps = []
    for index in range(1, repeat + 1):
        steps += [
            Step(f"2.5.314-admin-writes-{index}", "admin", (*pinned, "--allow-writes"), True),
            Step(f"2.5.314-readonly-{index}", "readonly", pinned, True),
        ]
    # the wiki is ours: the docs run may spend its login window, so the rate-limit deviations are reported too
    docs = ("--target-url", url, "--profile", "docs", *parallel, *extra, "--allow-writes", "--allow-rate-limit-burst")
    steps.append(Step("docs", "admin", docs, False))
    return steps


def run_step(step: Step, keys: dict[str, Any], out: Path, repo: Path) -> Figures:
    report_dir = out / step.name
    command = [sys.executable, *SUITES, *step.arguments, "--report-dir", str(report_dir)]
    environment = _environment(keys[step.key]["key"])
    started = time.monotonic()
    with (out / f"{step.name}.log").open("w", encoding="utf-8") as log:
        exit_code = run(command, cwd=repo, env=environment, stdout=log, stderr=log, check=False).returncode
    counts = _counts(report_dir / "summary.json")
    return Figures(
        step.name, " ".join(command[1:]), step.key, exit_code, counts.get("passed"), counts.get("failed"),
        counts.get("skipped"), round(time.monotonic() - started, 1), step.must_pass,
    )  # fmt: skip


def run_differential(url: str, keys: dict[str, Any], out: Path, repo: Path) -> Figures | None:
    """HOOK: the differential test (``python -m reliability differential``), only where that module exists."""
    if importlib.util.find_spec("reliability.differential") is None:
        return None
    command = [sys.executable, "-m", "reliability", "differential", "--real-url", url]
    started = time.monotonic()
    with (out / "differential.log").open("w", encoding="utf-8") as log:
        done = run(command, cwd=repo, env=_environment(keys["admin"]["key"]), stdout=log, stderr=log, check=False)
    seconds = round(time.monotonic() - started, 1)
    return Figures("differential", " ".join(command[1:]), "admin", done.returncode, None, None, None, seconds, True)


def _environment(key: str) -> dict[str, str]:
    environment = {name: value for name, value in os.environ.items() if name != "CI"}
    environment["WIKIJS_API_KEY"] = key
    return environment


def _counts(summary: Path) -> dict[str, int]:
    try:
        counts: dict[str, int] = json.loads(summary.read_text(encoding="utf-8"))["test_totals"]
    except (OSError, ValueError, KeyError):
        return {}
    return counts


def write_results(out: Path, figures: list[Figures], source: str) -> None:
    """results.json for machines, results.md for people; the keys themselves are never written."""
    (out / "results.json").write_text(
        json.dumps({"source": source, "runs": [asdict(f) for f in figures]}, indent=2) + "\n", encoding="utf-8"
    )
    lines = [
        f"# Suites against a real Wiki.js 2.5.314 ({source})", "",
        "| run | key | exit | passed | failed | skipped | seconds | must pass | command |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]  # fmt: skip
    for f in figures:
        lines.append(
            f"| {f.name} | {f.key} | {f.exit_code} | {f.passed} | {f.failed} | {f.skipped} | {f.seconds} | "
            f"{'yes' if f.must_pass else 'no'} | `{f.command}` |"
        )
    (out / "results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
