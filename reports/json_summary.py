"""The machine-readable summary of a run: rule id -> outcome, plus how to reproduce the run."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from reports.events import OutcomeEvent, RuleOutcome, count_events, failed_must, totals


def write_summary(
    path: Path,
    run: Mapping[str, Any],
    outcomes: Mapping[str, RuleOutcome],
    events: Iterable[OutcomeEvent],
) -> dict[str, Any]:
    document = {
        "run": dict(run),
        "totals": totals(outcomes),
        "test_totals": count_events(events),
        "failed_must": failed_must(outcomes),
        "rules": {rule_id: outcome.to_json() for rule_id, outcome in sorted(outcomes.items())},
        "tests": [asdict(event) for event in events],
    }
    text = json.dumps(document, indent=2)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n", encoding="utf-8")
    written: dict[str, Any] = json.loads(text)
    return written


@dataclass(frozen=True)
class Summary:
    """A summary.json read back: what the other writers and the compare command work from."""

    run: dict[str, Any]
    outcomes: dict[str, RuleOutcome]
    events: list[OutcomeEvent]


def read_summary(path: Path) -> Summary:
    document = json.loads(path.read_text(encoding="utf-8"))
    return Summary(
        run=dict(document.get("run", {})),
        outcomes={rule_id: RuleOutcome.from_json(data) for rule_id, data in document.get("rules", {}).items()},
        events=[OutcomeEvent.from_json(data) for data in document.get("tests", [])],
    )
