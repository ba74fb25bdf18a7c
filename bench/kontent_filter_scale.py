"""Filter benchmark of the Kontent.ai mock: `where` + `order` pages over one 100,000-item collection.

The model is the scale benchmark's (:mod:`kontent_scale`) with every item in one content type.
Over HTTP, against the mock in a child process, it measures filtered, ordered pages with a
new filter value on every request (so the answer cache never hits): a number range, a
nested AND / OR over number, text and date & time, and an `in` over codenames. The first
request of each shape is reported apart: it builds the columns the engine caches. Results go to
``bench/out/kontent_filter_scale.json``; the target is < 100 ms per filtered, ordered page.
A measurement, never a timed test.

    python bench/kontent_filter_scale.py [--items 100000] [--requests 30]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import kontent_scale
from aiohttp import web
from kontent_scale import REPO, generate, post, rss_mib

from mock_server.cli import serve
from mock_server.kontent.app import DEFAULT_ENVIRONMENT_ID, build_kontent_app
from mock_server.kontent.store import Environment, ModelStore
from specs import default_rules

OUT = REPO / "bench" / "out" / "kontent_filter_scale.json"
TYPES = 2
"""The generator needs two types; with every item in the first, the second stays empty."""
TARGET_MS = 100.0
PAGE = 10


def build_model(items: int) -> Any:
    kontent_scale.BIG_SHARE = 1.0
    return generate(TYPES, items)


def serve_child(items: int) -> None:
    rules = default_rules().for_api("kontent")
    app: web.Application = build_kontent_app(
        rules, [Environment(DEFAULT_ENVIRONMENT_ID, ModelStore(build_model(items)))]
    )
    asyncio.run(serve(app, "127.0.0.1", 0))


def page_query(where: str, order: str, offset: int) -> str:
    arguments = f"where: {where}, order: {order}, limit: {PAGE}, offset: {offset}"
    return f"{{ type000_All({arguments}) {{ totalCount items {{ _system_ {{ codename }} rank }} }} }}"


SHAPES: dict[str, tuple[Callable[[int], str], str]] = {
    "number_range_order_by_title": (lambda n: f"{{rank: {{lt: {100 + n}}}}}", "{title: asc}"),
    "nested_and_or_order_by_rank_desc": (
        lambda n: (
            f'{{AND: [{{rank: {{gte: {n}}}}}, {{OR: [{{title: {{notEq: "Item {n}"}}}}, '
            f'{{published_with_timezone: {{value: {{gte: "2024-03-01T00:00:00+02:00"}}}}}}]}}]}}'
        ),
        "{rank: desc}",
    ),
    "codename_in_order_by_last_modified": (
        lambda n: f'{{_system_: {{codename: {{in: ["item_{n:06d}", "item_{n + 7:06d}", "item_{n + 99:06d}"]}}}}}}',
        "{_system_: {lastModified: desc}}",
    ),
}


def measure(items: int, requests: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--serve", "--items", str(items)]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=REPO)
    try:
        assert child.stdout is not None
        url = child.stdout.readline().split("listening on ", 1)[1].strip()
        results: dict[str, Any] = {"first_request_ms": round(post(url, "{ __typename }")[0], 1)}
        for name, (where, order) in SHAPES.items():
            first_ms, body = post(url, page_query(where(0), order, 0))
            assert not body.get("errors"), body
            timings = []
            for n in range(1, requests + 1):
                elapsed, body = post(url, page_query(where(n), order, n % 5))
                assert not body.get("errors") and body["data"]["type000_All"]["totalCount"] >= 0, body
                timings.append(elapsed)
            results[name] = {
                "first_request_ms": round(first_ms, 1),
                "median_ms": round(statistics.median(timings), 2),
                "max_ms": round(max(timings), 2),
                "total_count_last": body["data"]["type000_All"]["totalCount"],
            }
        results["server_rss_mib"] = round(rss_mib(child.pid), 1)
        return results
    finally:
        child.terminate()
        child.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=30, help="requests per filter shape")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve_child(args.items)
        return
    result = {
        "collection_items": args.items,
        "target_ms": TARGET_MS,
        "http": measure(args.items, args.requests),
        "cpus": os.cpu_count(),
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
