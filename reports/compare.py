"""What changed per rule between two runs: ``python -m reports.compare OLD.json NEW.json``.

OLD and NEW are ``summary.json`` files (mock vs live, yesterday vs today). Prints every rule whose
outcome changed, rules only one run has, and the totals of both. Exit status 1 with
``--fail-on-regression`` when a rule that passed now fails.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reports.events import FAILED, PASSED, totals
from reports.json_summary import Summary, read_summary


@dataclass(frozen=True)
class Change:
    rule_id: str
    old: str | None  # None: the rule is not in the old run
    new: str | None

    @property
    def regression(self) -> bool:
        return self.old == PASSED and self.new == FAILED

    @property
    def fixed(self) -> bool:
        return self.old == FAILED and self.new == PASSED


def changes(old: Summary, new: Summary) -> list[Change]:
    found = []
    for rule_id in sorted(set(old.outcomes) | set(new.outcomes)):
        before = old.outcomes.get(rule_id)
        after = new.outcomes.get(rule_id)
        old_outcome = before.outcome if before else None
        new_outcome = after.outcome if after else None
        if old_outcome != new_outcome:
            found.append(Change(rule_id, old_outcome, new_outcome))
    return found


def render(old: Summary, new: Summary, old_name: str, new_name: str) -> str:
    found = changes(old, new)
    lines = [
        f"old: {old_name}  target={old.run.get('target_url')} implementation={old.run.get('implementation')} "
        f"seed={old.run.get('seed')} started={old.run.get('started')}",
        f"new: {new_name}  target={new.run.get('target_url')} implementation={new.run.get('implementation')} "
        f"seed={new.run.get('seed')} started={new.run.get('started')}",
        "",
    ]
    if not found:
        lines.append("no rule changed its outcome")
    else:
        width = max(len(change.rule_id) for change in found)
        lines.append(f"{'rule'.ljust(width)}  {'old':<9} -> {'new':<9}")
        for change in found:
            mark = "  REGRESSION" if change.regression else "  fixed" if change.fixed else ""
            lines.append(
                f"{change.rule_id.ljust(width)}  {change.old or '(absent)':<9} -> {change.new or '(absent)':<9}{mark}"
            )
    lines.append("")
    old_totals, new_totals = totals(old.outcomes), totals(new.outcomes)
    for outcome in sorted(set(old_totals) | set(new_totals)):
        lines.append(f"{outcome:<8} {old_totals.get(outcome, 0):>4} -> {new_totals.get(outcome, 0):>4}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reports.compare", description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path, help="summary.json of the earlier or reference run")
    parser.add_argument("new", type=Path, help="summary.json of the later or other run")
    parser.add_argument("--fail-on-regression", action="store_true", help="exit 1 when a passing rule now fails")
    args = parser.parse_args(argv)
    old, new = read_summary(args.old), read_summary(args.new)
    print(render(old, new, str(args.old), str(args.new)))
    regressed = any(change.regression for change in changes(old, new))
    return 1 if args.fail_on_regression and regressed else 0


if __name__ == "__main__":
    sys.exit(main())
