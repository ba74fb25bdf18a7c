"""The load-test report directory: Locust's own HTML/CSV/JSON (written by Locust), the request
records, our verdict, the plot, and an index that says what was run and what it showed."""

from __future__ import annotations

import json
import statistics
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from load.plot import per_second
from load.samples import Sample
from load.verdict import Contract, clock


def figures(
    records: Sequence[Sample], contract: Contract, wall: float, mock_cpu: float | None, workers: int
) -> dict[str, Any]:
    """The generator's throughput and, for the embedded mock, the CPU it used."""
    start = min((s.started for s in records), default=0.0)
    span = (max(s.finished for s in records) - start) if records else 0.0
    offered = per_second(records, start, contract)["offered"] if records else [0.0]
    return {
        "first_request_at": clock(start) if records else None,  # second 0 of the plot
        "requests": len(records),
        "rate_limited": sum(s.limited for s in records),
        "cache_hits": sum(s.cache_hit for s in records),
        "peak_offered_uncached_ru_per_second": round(max(offered)),
        "median_offered_uncached_ru_per_second_while_offering": round(
            statistics.median([o for o in offered if o] or [0])
        ),
        "generator_requests_per_second": round(len(records) / span, 1) if span else 0.0,
        "nodes_that_sent_requests": len({s.node for s in records}),
        "locust_worker_processes": workers or 1,
        "wall_seconds": round(wall, 1),
        "mock_cpu_seconds": None if mock_cpu is None else round(mock_cpu, 1),
        "mock_cpu_share_of_one_core": None if mock_cpu is None or not span else round(mock_cpu / span, 3),
    }


def _markdown(run_id: str, description: str, target: str, document: dict[str, Any]) -> str:
    lines = [
        f"# Load check {run_id}: {document['verdict'].upper()}",
        "",
        f"Target: {target}. {description}",
        "",
        "| rule | level | check | result | detail |",
        "|---|---|---|---|---|",
    ]
    for rule in document["rules"]:
        for check in rule["checks"]:
            result = "pass" if check["passed"] else "**FAIL**"
            lines.append(f"| {rule['rule']} | {rule['level']} | {check['check']} | {result} | {check['detail']} |")
    lines += ["", "## Figures", ""]
    lines += [f"- {key.replace('_', ' ')}: {value}" for key, value in document["figures"].items()]
    lines += [
        "",
        "![load over time](plot.png)",
        "",
        "Files: `verdict.json` (the rule checks, with offending requests), `samples.jsonl` (one record per",
        "request), `locust.html`, `locust_stats.csv`, `locust_stats_history.csv`, `locust_failures.csv`,",
        "`locust.json` (Locust's own report), `mock.log` (the embedded mock's log, when the mock was the target).",
    ]
    return "\n".join(lines) + "\n"


def write(
    directory: Path, run_id: str, description: str, target: str, verdict: dict[str, Any], numbers: dict[str, Any]
) -> None:
    document = {"run": run_id, "target": target, "description": description, **verdict, "figures": numbers}
    (directory / "verdict.json").write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    (directory / "index.md").write_text(_markdown(run_id, description, target, document), encoding="utf-8")
