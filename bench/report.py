"""Targets from the issue, ratios to Apollo measured in the same run, the JSON result and the table.

Throughput ratios are mock req/s divided by Apollo req/s for the same query (higher is better); the memory
ratio is the mock's peak RSS over Apollo's (lower is better). The ratio to the bare aiohttp server is
informational: it says how much of the HTTP stack's ceiling the mock reaches.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median
from typing import Any

from noise import NOISY_PCT
from queries import Query

MOCK, BARE, APOLLO = "mock", "bare_aiohttp", "apollo"
SERVERS = (MOCK, APOLLO, BARE)


@dataclass(frozen=True)
class Target:
    """A throughput target: mock/Apollo req/s for one query must be at least `min_ratio`."""

    query: str
    min_ratio: float


THROUGHPUT_TARGETS = (
    Target("typename", 1.5),
    Target("list10", 0.75),
    Target("syntax_error", 1.5),
    Target("introspection", 2.0),
)
RSS_MAX_RATIO = 0.5


def aggregate(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """One server's rounds folded into one set of figures.

    Throughput and latencies are medians over rounds (a round disturbed by other work is discarded that
    way), errors and requests are summed, RSS and other processes' CPU are the worst round's.
    """
    queries: dict[str, Any] = {}
    for key in rounds[0]["queries"]:
        runs = [r["queries"][key] for r in rounds]
        queries[key] = {
            "rps": round(median(run["rps"] for run in runs), 1),
            "p50_ms": round(median(run["p50_ms"] for run in runs), 3),
            "p99_ms": round(median(run["p99_ms"] for run in runs), 3),
            "max_ms": max(run["max_ms"] for run in runs),
            "errors": sum(run["errors"] for run in runs),
            "requests": sum(run["requests"] for run in runs),
            "http_status": runs[0]["http_status"],
            "response_bytes": runs[0]["response_bytes"],
            "server_cpu_pct": round(median(run["server_cpu_pct"] for run in runs), 1),
            "other_cpu_pct": max(run["other_cpu_pct"] for run in runs),
            "steal_pct": max(run["steal_pct"] for run in runs),
            "noise_pct": max(run["noise_pct"] for run in runs),
            "peak_rss_mb": max(run["peak_rss_mb"] for run in runs),
            "rps_rounds": [run["rps"] for run in runs],
        }
    return {
        "idle_rss_mb": max(r["idle_rss_mb"] for r in rounds),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in rounds),
        "queries": queries,
    }


def noise_warnings(servers: dict[str, dict[str, Any]]) -> list[str]:
    """A sentence per (server, query) that other processes or steal disturbed in some round."""
    return [
        f"{name} / {key}: other processes and steal took up to {row['noise_pct']:.0f}% of a core "
        f"(rounds: {', '.join(f'{rps:,.0f}' for rps in row['rps_rounds'])} req/s); the figures may be noisy"
        for name, server in servers.items()
        for key, row in server["queries"].items()
        if row["noise_pct"] > NOISY_PCT
    ]


def ratios(servers: dict[str, dict[str, Any]]) -> tuple[dict[str, Any], list[str]]:
    """Ratios and pass/fail per target, and a sentence for every missed target."""
    out: dict[str, Any] = {}
    missed: list[str] = []
    mock, apollo, bare = servers.get(MOCK), servers.get(APOLLO), servers.get(BARE)
    for target in THROUGHPUT_TARGETS:
        entry: dict[str, Any] = {"target_min": target.min_ratio}
        mock_rps = mock["queries"][target.query]["rps"] if mock else None
        if mock_rps is not None and apollo and apollo["queries"][target.query]["rps"]:
            ratio = mock_rps / apollo["queries"][target.query]["rps"]
            entry |= {"mock_vs_apollo": round(ratio, 3), "pass": ratio >= target.min_ratio}
            if not entry["pass"]:
                missed.append(f"{target.query}: mock/Apollo {ratio:.2f}x < {target.min_ratio}x")
        if mock_rps is not None and bare:
            entry["mock_vs_bare_aiohttp"] = round(mock_rps / bare["queries"][target.query]["rps"], 3)
        out[target.query] = entry
    rss: dict[str, Any] = {"target_max": RSS_MAX_RATIO}
    if mock and apollo:
        ratio = mock["peak_rss_mb"] / apollo["peak_rss_mb"]
        rss |= {"mock_vs_apollo": round(ratio, 3), "pass": ratio <= RSS_MAX_RATIO}
        if not rss["pass"]:
            missed.append(f"peak RSS: mock/Apollo {ratio:.2f} > {RSS_MAX_RATIO}")
    out["peak_rss"] = rss
    return out, missed


def table(servers: dict[str, dict[str, Any]], ratio_table: dict[str, Any], queries: tuple[Query, ...]) -> str:
    """A plain-text table of every figure, then the targets."""
    lines = [
        f"{'query':<24} {'server':<13} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'RSS MB':>7}"
        f" {'noise %':>8}",
    ]
    for query in queries:
        for name in SERVERS:
            if name not in servers:
                continue
            row = servers[name]["queries"][query.key]
            lines.append(
                f"{query.label if name == SERVERS[0] else '':<24} {name:<13} {row['rps']:>9,.0f} "
                f"{row['p50_ms']:>8.2f} {row['p99_ms']:>8.2f} {row['errors']:>7} {row['peak_rss_mb']:>7.1f}"
                f" {row['noise_pct']:>8.0f}"
            )
    lines.append("")
    lines.append(f"{'target':<24} {'mock/Apollo':>11} {'goal':>7}  {'result':<6} {'mock/bare':>9}")
    labels = {query.key: query.label for query in queries}
    for target in THROUGHPUT_TARGETS:
        entry = ratio_table[target.query]
        to_apollo, to_bare = _fmt(entry.get("mock_vs_apollo"), "x"), _fmt(entry.get("mock_vs_bare_aiohttp"))
        goal = f">= {target.min_ratio}"
        lines.append(f"{labels[target.query]:<24} {to_apollo:>11} {goal:>7}  {_verdict(entry):<6} {to_bare:>9}")
    rss = ratio_table["peak_rss"]
    peaks = "  ".join(f"{name} {servers[name]['peak_rss_mb']:.1f} MB" for name in SERVERS if name in servers)
    lines.append(
        f"{'peak RSS':<24} {_fmt(rss.get('mock_vs_apollo')):>11} {'<= ' + str(RSS_MAX_RATIO):>7}  "
        f"{_verdict(rss):<6} ({peaks})"
    )
    return "\n".join(lines)


def _fmt(value: float | None, suffix: str = "") -> str:
    return "n/a" if value is None else f"{value:.2f}{suffix}"


def _verdict(entry: dict[str, Any]) -> str:
    if "pass" not in entry:
        return "n/a"
    return "PASS" if entry["pass"] else "MISS"
