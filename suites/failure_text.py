"""The text of a failure as the reports show it: the oracle's own message, and hypothesis'
minimal failing example, taken out of pytest's long report."""

from __future__ import annotations

import itertools
import textwrap

import pytest

MESSAGE_LINES = 12
_EXAMPLE_START = ("Falsifying example", "Failing test case", "Falsifying explicit example")


def failure_message(report: pytest.TestReport) -> str:
    """The exception's own message (the oracle's explanation), not the last traceback line."""
    crash = getattr(report.longrepr, "reprcrash", None)
    text = str(getattr(crash, "message", "") or "")
    if not text:  # a redacted report is plain text: its "E" lines are the exception
        lines = report.longreprtext.splitlines()
        first = next((i for i, line in enumerate(lines) if line.startswith("E ")), None)
        if first is None:
            text = lines[-1] if lines else "failed"
        else:
            block = [line[1:] for line in itertools.takewhile(lambda line: line.startswith("E "), lines[first:])]
            text = textwrap.dedent("\n".join(block))
    lines = text.splitlines()
    for index, line in enumerate(lines):
        # hypothesis' case and pytest's "assert x == y / where ..." introspection follow the oracle's text
        if line.lstrip().startswith(_EXAMPLE_START) or (index and line.startswith("assert ")):
            lines = lines[:index]
            break
    if len(lines) > MESSAGE_LINES:
        lines = [*lines[:MESSAGE_LINES], f"... ({len(lines) - MESSAGE_LINES} more lines in the test output)"]
    return "\n".join(lines).strip() or "failed"


def falsifying_example(longrepr: str) -> str | None:
    """Hypothesis' minimal failing example (the block it prints), without pytest's ``E`` prefixes."""
    lines = [line[1:].strip("\n") if line.startswith("E ") else line for line in longrepr.splitlines()]
    start = next((i for i, line in enumerate(lines) if line.strip().startswith(_EXAMPLE_START)), None)
    if start is None:
        return None
    indent = len(lines[start]) - len(lines[start].lstrip())
    block: list[str] = []
    for line in lines[start:]:
        stripped = line[indent:] if line[:indent].strip() == "" else line.strip()
        if block and (stripped.startswith(("Explanation:", "You can reproduce", "Trying example")) or not line.strip()):
            break
        block.append(stripped)
    return "\n".join(block).strip() or None
