"""How fast the Kontent.ai mock refuses hostile documents, next to ordinary and cached queries.

Starts ``python -m mock_server kontent`` in a child process (rate limits raised so nothing is
refused for rate), sends each document ``--requests`` times with a fresh comment (so the CDN
never answers it) and records the median and worst latency and the answer (status, error
code). Hostile documents all fit the 8 kB body limit: fragments nesting 100 levels deep, a
few hundred root fields of one name (graphql-core's overlapping-fields validation is quadratic
in them), huge limits, and fragments that spread the next one twice (2^60 fields if expanded).
Results go to ``bench/out/kontent_limits.json``. A measurement, never a timed test; the target
is a refusal in under 50 ms.

    python bench/kontent_limits.py [--requests 20]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out" / "kontent_limits.json"
LISTENING = re.compile(r"mock_server listening on (\S+)")
TARGET_MS = 50.0


def _deep_fragments(levels: int) -> str:
    chain = " ".join(f"fragment a{n} on Article{{relatedArticles{{items{{...a{n + 1}}}}}}}" for n in range(levels))
    return f"{{article_All{{items{{...a0}}}}}} {chain} fragment a{levels} on Article{{title}}"


def _fan_out(levels: int) -> str:
    spreads = " ".join(f"fragment R{n} on _RootQuery{{...R{n + 1} ...R{n + 1}}}" for n in range(levels))
    return f'{{...R0}} {spreads} fragment R{levels} on _RootQuery{{article(codename:"x"){{title}}}}'


DOCUMENTS = {
    "ordinary (10 items)": "{ article_All { items { title } } }",
    "100 levels via fragments": _deep_fragments(50),
    "300 root fields of one name": "{" + "article_All{items{title}} " * 300 + "}",
    "huge limits": "{ article_All(limit: 2147483647) { items { relatedArticles(limit: 2147483647) { totalCount } } } }",
    "root fragment fan-out 2^60": _fan_out(60),
}


def _post(url: str, query: str) -> tuple[float, int, str | None]:
    body = json.dumps({"query": query}).encode()
    request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        answer = json.loads(response.read())
        status = response.status
    elapsed = (time.perf_counter() - started) * 1000
    errors = answer.get("errors") or [{}]
    return elapsed, status, (errors[0].get("extensions") or {}).get("code") or errors[0].get("message")


def measure(url: str, requests: int) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for name, document in DOCUMENTS.items():
        timings = []
        outcome: tuple[int, str | None] = (0, None)
        for n in range(requests):
            elapsed, status, code = _post(url, f"# {n}\n{document}")
            timings.append(elapsed)
            outcome = (status, code)
        cached = [_post(url, document)[0] for _ in range(requests)][1:]
        results[name] = {
            "bytes": len(document),
            "status": outcome[0],
            "error": outcome[1],
            "median_ms": round(statistics.median(timings), 2),
            "max_ms": round(max(timings), 2),
            "cached_median_ms": round(statistics.median(cached), 2),
        }
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    command = [sys.executable, "-m", "mock_server", "kontent", "--log-level", "WARNING"]
    command += ["--rate-limit", "100000000/s,100000000/min"]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        match = LISTENING.search(process.stdout.readline())
        assert match is not None, "the mock did not start"
        results = measure(match.group(1), args.requests)
    finally:
        process.terminate()
        process.wait(timeout=10)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"target_ms": TARGET_MS, "requests": args.requests, "documents": results}, indent=2))
    for name, figures in results.items():
        print(f"{name:32} {figures['bytes']:5} B  {figures['status']} {str(figures['error'])[:20]:20} "
              f"median {figures['median_ms']:7.2f} ms  max {figures['max_ms']:7.2f} ms  "
              f"cached {figures['cached_median_ms']:6.2f} ms")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
