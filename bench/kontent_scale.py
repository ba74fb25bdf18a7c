"""Scale benchmark of the Kontent.ai mock: 500 content types, 100,000 items.

Measures (1) the schema build time of the generated model and the memory it takes, in this
process, and (2) over HTTP, against the mock in a child process, the latency of ordered
`_All` pages deep in the biggest collection (offset 50,000), both uncached (every request a
new offset) and repeated (the answer cache), plus the server's RSS. Results go to
``bench/out/kontent_scale.json``. A measurement, never a timed test; targets are reported
next to the figures: schema build < 1 s, ordered page at offset 50,000 < 50 ms, RSS < 1 GiB.

    python bench/kontent_scale.py [--types 500] [--items 100000] [--requests 30]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import MappingProxyType
from typing import Any

from aiohttp import web

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from mock_server.cli import serve  # noqa: E402
from mock_server.kontent.app import DEFAULT_ENVIRONMENT_ID, build_kontent_app, content_rules  # noqa: E402
from mock_server.kontent.model import ContentType, Element, Item, Language, Model, Variant, stable_id  # noqa: E402
from mock_server.kontent.schema import build  # noqa: E402
from mock_server.kontent.store import Environment, ModelStore  # noqa: E402
from specs import default_rules  # noqa: E402

OUT = REPO / "bench" / "out" / "kontent_scale.json"
BIG_SHARE = 0.6
"""Share of the items in the first type, so one collection is deep enough for offset 50,000."""
BUILD_ROUNDS = 5
"""The machine is shared: the median of a few builds, with every round reported."""
DEEP_OFFSET = 50_000
PAGE = 10
TARGETS = {"schema_build_seconds": 1.0, "ordered_page_ms": 50.0, "server_rss_mib": 1024.0}
ELEMENTS = (("title", "text"), ("rank", "number"), ("published", "date_time"), ("slug", "url_slug"),
            ("related", "modular_content"), ("body", "rich_text"))  # fmt: skip


def generate(types: int, items: int) -> Model:
    """Deterministic model: type 0 holds BIG_SHARE of the items, the rest are spread evenly."""
    elements = tuple(Element(codename, kind, codename) for codename, kind in ELEMENTS)
    content_types = {
        f"type_{n:03d}": ContentType(stable_id("type", str(n)), f"type_{n:03d}", f"Type {n}", elements)
        for n in range(types)
    }
    codenames = list(content_types)
    big = int(items * BIG_SHARE)
    generated = []
    for index in range(items):
        owner = codenames[0] if index < big else codenames[1 + index % (types - 1)]
        values = {
            "title": f"Item {index * 7919 % items}",
            "rank": float(index * 104729 % 1000),
            "published": {
                "value": f"2024-{1 + index % 12:02d}-{1 + index % 28:02d}T00:00:00Z",
                "display_timezone": "UTC",
            },
            "slug": f"item-{index}",
            "related": [f"item_{(index + 1) % items:06d}"],
            "body": {"value": f"<p>{index}</p>", "modular_content": [], "components": [], "images": {}},
        }
        variant = Variant(
            f"Item {index}", f"2024-06-{1 + index % 28:02d}T10:00:00Z", "published", MappingProxyType(values)
        )
        versions = MappingProxyType({"en": variant})
        generated.append(Item(stable_id("item", str(index)), f"item_{index:06d}", owner, "default", "default",
                              versions, versions))  # fmt: skip
    return Model(
        types=MappingProxyType(content_types), snippets=MappingProxyType({}), taxonomies=MappingProxyType({}),
        languages=(Language("en", "English", None),), collections=("default",),
        workflows=MappingProxyType({"default": ("published",)}), items=tuple(generated),
    )  # fmt: skip


def rss_mib(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure_build(types: int, items: int) -> dict[str, Any]:
    before = rss_mib()
    started = time.perf_counter()
    model = generate(types, items)
    generated = time.perf_counter() - started
    after_model = rss_mib()
    started = time.perf_counter()
    assert model.index.by_type  # once per model version, shared by published and preview
    indexed = time.perf_counter() - started
    gc.freeze()  # as the CLI does after start-up: the collector no longer rescans the model
    rules = content_rules(default_rules().for_api("kontent"))
    rounds = []
    for _ in range(BUILD_ROUNDS):
        started = time.perf_counter()
        build(model, rules, preview=False)
        rounds.append(time.perf_counter() - started)
    return {
        "model_generation_seconds": round(generated, 3),
        "model_rss_mib": round(after_model - before, 1),
        "model_index_seconds": round(indexed, 3),
        "schema_build_seconds": round(statistics.median(rounds), 3),
        "schema_build_rounds_seconds": [round(r, 3) for r in rounds],
        "schema_build_rss_mib_all_rounds": round(rss_mib() - after_model, 1),
    }


def serve_child(types: int, items: int) -> None:
    """The server process: the generated model on the default environment id."""
    rules = default_rules().for_api("kontent")
    app: web.Application = build_kontent_app(
        rules, [Environment(DEFAULT_ENVIRONMENT_ID, ModelStore(generate(types, items)))]
    )
    asyncio.run(serve(app, "127.0.0.1", 0))


def post(url: str, query: str) -> tuple[float, dict[str, Any]]:
    request = urllib.request.Request(url, json.dumps({"query": query}).encode(), {"Content-Type": "application/json"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        body = json.loads(response.read())
    return (time.perf_counter() - started) * 1000, body


def page_query(offset: int, order: str) -> str:
    arguments = f"limit: {PAGE}, offset: {offset}, order: {order}"
    return f"{{ type000_All({arguments}) {{ totalCount items {{ _system_ {{ codename }} title }} }} }}"


def measure_http(types: int, items: int, requests: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--serve", "--types", str(types), "--items", str(items)]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=REPO)
    try:
        assert child.stdout is not None
        url = child.stdout.readline().split("listening on ", 1)[1].strip()
        first_ms, _ = post(url, "{ __typename }")  # builds the schema of the model's version
        orders = {
            "rank_desc": "{rank: desc}",
            "title_asc": "{title: asc}",
            "last_modified_desc": "{_system_: {lastModified: desc}}",
            "rank_asc_then_last_modified_desc": "{rank: asc, _system_: {lastModified: desc}}",
        }
        results: dict[str, Any] = {"first_request_ms": round(first_ms, 1)}
        for name, order in orders.items():
            sort_ms, body = post(url, page_query(DEEP_OFFSET, order))
            assert not body.get("errors") and len(body["data"]["type000_All"]["items"]) == PAGE, body
            uncached = [post(url, page_query(DEEP_OFFSET + 1 + n, order))[0] for n in range(requests)]
            repeated = [post(url, page_query(DEEP_OFFSET, order))[0] for _ in range(requests)]
            results[name] = {
                "first_sort_ms": round(sort_ms, 1),
                "uncached_median_ms": round(statistics.median(uncached), 2),
                "uncached_max_ms": round(max(uncached), 2),
                "repeated_median_ms": round(statistics.median(repeated), 2),
            }
        results["server_rss_mib"] = round(rss_mib(child.pid), 1)
        return results
    finally:
        child.terminate()
        child.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--types", type=int, default=500)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=30, help="requests per measured series")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve_child(args.types, args.items)
        return
    result = {
        "model": {"types": args.types, "items": args.items, "biggest_type_items": int(args.items * BIG_SHARE)},
        "targets": TARGETS,
        "build": measure_build(args.types, args.items),
        "http": measure_http(args.types, args.items, args.requests),
        "cpus": os.cpu_count(),
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
