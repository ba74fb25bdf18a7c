"""The single-file HTML report: failures first, then every rule by API and area.

Everything a target said (messages, bodies, headers inside reproductions) reaches the page only
through jinja2's autoescaping; the page's own CSS and script are inlined, and a Content-Security-Policy
allows nothing but that script (by hash) and inline data images, so the page works offline and an
escaping mistake still could not run a target's script.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import shlex
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from reports.events import (
    FAILED,
    NOT_RUN,
    PASSED,
    PENDING,
    SKIPPED,
    OutcomeEvent,
    RuleOutcome,
    count_events,
    gravity,
    totals,
)

TEMPLATES = Path(__file__).resolve().parent / "templates"
OUTCOME_ORDER = (FAILED, PASSED, SKIPPED, PENDING, NOT_RUN)
AREA_TITLES = {
    "content": "Content",
    "schema": "Schema",
    "errors": "Errors",
    "permissions": "Permissions",
    "filters": "Filters",
    "limits": "Limits",
    "rate_limits": "Rate limits",
    "transport": "Transport",
}


@dataclass(frozen=True)
class Failure:
    event: OutcomeEvent
    rules: list[RuleOutcome]
    start_mock: str | None = None


@dataclass(frozen=True)
class LoadRun:
    name: str
    verdict: dict[str, Any]
    plot: str | None  # a data: URI


LOAD_OUTCOMES = {"pass": PASSED, "passed": PASSED, "fail": FAILED, "failed": FAILED}
"""A load verdict's word -> the outcome whose badge it gets, as rules get theirs."""


def load_outcome(verdict: object) -> str:
    return LOAD_OUTCOMES.get(str(verdict), NOT_RUN)


def code_spans(text: object) -> Markup:
    """Our own load texts mark names as Markdown code (`ci`): shown as code, everything else escaped."""
    parts = str(text).split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: no code span at all
        return Markup.escape(str(text))
    return Markup("").join(Markup("<code>%s</code>") % part if odd else Markup.escape(part)
                           for odd, part in zip(itertools.cycle((False, True)), parts))  # fmt: skip


def exchange_heading(event: OutcomeEvent) -> str:
    return "The failing check's exchange" if event.failing_check else "The test's last exchange"


def mock_command(event: OutcomeEvent, run: Mapping[str, Any]) -> str | None:
    """The embedded mock is gone after the run: how to start it again where the curl expects it."""
    target = event.target or ""
    if not target.endswith("(embedded mock)") or not event.rules:
        return None
    port = urlsplit(target.split()[0]).port
    api = event.rules[0].split(".")[0]
    parts = ["python", "-m", "mock_server", api, "--host", "127.0.0.1", "--port", str(port)]
    parts += [f"--fault={fault}" for fault in run.get("faults", [])]
    implementation = run.get("implementation")
    if api == "wikijs" and implementation and implementation != "docs":
        parts.append(f"--emulate={implementation}")
    return " ".join(shlex.quote(part) for part in parts)


def load_runs(report_dir: Path) -> list[LoadRun]:
    """Optional load verdicts: ``<report dir>/load/<run>/verdict.json`` and a ``plot.png``/``plot.svg`` next to it."""
    runs = []
    for verdict_file in sorted(report_dir.glob("load/*/verdict.json")):
        try:
            verdict = json.loads(verdict_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(verdict, dict):
            verdict = {"verdict": verdict}
        plot = None
        for name, mime in (("plot.png", "image/png"), ("plot.svg", "image/svg+xml")):
            candidate = verdict_file.parent / name
            if candidate.is_file():
                plot = f"data:{mime};base64," + base64.b64encode(candidate.read_bytes()).decode("ascii")
                break
        runs.append(LoadRun(verdict_file.parent.name, verdict, plot))
    return runs


def render_html(
    run: Mapping[str, Any],
    outcomes: Mapping[str, RuleOutcome],
    events: Iterable[OutcomeEvent],
    load: Iterable[LoadRun] = (),
) -> str:
    events = list(events)
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # never mark target-derived text safe
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["code_spans"] = code_spans
    script = (TEMPLATES / "report.js").read_text(encoding="utf-8")
    style = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    script_hash = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    failures = []
    for event in events:
        if event.outcome != FAILED:
            continue
        rules = [outcomes[r] for r in event.rules if r in outcomes]
        failures.append(Failure(event, rules, mock_command(event, run)))
    failures.sort(key=lambda failure: gravity(failure.event, outcomes))  # MUST failures first
    failures_by_rule: dict[str, list[Failure]] = {}
    for failure in failures:
        for rule in failure.rules:
            failures_by_rule.setdefault(rule.rule_id, []).append(failure)
    groups: dict[tuple[str, str], list[RuleOutcome]] = {}
    for outcome in sorted(outcomes.values(), key=lambda o: (o.api, o.area, OUTCOME_ORDER.index(o.outcome), o.rule_id)):
        groups.setdefault((outcome.api, outcome.area), []).append(outcome)
    template = environment.get_template("report.html.j2")
    return template.render(
        run=run,
        failures=failures,
        failures_by_rule=failures_by_rule,
        groups=groups,
        area_titles=AREA_TITLES,
        exchange_heading=exchange_heading,
        rule_totals=totals(outcomes),
        test_totals=count_events(events),
        outcome_order=OUTCOME_ORDER,
        load=list(load),
        load_outcome=load_outcome,
        # our own static files, not target data:
        script=Markup(script),
        style=Markup(style),
        script_hash=script_hash,
    )


def write_html(
    path: Path,
    run: Mapping[str, Any],
    outcomes: Mapping[str, RuleOutcome],
    events: Iterable[OutcomeEvent],
    load: Iterable[LoadRun] = (),
) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(run, outcomes, events, load), encoding="utf-8")
