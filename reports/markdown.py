"""A Markdown summary of a run for a CI job summary (``$GITHUB_STEP_SUMMARY`` is appended to when set).

Text that came from a target is escaped: Markdown and HTML specials are backslash-escaped or turned
into entities, table cells cannot be split by pipes or newlines, and code blocks get a fence longer
than any run of backticks inside them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

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
from reports.html import exchange_heading

OUTCOMES = (FAILED, PASSED, SKIPPED, PENDING, NOT_RUN)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def escape(text: object) -> str:
    """Inline text: no Markdown syntax, no HTML, one line (a table cell stays a cell)."""
    value = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    value = _MARKDOWN_SPECIAL.sub(r"\\\1", value)
    return " ".join(value.split())


def code_block(text: str, language: str = "") -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{text}\n{fence}"


def render_markdown(
    run: Mapping[str, Any], outcomes: Mapping[str, RuleOutcome], events: Iterable[OutcomeEvent], html_name: str = ""
) -> str:
    events = list(events)
    rule_counts = totals(outcomes)
    test_counts = count_events(events)
    failures = sorted(
        (event for event in events if event.outcome == FAILED),
        key=lambda event: gravity(event, outcomes),
    )  # MUST failures first
    verdict = "❌ failed" if failures else "✅ passed"
    lines = [
        f"## GraphQL API conformance: {verdict}",
        "",
        f"Target {escape(run.get('target_url', ''))} · APIs {escape(', '.join(run.get('apis', [])))} · "
        f"--profile {escape(run.get('profile', ''))} (expects {escape(run.get('implementation', ''))}) · "
        f"hypothesis profile {escape(run.get('hypothesis_profile', ''))} · seed {escape(run.get('seed', ''))}",
        "",
        "| | " + " | ".join(OUTCOMES) + " |",
        "| --- |" + " ---: |" * len(OUTCOMES),
        "| rules | " + " | ".join(str(rule_counts.get(o, 0)) for o in OUTCOMES) + " |",
        "| tests | " + " | ".join(str(test_counts.get(o, 0)) if o in test_counts else "" for o in OUTCOMES) + " |",
        "",
    ]
    if failures:
        lines += ["### Failed rules", "", "| rule | level | documented in | test |", "| --- | --- | --- | --- |"]
        for event in failures:
            for rule_id in event.rules:
                rule = outcomes.get(rule_id)
                level = rule.level if rule else ""
                source = escape(rule.source) if rule else ""
                if rule and rule.source_url:
                    source = f"[{source}]({rule.source_url.replace(')', '%29')})"
                lines.append(f"| `{rule_id}` | {escape(level)} | {source} | {escape(event.nodeid)} |")
        lines.append("")
        for event in failures:
            lines += [f"<details><summary>{escape(event.nodeid)}</summary>", ""]
            lines += [code_block(event.message or "failed", "text"), ""]
            if event.diff:
                lines += ["pytest's comparison:", "", code_block(event.diff, "text"), ""]
            if event.exchange:
                lines += [f"{exchange_heading(event)}:", "", code_block(event.exchange, "text"), ""]
            if event.curl:
                lines += ["Reproduce:", "", code_block(event.curl, "sh"), ""]
            if event.replay:
                lines += ["Replay:", "", code_block("\n".join(event.replay), "sh"), ""]
            if event.example:
                lines += ["Minimal failing example:", "", code_block(event.example, "text"), ""]
            lines += ["</details>", ""]
    skipped = [o for o in outcomes.values() if o.outcome in (SKIPPED, PENDING)]
    if skipped:
        lines += ["<details><summary>Skipped and pending rules</summary>", ""]
        for o in sorted(skipped, key=lambda o: o.rule_id):
            lines.append(f"* `{o.rule_id}` ({o.outcome}): {escape(o.reason or '')}")
        lines += ["", "</details>", ""]
    if html_name:
        lines += [f"Full report: `{html_name}` (single file, works offline).", ""]
    return "\n".join(lines)


def write_markdown(
    path: Path,
    run: Mapping[str, Any],
    outcomes: Mapping[str, RuleOutcome],
    events: Iterable[OutcomeEvent],
    html_name: str = "",
) -> str:
    text = render_markdown(run, outcomes, events, html_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary:
        with open(step_summary, "a", encoding="utf-8") as handle:
            handle.write(text + "\n")
    return text
