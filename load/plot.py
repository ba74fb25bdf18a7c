"""The load run as a picture: offered and accepted resource units per second against the
limits, with the rate of 429 answers and the plan's phases."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

import matplotlib

matplotlib.use("Agg")  # files only: no display on CI machines
import matplotlib.pyplot as plt

from harness.wikijs_rate_limits import Limit
from load.calls import Call
from load.plan import Plan
from load.samples import Sample
from load.verdict import Contract, costs
from load.wikijs_plan import WikiPlan


class _Named(Protocol):
    @property
    def name(self) -> str: ...


PHASE_KEY_WIDTH = 170
"""Characters per line of the phase key under the plot (the figure is 12 inches wide)."""


def phase_numbers(axis: Any, boundaries: Sequence[tuple[float, float, _Named]]) -> str:
    """Numbers each phase in a strip above the plot and returns the key of the numbers.

    Phase names written inside the plot overlapped the curves and, for short phases, each other;
    a number centred on its phase fits any phase wider than a digit, the key says the rest."""
    key = []
    for number, (begin, end, phase) in enumerate(boundaries, start=1):
        axis.text((begin + end) / 2, 1.01, str(number), transform=axis.get_xaxis_transform(),
                  ha="center", va="bottom", fontsize=8, color="dimgrey", clip_on=False)  # fmt: skip
        key.append(f"{number} {phase.name} ({begin:g}-{end:g} s)")
    return textwrap.fill("Phases: " + "; ".join(key), PHASE_KEY_WIDTH)


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
    figure, units = plt.subplots(figsize=(12, 6.5), dpi=110)
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
    key = phase_numbers(units, plan.boundaries())
    units.set_xlabel("seconds since the start of the run")
    units.set_ylabel("resource units per second")
    refusals = units.twinx()
    refusals.bar(seconds, series["limited"], width=1.0, alpha=0.3, color="tab:orange", label="429 answers/s")
    refusals.plot(seconds, series["hits"], color="tab:purple", linewidth=0.8, label="cache hits/s")
    refusals.set_ylabel("answers per second")
    lines, labels = units.get_legend_handles_labels()
    more_lines, more_labels = refusals.get_legend_handles_labels()
    figure.legend(lines + more_lines, labels + more_labels, loc="lower center", ncol=3, fontsize=8)
    figure.text(0.01, 0.115, key, fontsize=7.5, color="dimgrey", va="bottom")
    units.set_title(f"Rate limiting under load: plan '{plan.name}'", pad=16)
    figure.tight_layout(rect=(0, 0.17, 1, 1))
    figure.savefig(path)
    plt.close(figure)


def draw_calls(calls: Sequence[Call], start: float, plan: WikiPlan, limits: Mapping[str, Limit], path: Path) -> None:
    """Per limited field: admitted and refused calls per second, with the plan's phases."""
    end = max((c.finished for c in calls), default=start)
    bins = max(1, math.ceil(end - start))
    figure, axes = plt.subplots(len(limits), 1, figsize=(12, 3 * len(limits)), dpi=110, squeeze=False)
    for row, (field, limit) in enumerate(limits.items()):
        admitted, refused = [0] * bins, [0] * bins
        for call in calls:
            if call.field == field:
                slot = min(bins - 1, max(0, int(call.started - start)))
                (refused if call.refused else admitted)[slot] += 1
        axis = axes[row][0]
        seconds = list(range(bins))
        axis.bar(seconds, admitted, width=1.0, color="tab:green", label="admitted calls/s")
        axis.bar(seconds, refused, width=1.0, bottom=admitted, color="tab:orange", alpha=0.6, label="refused calls/s")
        for begin, stop, phase in plan.boundaries():
            axis.axvspan(begin, stop, alpha=0.14 if phase.probe else 0.05, color="grey")
        key = phase_numbers(axis, plan.boundaries())
        axis.set_title(f"{field}: @rateLimit {limit.calls} calls per {limit.seconds} s per address", fontsize=9, pad=14)
        axis.set_ylabel("calls per second")
        axis.legend(loc="upper right", fontsize=8)
    axes[-1][0].set_xlabel("seconds since the start of the run")
    figure.text(0.01, 0.005, key, fontsize=7.5, color="dimgrey", va="bottom")
    figure.tight_layout(rect=(0, 0.04 + 0.02 * key.count("\n"), 1, 1))
    figure.savefig(path)
    plt.close(figure)
