"""Campaign figures: one JSON file per run, with the command that produced it and its goals."""

from __future__ import annotations

import json
import platform
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

MAX_FINDINGS = 50
"""Examples kept per run; the counters hold the totals."""


def finding(kind: str, request_kind: str, body: bytes, detail: str) -> dict[str, Any]:
    return {
        "what": kind,
        "request": request_kind,
        "request_body": body[:300].decode("utf-8", "replace"),
        "detail": detail,
    }


def write(path: Path, campaign: str, figures: dict[str, Any], goals: dict[str, bool], argv: Sequence[str]) -> bool:
    """Write the figures with the command (``argv`` of ``python -m reliability``); True when every goal is met."""
    met = all(goals.values())
    document = {
        "campaign": campaign,
        "command": "python -m reliability " + " ".join(argv),
        "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "python": platform.python_version(),
        **figures,
        "goals": goals,
        "goals_met": met,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return met
