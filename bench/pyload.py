"""Fallback load generator (used when wrk is unavailable): keep-alive aiohttp client, N connections.

Runs as its own process so the client never shares an event loop or a GIL with a Python server. It is
slower than wrk (a Python client tops out at a few thousand requests per second on one core), so with it
the fastest servers are measured against the client's ceiling; run.py records which generator was used.

Usage: python bench/pyload.py URL BODY_FILE --duration S --warmup S --concurrency C
Prints one JSON object: requests, duration_us, p50_us, p99_us, max_us, socket_errors, timeouts, statuses.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections import Counter
from pathlib import Path

import aiohttp

HEADERS = {"Content-Type": "application/json", "Accept": "application/json"}


async def worker(
    session: aiohttp.ClientSession,
    url: str,
    body: bytes,
    headers: dict[str, str],
    measure_from: float,
    end: float,
    latencies: list[float],
    statuses: Counter[int],
    errors: Counter[str],
) -> None:
    """Send requests back to back until `end`; record only those started after the warm-up."""
    while (start := time.perf_counter()) < end:
        try:
            async with session.post(url, data=body, headers=headers) as response:
                await response.read()
                status = response.status
        except TimeoutError:
            errors["timeouts"] += 1
            continue
        except aiohttp.ClientError:
            errors["socket_errors"] += 1
            continue
        if start >= measure_from:
            latencies.append(time.perf_counter() - start)
            statuses[status] += 1


async def run(
    url: str, body: bytes, duration: float, warmup: float, concurrency: int, headers: dict[str, str]
) -> dict[str, object]:
    connector = aiohttp.TCPConnector(limit=concurrency)
    timeout = aiohttp.ClientTimeout(total=10)
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    errors: Counter[str] = Counter()
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        now = time.perf_counter()
        measure_from, end = now + warmup, now + warmup + duration
        await asyncio.gather(
            *(
                worker(session, url, body, headers, measure_from, end, latencies, statuses, errors)
                for _ in range(concurrency)
            )
        )
        measured = time.perf_counter() - measure_from
    latencies.sort()

    def pct(p: float) -> int:
        if not latencies:
            return 0
        return int(latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1e6)

    return {
        "requests": len(latencies),
        "duration_us": int(measured * 1e6),
        "p50_us": pct(50),
        "p99_us": pct(99),
        "max_us": int(latencies[-1] * 1e6) if latencies else 0,
        "socket_errors": errors["socket_errors"],
        "timeouts": errors["timeouts"],
        "statuses": {str(status): n for status, n in statuses.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url")
    parser.add_argument("body_file", type=Path)
    parser.add_argument("--duration", type=float, required=True)
    parser.add_argument("--warmup", type=float, default=0.0)
    parser.add_argument("--concurrency", type=int, required=True)
    parser.add_argument("--header", action="append", default=[], help='"Name: value", sent with every request')
    args = parser.parse_args()
    body = args.body_file.read_bytes()
    extra = dict((name.strip(), value.strip()) for name, _, value in (h.partition(":") for h in args.header))
    result = asyncio.run(run(args.url, body, args.duration, args.warmup, args.concurrency, HEADERS | extra))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
