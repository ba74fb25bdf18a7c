"""The load run as a picture: offered and accepted resource units per second against the
limits, with the rate of 429 answers and the plan's phases."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only: no display on CI machines
import matplotlib.pyplot as plt

from load.plan import Plan
from load.samples import Sample
from load.verdict import Contract, costs


def per_second(samples: Sequence[Sample], start: float, contract: Contract) -> dict[str, list[float]]:
    """Per one-second bin from ``start``: offered and accepted uncached RU, 429s and cache hits."""
    end = max((s.finished for s in samples), default=start)
    bins = max(1, math.ceil(end - start))
    series = {key: [0.0] * bins for key in ("offered", "accepted", "limited", "hits")}
    cost_of = costs(samples, contract)
    for sample in samples:
        slot = min(bins - 1, max(0, int(sample.started - start)))
        if sample.cache_hit:
            series["hits"][slot] += 1
            continue
        series["offered"][slot] += cost_of(sample)
        if sample.limited:
            series["limited"][slot] += 1
        else:
            series["accepted"][slot] += float(sample.charge or 0)
    return series


def draw(samples: Sequence[Sample], start: float, plan: Plan, contract: Contract, path: Path) -> None:
    series = per_second(samples, start, contract)
    seconds = list(range(len(series["offered"])))
    figure, units = plt.subplots(figsize=(12, 6), dpi=110)
    units.plot(seconds, series["offered"], label="offered RU/s (uncached)", color="tab:blue", linewidth=1.2)
    units.plot(seconds, series["accepted"], label="accepted RU/s", color="tab:green", linewidth=1.8)
    for window in contract.windows:
        level = window.limit / window.seconds
        style = "-" if window.seconds <= 1 else "--"
        units.axhline(
            level,
            color="tab:red",
            linestyle=style,
            linewidth=1,
            label=f"{window.rule_id}: {window.limit:g} RU / {window.seconds:g} s",
        )
    for begin, end, phase in plan.boundaries():
        units.axvspan(begin, end, alpha=0.06 if phase.load else 0.14, color="grey")
        units.text(
            begin + 0.5,
            1.0,
            phase.name,
            transform=units.get_xaxis_transform(),
            rotation=90,
            va="top",
            fontsize=7,
            color="dimgrey",
        )
    units.set_xlabel("seconds since the start of the run")
    units.set_ylabel("resource units per second")
    refusals = units.twinx()
    refusals.bar(seconds, series["limited"], width=1.0, alpha=0.3, color="tab:orange", label="429 answers/s")
    refusals.plot(seconds, series["hits"], color="tab:purple", linewidth=0.8, label="cache hits/s")
    refusals.set_ylabel("answers per second")
    lines, labels = units.get_legend_handles_labels()
    more_lines, more_labels = refusals.get_legend_handles_labels()
    units.legend(lines + more_lines, labels + more_labels, loc="upper right", fontsize=8)
    units.set_title(f"Rate limiting under load: plan '{plan.name}'")
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
