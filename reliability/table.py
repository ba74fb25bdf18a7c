"""A Markdown table of campaign figures (for bench/RESULTS.md), read from the JSON files only."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

COLUMNS = ("campaign", "target", "size", "5xx", "excused 500", "crashes", "hangs", "leaks", "lost", "corrupt",
           "violations", "peak RSS MiB", "seconds", "goals met")  # fmt: skip
NOT_MEASURED = "n/a"
ALIASES = {"leaks": "database_locked_or_sql", "corrupt": "serial_violations"}
"""The concurrency campaign's names for what the table's leak and corrupt columns count."""


def _size(figures: dict[str, Any]) -> str:
    if figures["campaign"] == "uploads":
        return f"{figures['uploads']} uploads, {figures['fetches']} fetches"
    if figures["campaign"] == "cors":
        return f"{figures['requests']:,} requests, {len(figures['setups'])} set-ups"
    if figures["campaign"] == "fuzz":
        return f"{figures['requests']:,} requests"
    if figures["campaign"] == "crash":
        return f"{figures['rounds']} kills, {figures['acknowledged_writes']:,} acknowledged writes"
    return f"{figures['clients']} clients, {figures['requests']:,} requests"


def _cell(figures: dict[str, Any], key: str) -> str:
    value = figures.get(key, figures.get(ALIASES.get(key, key), NOT_MEASURED))
    return str(value)


def row(figures: dict[str, Any]) -> str:
    target = figures.get("api", "both") + (
        f" --emulate {figures['emulate']}" if figures.get("emulate", "docs") != "docs" else ""
    )
    cells = [
        figures["campaign"],
        target,
        _size(figures),
        *(
            _cell(figures, key)
            for key in ("5xx", "excused_500", "crashes", "hangs", "leaks", "lost", "corrupt", "violations")
        ),
        f"{figures['peak_rss_bytes'] / 2**20:.0f}",
        str(figures["seconds"]),
        "yes" if figures["goals_met"] else "NO",
    ]
    return "| " + " | ".join(cells) + " |"


def table(paths: Iterable[Path]) -> str:
    return table_of(json.loads(path.read_text(encoding="utf-8")) for path in paths)


def table_of(documents: Iterable[dict[str, Any]]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + " --- |" * len(COLUMNS)]
    return "\n".join(lines + [row(document) for document in documents])


def summary(paths: Iterable[Path]) -> str:
    """The table and, per campaign, the goals it missed: the readable report of a run."""
    documents = [json.loads(path.read_text(encoding="utf-8")) for path in paths]
    lines = ["# Reliability campaign", "", table_of(documents), ""]
    for document in documents:
        missed = [goal for goal, met in document["goals"].items() if not met]
        verdict = "missed: " + ", ".join(missed) if missed else "every goal met"
        lines.append(f"* `{document['command']}`: {verdict}")
    return "\n".join(lines) + "\n"
