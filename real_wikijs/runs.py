"""The runs against the real server and their figures (command, exit code, test counts, time).

The 2.5.314 profile must be green with an administrator key (writing) and with a read-only key;
the docs profile is expected to fail, once per recorded deviation, so its exit code is recorded but
does not fail the job: what must hold there is that it fails on exactly the rules with a recorded
2.5.314 deviation (a deviation that never fires is dead data, a failure elsewhere is a behaviour no
deviation records, or a false alarm). Then the differential test compares the mock's 2.5.314
emulation with the same server.
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from subprocess import run
from typing import Any

from specs import default_rules
from specs.model import ErrorCode

IMPLEMENTATION = "2.5.314"
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
    silent: tuple[str, ...] = ()
    """Docs run: rules with a recorded deviation that ran and did not fail."""
    skipped_deviations: tuple[str, ...] = ()
    """Docs run: rules with a recorded deviation whose tests were skipped."""
    unrecorded: tuple[str, ...] = ()
    """Docs run: failed rules without a recorded deviation."""

    @property
    def green(self) -> bool:
        """What the job asks of the run: exit 0, or for the docs run failures exactly where deviations are."""
        if self.must_pass:
            return self.exit_code == 0
        return not (self.silent or self.skipped_deviations or self.unrecorded)


def plan(url: str, workers: int, repeat: int, extra: tuple[str, ...] = ()) -> list[Step]:
    """``extra``: further pytest arguments for every suite run (e.g. ``--rule RULE_ID``)."""
    parallel = ("-n", str(workers)) if workers > 1 else ()
    pinned = ("--target-url", url, "--profile", "wikijs-2.5.314", *parallel, *extra)
    steps = []
    for index in range(1, repeat + 1):
        steps += [
            Step(f"2.5.314-admin-writes-{index}", "admin", (*pinned, "--allow-writes", "--allow-api-switch"), True),
            Step(f"2.5.314-readonly-{index}", "readonly", pinned, True),
        ]
    # the wiki is ours: the docs run may spend its login window and switch its API off for a moment,
    # so the rate-limit and disabled-API deviations are reported too
    docs = (
        "--target-url", url, "--profile", "docs", *parallel, *extra,
        "--allow-writes", "--allow-rate-limit-burst", "--allow-api-switch",
    )  # fmt: skip
    steps.append(Step(DOCS, "admin", docs, False))
    return steps


DOCS = "docs"


def deviations() -> set[str]:
    """The Wiki.js rules a docs-profile run against a 2.5.314 must fail: those with a recorded
    deviation that a request can provoke. A deviation that only words a message the documented rule
    leaves open (``wording``: V8's JSON.parse messages) fails no docs check; the differential test
    holds it to the real server."""
    return {
        rule.id
        for rule in default_rules()
        if rule.api == "wikijs" and (deviation := rule.deviation(IMPLEMENTATION)) and rule.pending is None
        and set(deviation.data) != {"wording"}
        and not (isinstance(rule.data, ErrorCode) and rule.data.untriggerable is not None)
    }  # fmt: skip


def against_deviations(summary: Path) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """A docs run's summary held to :func:`deviations`: (deviations whose rule did not fail,
    those among them that were skipped, failed rules without a deviation). A skipped deviation is
    listed apart because its cause is a switch the run lacked, not the server; it still keeps the
    docs run from being green. No summary: every deviation is silent."""
    try:
        rules: dict[str, Any] = json.loads(summary.read_text(encoding="utf-8"))["rules"]
    except (OSError, ValueError, KeyError):
        rules = {}
    outcomes = {rule_id: outcome.get("outcome") for rule_id, outcome in rules.items()}
    failed = {rule_id for rule_id, outcome in outcomes.items() if outcome == "failed"}
    expected = deviations()
    silent = expected - failed
    skipped = {rule_id for rule_id in silent if outcomes.get(rule_id) == "skipped"}
    return tuple(sorted(silent - skipped)), tuple(sorted(skipped)), tuple(sorted(failed - expected))


def run_step(step: Step, keys: dict[str, Any], out: Path, repo: Path) -> Figures:
    report_dir = out / step.name
    command = [sys.executable, *SUITES, *step.arguments, "--report-dir", str(report_dir)]
    environment = _environment(keys[step.key]["key"])
    started = time.monotonic()
    with (out / f"{step.name}.log").open("w", encoding="utf-8") as log:
        exit_code = run(command, cwd=repo, env=environment, stdout=log, stderr=log, check=False).returncode
    seconds = round(time.monotonic() - started, 1)
    counts = _counts(report_dir / "summary.json")
    silent, skipped, unrecorded = against_deviations(report_dir / "summary.json") if step.name == DOCS else ((), (), ())
    return Figures(
        step.name, " ".join(command[1:]), step.key, exit_code, counts.get("passed"), counts.get("failed"),
        counts.get("skipped"), seconds, step.must_pass, silent, skipped, unrecorded,
    )  # fmt: skip


DIFFERENTIAL = "differential"
DIFFERENTIAL_SEED = 2026
"""The campaign's default seed: the same sequences as the figures the README quotes."""


def run_differential(url: str, keys: dict[str, Any], out: Path, repo: Path, sequences: int) -> Figures:
    """The differential test (``python -m reliability differential``): exit 0 only at 0 differences;
    its figures (differences by kind, excused answers with their reasons) go to ``differential.json``
    and ``differential.md`` beside the suites' figures."""
    figures = out / f"{DIFFERENTIAL}.json"
    command = [
        sys.executable, "-m", "reliability", DIFFERENTIAL, "--real-url", url,
        "--sequences", str(sequences), "--seed", str(DIFFERENTIAL_SEED), "--out", str(figures),
    ]  # fmt: skip
    started = time.monotonic()
    with (out / f"{DIFFERENTIAL}.log").open("w", encoding="utf-8") as log:
        done = run(command, cwd=repo, env=_environment(keys["admin"]["key"]), stdout=log, stderr=log, check=False)
    seconds = round(time.monotonic() - started, 1)
    return Figures(DIFFERENTIAL, " ".join(command[1:]), "admin", done.returncode, None, None, None, seconds, True)


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
    total = len(deviations())
    for f in figures:
        if f.name == DOCS:
            reported = total - len(f.silent) - len(f.skipped_deviations)
            lines += [
                "", f"Docs run: {reported} of {total} recorded {IMPLEMENTATION} deviations reported.",
                f"- deviations that did not fire: {', '.join(f.silent) or 'none'}",
                f"- deviations whose tests were skipped: {', '.join(f.skipped_deviations) or 'none'}",
                f"- failures without a recorded deviation: {', '.join(f.unrecorded) or 'none'}",
            ]  # fmt: skip
    (out / "results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
