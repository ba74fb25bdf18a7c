"""Run every client driver against a live Wiki.js and against the mock (docs behaviour and the
2.5.314 emulation) and report where their results differ:
``WIKIJS_API_KEY=... python -m clients.compare --url http://127.0.0.1:3001/graphql --out FILE``.

Every run writes its page under ``clients/<run id>/<client>`` and deletes it; the results of the
three targets and their differences (introspection: the types and directives that differ) are
written to FILE (JSON) and printed, one line per differing value.
"""

from __future__ import annotations

import argparse
import json
import os
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from clients.introspection import QUERY, differing_entries, normalised
from clients.packages import WIKIJS_CLIENTS
from clients.run import KEY_VARIABLE, run_driver
from harness.targets import SUITE_KEY_VARIABLE, EmbeddedMock

MOCK_IMPLEMENTATIONS = ("docs", "2.5.314")
INTROSPECTION = "introspection"
"""Results key of the target's normalised introspection answer (see :mod:`clients.introspection`)."""


@contextmanager
def embedded_mock(emulate: str) -> Iterator[tuple[str, str]]:
    """(endpoint URL, admin key) of a fresh Wiki.js mock process."""
    mock = EmbeddedMock("wikijs", emulate=None if emulate == "docs" else emulate)
    try:
        url = mock.start()
        yield url, os.environ[SUITE_KEY_VARIABLE]
    finally:
        mock.stop()


def run_all(url: str, key: str, run_id: str) -> dict[str, Any]:
    results = {p.key: run_driver(p, url, key, f"clients/{run_id}/{p.key}") for p in WIKIJS_CLIENTS}
    return {**results, INTROSPECTION: normalised(_post(url, key, QUERY)["data"]["__schema"])}


def _post(url: str, key: str, query: str) -> Any:
    body = json.dumps({"query": query}).encode()
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {key}"}
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback targets
    with opener.open(urllib.request.Request(url, body, headers), timeout=60) as answer:
        return json.load(answer)


def differences(left: Any, right: Any, where: str = "") -> list[str]:
    """``where: left != right`` for every leaf that differs (dict keys and list items walked)."""
    if isinstance(left, dict) and isinstance(right, dict):
        keys = sorted(set(left) | set(right))
        return [line for key in keys for line in differences(left.get(key), right.get(key), f"{where}.{key}")]
    if isinstance(left, list) and isinstance(right, list) and len(left) == len(right):
        return [
            line
            for i, (a, b) in enumerate(zip(left, right, strict=True))
            for line in differences(a, b, f"{where}[{i}]")
        ]
    return [] if left == right else [f"{where.lstrip('.')}: {json.dumps(left)} != {json.dumps(right)}"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True, help="GraphQL endpoint of the live wiki (key in WIKIJS_API_KEY)")
    parser.add_argument("--out", type=Path, required=True)
    options = parser.parse_args()
    live_key = os.environ[KEY_VARIABLE]
    run_id = time.strftime("%Y%m%d%H%M%S")
    results: dict[str, Any] = {"live": run_all(options.url, live_key, run_id)}
    for implementation in MOCK_IMPLEMENTATIONS:
        with embedded_mock(implementation) as (url, key):
            results[f"mock-{implementation}"] = run_all(url, key, run_id)
    os.environ[KEY_VARIABLE] = live_key
    live_introspection = results["live"].pop(INTROSPECTION)
    summary: dict[str, Any] = {"clients": results, "comparisons": {}}
    for implementation in MOCK_IMPLEMENTATIONS:
        live, mock = results["live"], results[f"mock-{implementation}"]
        entries = differing_entries(live_introspection, mock.pop(INTROSPECTION))
        found = differences(live, mock)
        steps = sum(len(steps) for steps in live.values())
        summary["comparisons"][implementation] = {"introspection_differs": entries, "steps": steps, "differ": found}
        print(f"live vs mock {implementation}: introspection, {len(entries)} types or directives differ {entries}")
        print(f"live vs mock {implementation}: {len(live)} clients, {steps} steps, {len(found)} values differ")
        for line in found:
            print("  " + line[:400])
    options.out.write_text(json.dumps(summary, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
