"""Rule coverage: ``python -m reports.coverage`` prints, for every rule, the suites that exercise it,
the mock fault that breaks it and whether the meta-test killed that fault.

The suites come from ``pytest suites --collect-only --rule-map``; the faults from
``mock_server.faults.FAULTS``; the verdicts from ``reports/out/meta/kill_rate.json``, which the
project's tests (``tox``) write. Exit status 0 exactly when the project's tests accept the coverage:
every rule that is neither pending nor an untriggerable code (one with its stated reason) has a suite
and a fault, no untriggerable code has either (such a test could never fail), and no fault survived.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from specs import Rule, default_rules
from specs.model import ErrorCode

REPO_ROOT = Path(__file__).resolve().parents[1]
KILL_RATE = REPO_ROOT / "reports" / "out" / "meta" / "kill_rate.json"


@dataclass(frozen=True)
class Coverage:
    rule: Rule
    suites: tuple[str, ...]  # test functions (node ids without parameters), deduplicated
    tests: int
    fault: str | None
    killed: bool | None  # None: no meta-test verdict recorded
    untriggerable: str | None = None  # why no request can provoke this code, when none can

    @property
    def problem(self) -> str | None:
        if self.rule.pending is not None:
            return None
        if self.untriggerable is not None:
            return "untriggerable code with a suite or fault" if self.suites or self.fault else None
        if not self.suites:
            return "no suite"
        if self.fault is None:
            return "no fault"
        if self.killed is False:
            return "fault survived"
        return None


def rule_map() -> dict[str, list[str]]:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "rules.json"
        command = [
            sys.executable, "-m", "pytest", "suites", "-p", "no:cacheprovider", "-q", "--collect-only",
            f"--rule-map={path}", f"--report-dir={scratch}",
        ]  # fmt: skip
        result = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise SystemExit(f"collecting the suites failed:\n{result.stdout}{result.stderr}")
        mapping: dict[str, list[str]] = json.loads(path.read_text(encoding="utf-8"))
        return mapping


def kill_verdicts(path: Path = KILL_RATE) -> dict[str, bool]:
    if not path.is_file():
        return {}
    document = json.loads(path.read_text(encoding="utf-8"))
    return {**{f: True for f in document.get("killed", [])}, **{f: False for f in document.get("survived", [])}}


def coverage(
    exercised: Mapping[str, list[str]], faults: Mapping[str, object], verdicts: Mapping[str, bool]
) -> list[Coverage]:
    table = []
    for rule in default_rules():
        nodeids = exercised.get(rule.id, [])
        suites = tuple(dict.fromkeys(nodeid.split("[")[0] for nodeid in nodeids))
        fault = rule.id if rule.id in faults else None
        reason = rule.data.untriggerable if isinstance(rule.data, ErrorCode) else None
        killed = _killed([f for f in faults if f.partition(":")[0] == rule.id], verdicts) if fault else None
        table.append(Coverage(rule, suites, len(nodeids), fault, killed, reason))
    return table


def _killed(fault_ids: Sequence[str], verdicts: Mapping[str, bool]) -> bool | None:
    """A rule's faults (``<rule id>`` and ``<rule id>:trigger``): False when any survived, True when
    all were killed, None while some are unmeasured."""
    measured = [verdicts[f] for f in fault_ids if f in verdicts]
    if not all(measured):
        return False
    return True if len(measured) == len(fault_ids) else None


def render(table: Sequence[Coverage], descriptions: Mapping[str, str]) -> str:
    lines = []
    for row in table:
        rule = row.rule
        if rule.pending is not None:
            verdict = f"pending (issue #{rule.pending.issue})"
        elif row.untriggerable is not None:
            verdict = f"untriggerable: {' '.join(row.untriggerable.split())}"
        elif row.killed is None:
            verdict = "not measured (run tox first)" if row.fault else "-"
        else:
            verdict = "killed" if row.killed else "SURVIVED"
        flag = f"  <-- {row.problem}" if row.problem else ""
        lines.append(f"{rule.id} [{rule.level.value}] {verdict}{flag}")
        for suite in row.suites:
            lines.append(f"    suite: {suite}")
        if row.untriggerable is None and not row.suites:
            lines.append("    suite: (none)")
        if row.untriggerable is None or row.fault:
            lines.append(f"    fault: {descriptions.get(row.fault, '') if row.fault else '(none)'}")
    problems = [row for row in table if row.problem]
    measured = [row for row in table if row.killed is not None]
    lines += [
        "",
        f"{len(table)} rules: {sum(1 for r in table if r.suites)} with a suite, "
        f"{sum(1 for r in table if r.fault)} with a fault, "
        f"{sum(1 for r in measured if r.killed)}/{len(measured)} measured faults killed, "
        f"{sum(1 for r in table if r.rule.pending)} pending, "
        f"{sum(1 for r in table if r.untriggerable is not None)} untriggerable (reason stated), "
        f"{len(problems)} problem(s)",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    from mock_server.faults import FAULTS  # a harness tool, not a suite: it may know the mock

    parser = argparse.ArgumentParser(prog="python -m reports.coverage", description=__doc__.split("\n\n")[0])
    parser.add_argument("--kill-rate", type=Path, default=KILL_RATE, help="kill_rate.json of the meta-tests")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    args = parser.parse_args(argv)
    table = coverage(rule_map(), FAULTS, kill_verdicts(args.kill_rate))
    if args.json:
        print(
            json.dumps(
                {
                    row.rule.id: {
                        "suites": list(row.suites),
                        "tests": row.tests,
                        "fault": row.fault,
                        "killed": row.killed,
                        "pending": row.rule.pending is not None,
                        "problem": row.problem,
                    }
                    for row in table
                },
                indent=2,
            )
        )
    else:
        print(render(table, {rule_id: fault.description for rule_id, fault in FAULTS.items()}))
    return 1 if any(row.problem for row in table) else 0


if __name__ == "__main__":
    sys.exit(main())
